package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The watcher on libvirt's {@code test:///default} driver (no daemon; it emits lifecycle events; it comes with one
 * running domain, "test"). Each open of that URI is a private instance, so the test drives the watcher's own
 * connection. The VMs with plugged ports are what the test says they are (a recording {@link VmPorts}).
 */
class DomainPortWatcherTest {
    private final List<String> unplugged = new CopyOnWriteArrayList<>();
    private final AtomicInteger pluggedListings = new AtomicInteger();
    /** The VMs {@link VmPorts#pluggedVms()} reports; asked on the watcher's thread, once it is connected. */
    private volatile PluggedVms plugged = () -> Set.of();
    private volatile Connect conn;
    private DomainPortWatcher watcher;

    @FunctionalInterface
    private interface PluggedVms {
        Set<String> now() throws LibvirtException;
    }

    private final VmPorts recording = new VmPorts() {
        @Override
        public CompletableFuture<Integer> unplugVm(String vmUuid) {
            unplugged.add(vmUuid);
            return CompletableFuture.completedFuture(1);
        }

        @Override
        public CompletableFuture<Set<String>> pluggedVms() {
            pluggedListings.incrementAndGet();
            try {
                return CompletableFuture.completedFuture(plugged.now());
            } catch (LibvirtException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    };

    private void start(Duration grace) throws LibvirtException {
        watcher = DomainPortWatcher.start("test:///default", () -> conn = new Connect("test:///default"), recording,
                Duration.ofMillis(200), grace);
    }

    private void startAndReconcile() throws LibvirtException {
        start(Duration.ZERO);
        await().atMost(Duration.ofSeconds(10)).until(() -> watcher.reconciles() == 1);
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static String domainXml(String name, String uuid) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <os><type arch='x86_64'>hvm</type></os>
                </domain>""".formatted(name, uuid);
    }

    @Test
    void withoutGraceTheFirstReconcileUnplugsAtOnceTheVmsThatAreNotRunning() throws Exception {
        String gone = UUID.randomUUID().toString();
        plugged = () -> Set.of(conn.domainLookupByName("test").getUUIDString(), gone);
        startAndReconcile();
        assertThat(unplugged).as("the running domain keeps its ports").containsExactly(gone);
        assertThat(pluggedListings).hasValue(1);
    }

    @Test
    void aCandidateStartedDuringTheGraceKeepsItsPortsAndOnesStillNotRunningLoseThem() throws Exception {
        String booting = UUID.randomUUID().toString();
        String absent = UUID.randomUUID().toString();
        String definedOnly = UUID.randomUUID().toString();
        String late = UUID.randomUUID().toString();
        plugged = () -> Set.of(booting, absent, definedOnly, conn.domainLookupByName("test").getUUIDString());
        start(Duration.ofSeconds(3));
        await("the reconcile's look at the plugged VMs").atMost(Duration.ofSeconds(10))
                .until(() -> pluggedListings.get() == 1);

        // What Nova does after plugging: define and start the domain; and a VM plugged after the first look.
        conn.domainDefineXML(domainXml("vifd-defined-only", definedOnly));
        conn.domainCreateXML(domainXml("vifd-booting", booting), 0);
        plugged = () -> Set.of(booting, absent, definedOnly, late);
        assertThat(watcher.reconciles()).as("still within the grace").isZero();
        assertThat(unplugged).as("nothing goes within the grace").isEmpty();

        await("the grace ends").atMost(Duration.ofSeconds(15)).until(() -> watcher.reconciles() == 1);
        assertThat(unplugged).as("still not running after the grace: undefined, or defined but not started")
                .containsExactlyInAnyOrder(absent, definedOnly);
        assertThat(pluggedListings).as("the plugged VMs are looked at once, before the grace").hasValue(1);
    }

    @Test
    void aDestroyedDomainsPortsAreUnplugged() throws Exception {
        startAndReconcile();
        String uuid = UUID.randomUUID().toString();
        Domain d = conn.domainCreateXML(domainXml("vifd-destroyed", uuid), 0);
        d.destroy();
        await().atMost(Duration.ofSeconds(10)).until(() -> unplugged.contains(uuid));
        assertThat(unplugged).containsOnlyOnce(uuid);
    }

    @Test
    void anUndefinedDomainsPortsAreUnpluggedAndAStartedDomainKeepsThem() throws Exception {
        startAndReconcile();
        String uuid = UUID.randomUUID().toString();
        Domain d = conn.domainDefineXML(domainXml("vifd-undefined", uuid));
        d.create();
        String other = UUID.randomUUID().toString();
        conn.domainCreateXML(domainXml("vifd-other", other), 0).destroy(); // a marker event after the start
        await().atMost(Duration.ofSeconds(10)).until(() -> unplugged.contains(other));
        assertThat(unplugged).as("started, not gone").doesNotContain(uuid);

        d.destroy(); // STOPPED
        d.undefine(); // UNDEFINED
        await().atMost(Duration.ofSeconds(10)).until(() -> unplugged.stream().filter(uuid::equals).count() >= 1);
    }
}
