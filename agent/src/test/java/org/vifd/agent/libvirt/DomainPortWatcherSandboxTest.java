package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.vifd.agent.Agent;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.DeviceNames;
import org.vifd.vif.Vif;
import org.vifd.vif.VifDrivers;
import org.vifd.vif.VifMode;
import org.vifd.vif.libvirt.PrivateLibvirtd;
import org.vifd.vif.netlink.MacAddress;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * The libvirt hook against a real libvirtd + QEMU (TCG) in the OVS sandbox's namespace: a domain runs with an
 * ovs_ethernet and an ovs_hybrid NIC that vifd plugged; the watcher starts, reconciles (a port left behind by a VM
 * that does not exist goes, the running domain's stay, libvirt's own ovs_bridge-style port stays), and when the
 * domain is destroyed it removes the tap, the qbr/qvb/qvo and both OVS ports.
 */
class DomainPortWatcherSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static PrivateLibvirtd libvirtd;
    private static OvsdbSession session;
    private static NamespaceLinks links;
    private static VifDrivers drivers;
    private static DomainPortWatcher watcher;
    private static Connect conn;

    @BeforeAll
    static void start() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        libvirtd = PrivateLibvirtd.start(sb.namespace(), sb.dir());
        session = OvsdbSession.builder(sb.unixRemote()).name("libvirt-hook-test").database(Agent.DATABASE).build();
        session.start().get(30, TimeUnit.SECONDS);
        links = NamespaceLinks.inNamespace(sb.netns());
        drivers = VifDrivers.create(links, new OvsdbPortRows(session::transact, Agent.DATABASE), true);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (watcher != null) {
                watcher.close();
            }
            if (conn != null) {
                for (Domain d : conn.listAllDomains(0)) {
                    if (d.isActive() == 1) {
                        d.destroy();
                    }
                }
                conn.close();
            }
        } finally {
            if (links != null) {
                links.close();
            }
            if (session != null) {
                session.close();
            }
            if (libvirtd != null) {
                libvirtd.close();
            }
        }
    }

    private static Vif vif(String hexPrefix, int macByte, String vmUuid) {
        String portId = hexPrefix + UUID.randomUUID().toString().substring(hexPrefix.length());
        return Vif.of(portId, MacAddress.parse(String.format("fa:16:3e:20:00:%02x", macByte)), 1450, vmUuid);
    }

    private static String domainXml(String name, String uuid, String interfaces) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <on_poweroff>destroy</on_poweroff>
                  <devices>
                %s
                  </devices>
                </domain>""".formatted(name, uuid, interfaces);
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    private static boolean portExists(String name) {
        return vsctl("list-ports", "br-int").lines().anyMatch(name::equals);
    }

    private static boolean existsInNs(String dev) {
        return OVS.sandbox().namespace().exec("ip", "link", "show", "dev", dev).succeeded();
    }

    @Test
    void portsOfGoneVmsAreUnpluggedAtStartAndWhenTheDomainIsDestroyed() throws Exception {
        String vm = UUID.randomUUID().toString();
        Vif eth = vif("e2", 1, vm);
        Vif hybrid = vif("c2", 2, vm);
        Vif orphan = vif("f2", 3, UUID.randomUUID().toString());
        drivers.forMode(VifMode.OVS_ETHERNET).plug(eth).get(30, TimeUnit.SECONDS);
        drivers.forMode(VifMode.OVS_HYBRID).plug(hybrid).get(30, TimeUnit.SECONDS);
        drivers.forMode(VifMode.OVS_ETHERNET).plug(orphan).get(30, TimeUnit.SECONDS);
        // What libvirt itself adds for an ovs_bridge NIC (vm-id, no vm-uuid), here of a VM that is gone: libvirt's.
        String libvirtsTap = DeviceNames.forPort("b2" + UUID.randomUUID().toString().substring(2)).tap();
        OVS.sandbox().vsctl("add-port", "br-int", libvirtsTap, "--", "set", "Interface", libvirtsTap,
                "external_ids:iface-id=" + UUID.randomUUID(), "external_ids:attached-mac=fa:16:3e:20:00:04",
                "external_ids:iface-status=active", "external_ids:vm-id=" + UUID.randomUUID()).ok();

        conn = new Connect(libvirtd.uri());
        Domain d = conn.domainCreateXML(domainXml("vifd-hook", vm,
                drivers.forMode(VifMode.OVS_ETHERNET).interfaceXml(eth).toXml()
                        + drivers.forMode(VifMode.OVS_HYBRID).interfaceXml(hybrid).toXml()), 0);
        assertThat(d.isActive()).isEqualTo(1);

        watcher = DomainPortWatcher.start(libvirtd.uri(),
                new VmPortUnplugger(session::transact, Agent.DATABASE, drivers, "br-int"), Duration.ofSeconds(1));
        await("reconcile at start").atMost(Duration.ofSeconds(20)).until(() -> watcher.reconciles() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !portExists(orphan.names().tap())
                && !existsInNs(orphan.names().tap()));
        assertThat(vsctl("list-ports", "br-int").lines()).as("the running domain's ports and libvirt's stay")
                .contains(eth.names().tap(), hybrid.names().ovsVeth(), libvirtsTap);

        d.destroy();
        DeviceNames h = hybrid.names();
        await("the agent unplugs the destroyed domain's ports").atMost(Duration.ofSeconds(20))
                .until(() -> !portExists(eth.names().tap()) && !portExists(h.ovsVeth()));
        await().atMost(Duration.ofSeconds(10)).until(() -> Stream.of(eth.names().tap(), h.bridge(), h.bridgeVeth(),
                h.ovsVeth(), h.tap()).noneMatch(DomainPortWatcherSandboxTest::existsInNs));
        assertThat(portExists(libvirtsTap)).as("ovs_bridge ports are libvirt's").isTrue();
    }
}
