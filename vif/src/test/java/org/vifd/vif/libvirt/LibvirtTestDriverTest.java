package org.vifd.vif.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.event.DomainEventType;
import org.vifd.vif.OvsBridgeDriver;
import org.vifd.vif.OvsEthernetDriver;
import org.vifd.vif.OvsHybridDriver;
import org.vifd.vif.VhostUserDriver;
import org.vifd.vif.Vif;
import org.vifd.vif.VifDriver;
import org.vifd.vif.netlink.MacAddress;

/** Each mode's XML through libvirt's own parser and formatter on the daemon-less test:///default driver. */
class LibvirtTestDriverTest {
    private static final Vif VIF = Vif.of("8a6107b1-3e72-4b71-bd5f-1aa772517004", MacAddress.parse("fa:16:3e:f4:c9:bb"),
            1450, "11111111-2222-3333-4444-555555555555").withVhostUserSocketDir(Path.of("/run/vifd-test"));
    private static LibvirtEvents events;
    private static Connect conn;

    @BeforeAll
    static void open() throws Exception {
        events = LibvirtEvents.start();
        conn = new Connect("test:///default");
    }

    @AfterAll
    static void close() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (events != null) {
            events.close();
        }
    }

    static String domainXml(String name, String uuid, String interfaces) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <os><type arch='x86_64'>hvm</type></os>
                  <devices>
                %s
                  </devices>
                </domain>""".formatted(name, uuid, interfaces);
    }

    @Test
    void everyModesXmlReadsBackEqualFromLibvirt() throws Exception {
        // The drivers' XML needs no devices: links and rows are never touched by interfaceXml.
        List<VifDriver> drivers = List.of(new OvsBridgeDriver(), new OvsEthernetDriver(NoLinks.INSTANCE, NoRows.INSTANCE, true),
                new OvsHybridDriver(NoLinks.INSTANCE, NoRows.INSTANCE, true), new VhostUserDriver(NoRows.INSTANCE, true));
        for (VifDriver driver : drivers) {
            LibvirtInterface nic = driver.interfaceXml(VIF);
            String name = "vifd-rt-" + driver.mode().name().toLowerCase();
            Domain d = conn.domainDefineXML(domainXml(name, UUID.randomUUID().toString(), nic.toXml()));
            try {
                String back = d.getXMLDesc(0);
                assertThat(LibvirtInterface.parseDomain(back)).as("%s read back from libvirt:%n%s", driver.mode(), back)
                        .containsExactly(nic);
            } finally {
                d.undefine();
            }
        }
    }

    @Test
    void modesProduceTheElementsNovaAndLibvirtExpect() {
        assertThat(new OvsBridgeDriver().interfaceXml(VIF).toXml())
                .contains("<interface type=\"bridge\">", "<source bridge=\"br-int\"/>", "<target dev=\"tap8a6107b1-3e\"/>",
                        "<virtualport type=\"openvswitch\">",
                        "<parameters interfaceid=\"8a6107b1-3e72-4b71-bd5f-1aa772517004\"/>", "<mtu size=\"1450\"/>",
                        "<model type=\"virtio\"/>", "<mac address=\"fa:16:3e:f4:c9:bb\"/>");
        assertThat(new OvsEthernetDriver(NoLinks.INSTANCE, NoRows.INSTANCE, true).interfaceXml(VIF).toXml())
                .contains("<interface type=\"ethernet\">", "<target dev=\"tap8a6107b1-3e\" managed=\"no\"/>")
                .doesNotContain("<source", "virtualport");
        assertThat(new OvsHybridDriver(NoLinks.INSTANCE, NoRows.INSTANCE, true).interfaceXml(VIF).toXml())
                .contains("<interface type=\"bridge\">", "<source bridge=\"qbr8a6107b1-3e\"/>").doesNotContain("virtualport");
        assertThat(new VhostUserDriver(NoRows.INSTANCE, true).interfaceXml(VIF).toXml())
                .contains("<interface type=\"vhostuser\">",
                        "<source mode=\"server\" path=\"/run/vifd-test/vhu8a6107b1-3e\" type=\"unix\"/>");
    }

    @Test
    void lifecycleEventsArriveOnTheEventThread() throws Exception {
        List<DomainLifecycle> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        String uuid = UUID.randomUUID().toString();
        try (LibvirtEvents.Subscription sub = events.subscribe(conn, e -> {
            threads.add(Thread.currentThread().getName());
            if (e.domainUuid().equals(uuid)) {
                seen.add(e);
            }
        })) {
            Domain d = conn.domainDefineXML(domainXml("vifd-ev", uuid, ""));
            d.create();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(DomainLifecycle::isStarted));
            d.destroy();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(DomainLifecycle::isGone));
            d.undefine();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.stream().anyMatch(e -> e.type() == DomainEventType.UNDEFINED));
        }
        assertThat(seen).extracting(DomainLifecycle::type).containsSubsequence(DomainEventType.DEFINED,
                DomainEventType.STARTED, DomainEventType.STOPPED, DomainEventType.UNDEFINED);
        assertThat(seen).allSatisfy(e -> assertThat(e.domainName()).isEqualTo("vifd-ev"));
        assertThat(seen.stream().filter(e -> e.type() == DomainEventType.STOPPED).findFirst().orElseThrow().detail())
                .isEqualTo("DESTROYED");
        assertThat(threads).containsOnly("libvirt-events");
    }

    /** Placeholders for drivers whose plug is not exercised here. */
    enum NoRows implements org.vifd.vif.ovs.PortRows {
        INSTANCE;

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> ensurePort(org.vifd.vif.ovs.OvsPort port) {
            throw new AssertionError("not used");
        }

        @Override
        public java.util.concurrent.CompletableFuture<Boolean> deletePort(String bridge, String name) {
            throw new AssertionError("not used");
        }
    }

    static final class NoLinks {
        static final org.vifd.vif.netlink.NamespaceLinks INSTANCE =
                new org.vifd.vif.netlink.NamespaceLinks(org.vifd.vif.netlink.NetnsThread.host());

        private NoLinks() {
        }
    }

}
