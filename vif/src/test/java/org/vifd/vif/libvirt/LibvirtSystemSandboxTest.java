package org.vifd.vif.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.DeviceNames;
import org.vifd.vif.Vif;
import org.vifd.vif.VifDriver;
import org.vifd.vif.VifDrivers;
import org.vifd.vif.VifMode;
import org.vifd.vif.netlink.MacAddress;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * Real libvirtd + QEMU (TCG) in the OVS sandbox's network namespace: diskless domains start with each mode's
 * NIC, the sandbox's br-int gets the device with the external_ids, and stopping the domain (plus vifd's unplug,
 * triggered here as the agent does it, by libvirt's lifecycle event) removes everything.
 */
class LibvirtSystemSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static PrivateLibvirtd libvirtd;
    private static LibvirtEvents events;
    private static Connect conn;
    private static OvsdbClient client;
    private static NamespaceLinks links;
    private static VifDrivers drivers;
    private static LibvirtEvents.Subscription subscription;
    /** What the "agent" unplugs when a domain is gone: domain uuid -> (mode, vif). */
    private static final Map<String, Map.Entry<VifMode, Vif>> plugged = new ConcurrentHashMap<>();
    private static final List<DomainLifecycle> seen = new CopyOnWriteArrayList<>();
    private static final List<Throwable> unplugFailures = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        libvirtd = PrivateLibvirtd.start(sb.namespace(), sb.dir());
        events = LibvirtEvents.start();
        conn = new Connect(libvirtd.uri());
        client = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS);
        links = NamespaceLinks.inNamespace(sb.netns());
        drivers = VifDrivers.create(links, new OvsdbPortRows(client), true);
        subscription = events.subscribe(conn, e -> {
            seen.add(e);
            Map.Entry<VifMode, Vif> p = plugged.get(e.domainUuid());
            if (e.isGone() && p != null) {
                drivers.forMode(p.getKey()).unplug(p.getValue()).whenComplete((v, err) -> {
                    if (err != null) {
                        unplugFailures.add(err);
                    }
                });
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (subscription != null) {
                subscription.close();
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
            if (events != null) {
                events.close();
            }
            if (links != null) {
                links.close();
            }
            if (client != null) {
                client.close();
            }
            if (libvirtd != null) {
                libvirtd.close();
            }
        }
    }

    static String domainXml(String name, String uuid, String interfaces) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64' machine='pc'>hvm</type></os>
                  <features><acpi/></features>
                  <on_poweroff>destroy</on_poweroff>
                  <devices>
                %s
                  </devices>
                </domain>""".formatted(name, uuid, interfaces);
    }

    /** A Neutron-like port id (libvirt insists that interfaceid is a UUID) starting with a recognisable hex prefix. */
    private static Vif vif(String hexPrefix) {
        String portId = hexPrefix + UUID.randomUUID().toString().substring(hexPrefix.length());
        byte[] mac = MacAddress.parse("fa:16:3e:00:00:00").bytes();
        mac[5] = (byte) (Math.abs(portId.hashCode()) % 250 + 1);
        return Vif.of(portId, MacAddress.of(mac), 1450, UUID.randomUUID().toString());
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    private static String vsctlString(String... args) {
        String out = vsctl(args);
        return out.length() >= 2 && out.startsWith("\"") && out.endsWith("\"") ? out.substring(1, out.length() - 1) : out;
    }

    private static boolean portExists(String name) {
        return vsctl("list-ports", "br-int").lines().anyMatch(name::equals);
    }

    private static boolean existsInNs(String dev) {
        return OVS.sandbox().namespace().exec("ip", "link", "show", "dev", dev).succeeded();
    }

    private static String inNs(String... cmd) {
        return OVS.sandbox().namespace().exec(cmd).ok().out();
    }

    /** QEMU holds the tap: carrier is up, and vswitchd (same namespace) numbered the port. */
    private static void awaitWired(String ovsPort, String tap) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Integer.parseInt(vsctl("get", "Interface", ovsPort, "ofport"))).isPositive();
            assertThat(inNs("ip", "-o", "link", "show", "dev", tap)).contains("LOWER_UP").doesNotContain("NO-CARRIER");
        });
    }

    private Domain startDomain(String name, Vif vif, VifMode mode) throws Exception {
        VifDriver driver = drivers.forMode(mode);
        driver.plug(vif).get(30, TimeUnit.SECONDS);
        String uuid = UUID.randomUUID().toString();
        plugged.put(uuid, Map.entry(mode, vif));
        Domain d = conn.domainCreateXML(domainXml(name, uuid, driver.interfaceXml(vif).toXml()), 0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> seen.stream().anyMatch(e -> e.domainUuid().equals(uuid) && e.isStarted()));
        return d;
    }

    private static void destroyAndAwaitGone(Domain d) throws Exception {
        String uuid = d.getUUIDString();
        d.destroy();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> seen.stream().anyMatch(e -> e.domainUuid().equals(uuid) && e.isGone()));
    }

    @Test
    void ovsBridgeDomainGetsItsTapOnBrIntFromLibvirtAndLosesItOnDestroy() throws Exception {
        Vif vif = vif("b0");
        String tap = vif.names().tap();
        Domain d = startDomain("vifd-sys-bridge", vif, VifMode.OVS_BRIDGE);
        awaitWired(tap, tap);
        assertThat(vsctlString("get", "Interface", tap, "external_ids:iface-id")).isEqualTo(vif.portId());
        assertThat(vsctlString("get", "Interface", tap, "external_ids:attached-mac")).isEqualTo(vif.mac().text());
        assertThat(vsctlString("get", "Interface", tap, "external_ids:vm-id")).isEqualTo(d.getUUIDString());
        assertThat(vsctlString("get", "Interface", tap, "external_ids:iface-status")).isEqualTo("active");
        assertThat(vsctl("get", "Interface", tap, "mtu")).isEqualTo("1450");
        LibvirtInterface live = DomainInterfaces.list(d).get(0);
        assertThat(live.targetDev()).contains(tap);
        assertThat(live.openvswitchInterfaceId()).contains(vif.portId());

        destroyAndAwaitGone(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> !portExists(tap) && !existsInNs(tap));
        assertThat(unplugFailures).isEmpty();
    }

    @Test
    void ovsEthernetDomainOpensVifdsTapAndTheAgentUnplugsWhenItIsGone() throws Exception {
        Vif vif = vif("e0");
        String tap = vif.names().tap();
        Domain d = startDomain("vifd-sys-eth", vif, VifMode.OVS_ETHERNET);
        awaitWired(tap, tap);
        assertThat(vsctlString("get", "Interface", tap, "external_ids:iface-id")).isEqualTo(vif.portId());
        assertThat(vsctl("get", "Port", tap, "tag")).isEqualTo("4095");
        assertThat(inNs("ip", "-o", "link", "show", "dev", tap)).contains("mtu 1450", "link/ether " + vif.mac());
        assertThat(DomainInterfaces.list(d).get(0).targetManaged()).contains(false);

        destroyAndAwaitGone(d);
        // libvirt leaves an unmanaged tap alone: the gone event made vifd unplug it.
        await().atMost(Duration.ofSeconds(20)).until(() -> !portExists(tap) && !existsInNs(tap));
        assertThat(unplugFailures).isEmpty();
    }

    @Test
    void ovsHybridDomainsTapJoinsQbrAndEverythingGoesAfterDestroy() throws Exception {
        Vif vif = vif("c0");
        DeviceNames n = vif.names();
        Domain d = startDomain("vifd-sys-hybrid", vif, VifMode.OVS_HYBRID);
        awaitWired(n.ovsVeth(), n.tap());
        assertThat(inNs("ls", "/sys/class/net/" + n.bridge() + "/brif").lines()).containsExactlyInAnyOrder(n.tap(), n.bridgeVeth());
        assertThat(vsctlString("get", "Interface", n.ovsVeth(), "external_ids:iface-id")).isEqualTo(vif.portId());
        assertThat(portExists(n.tap())).as("the tap is in qbr, not on br-int").isFalse();

        destroyAndAwaitGone(d);
        await().atMost(Duration.ofSeconds(20)).until(() -> !portExists(n.ovsVeth()) && !existsInNs(n.bridge())
                && !existsInNs(n.bridgeVeth()) && !existsInNs(n.ovsVeth()) && !existsInNs(n.tap()));
        assertThat(unplugFailures).isEmpty();
    }

    @Test
    void anInterfaceIsHotPluggedIntoARunningDomain() throws Exception {
        String uuid = UUID.randomUUID().toString();
        Domain d = conn.domainCreateXML(domainXml("vifd-sys-hot", uuid, ""), 0);
        try {
            Vif vif = vif("a0");
            VifDriver driver = drivers.forMode(VifMode.OVS_ETHERNET);
            driver.plug(vif).get(30, TimeUnit.SECONDS);
            DomainInterfaces.attach(d, driver.interfaceXml(vif), DomainInterfaces.Scope.LIVE);
            assertThat(DomainInterfaces.list(d)).singleElement().satisfies(nic -> {
                assertThat(nic.mac()).isEqualTo(vif.mac());
                assertThat(nic.targetDev()).contains(vif.names().tap());
            });
            awaitWired(vif.names().tap(), vif.names().tap());
            ExecResult dumped = OVS.sandbox().namespace().exec("ip", "-o", "link", "show", "dev", vif.names().tap());
            assertThat(dumped.out()).contains("mtu 1450");
            driver.unplug(vif).get(30, TimeUnit.SECONDS);
            assertThat(portExists(vif.names().tap())).isFalse();
        } finally {
            d.destroy();
        }
    }

    @Test
    void aStoredDefinitionGainsAndLosesAnInterface() throws Exception {
        Domain d = conn.domainDefineXML(domainXml("vifd-sys-config", UUID.randomUUID().toString(), ""));
        try {
            Vif vif = vif("d0");
            LibvirtInterface nic = drivers.forMode(VifMode.OVS_BRIDGE).interfaceXml(vif);
            DomainInterfaces.attach(d, nic, DomainInterfaces.Scope.CONFIG);
            assertThat(DomainInterfaces.list(d)).singleElement().satisfies(got -> {
                assertThat(got.mac()).isEqualTo(vif.mac());
                assertThat(got.openvswitchInterfaceId()).contains(vif.portId());
                assertThat(got.sourceBridge()).contains("br-int");
            });
            DomainInterfaces.detach(d, nic, DomainInterfaces.Scope.CONFIG);
            assertThat(DomainInterfaces.list(d)).isEmpty();
        } finally {
            d.undefine();
        }
    }
}
