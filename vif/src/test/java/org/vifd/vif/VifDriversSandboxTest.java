package org.vifd.vif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.netlink.MacAddress;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsPort;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * Every mode plugged and unplugged against the sandbox's ovs-vswitchd (userspace datapath in its own network
 * namespace); kernel state read back with iproute2 in that namespace, OVSDB state with ovs-vsctl.
 */
class VifDriversSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static OvsdbClient client;
    private static NamespaceLinks links;
    private static VifDrivers drivers;

    @BeforeAll
    static void connect() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        client = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS);
        links = NamespaceLinks.inNamespace(sb.netns());
        drivers = VifDrivers.create(links, new OvsdbPortRows(client), true);
    }

    @AfterAll
    static void close() {
        if (links != null) {
            links.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private static Vif vif(String portId, String mac, int mtu) {
        return Vif.of(portId, MacAddress.parse(mac), mtu, "aaaaaaaa-bbbb-cccc-dddd-" + portId.substring(0, 12));
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static String inNs(String... cmd) {
        return OVS.sandbox().namespace().exec(cmd).ok().out();
    }

    private static boolean existsInNs(String dev) {
        return OVS.sandbox().namespace().exec("ip", "link", "show", "dev", dev).succeeded();
    }

    private static String vsctl(String... args) {
        return OVS.sandbox().vsctl(args).ok().out();
    }

    /** ovs-vsctl quotes a string only when it must: compare without the quotes. */
    private static String vsctlString(String... args) {
        String out = vsctl(args);
        return out.length() >= 2 && out.startsWith("\"") && out.endsWith("\"") ? out.substring(1, out.length() - 1) : out;
    }

    private static void assertIsolatedPortWithIds(String name, Vif vif) {
        assertThat(vsctl("list-ports", "br-int").lines()).contains(name);
        assertThat(vsctl("get", "Port", name, "tag")).isEqualTo("4095");
        assertThat(vsctl("get", "Port", name, "vlan_mode")).isEqualTo("trunk");
        assertThat(vsctl("get", "Port", name, "trunks")).isEqualTo("[4095]");
        assertThat(vsctlString("get", "Interface", name, "external_ids:iface-id")).isEqualTo(String.valueOf(vif.portId()));
        assertThat(vsctl("get", "Interface", name, "external_ids:iface-status")).isEqualTo("active");
        assertThat(vsctlString("get", "Interface", name, "external_ids:attached-mac")).isEqualTo(String.valueOf(vif.mac()));
        assertThat(vsctlString("get", "Interface", name, "external_ids:vm-uuid")).isEqualTo(String.valueOf(vif.vmUuid()));
    }

    /** vswitchd found the kernel device in its namespace and gave it an OpenFlow port number. */
    private static void awaitOfport(String name, int mtu) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Integer.parseInt(vsctl("get", "Interface", name, "ofport"))).isPositive());
        assertThat(vsctl("get", "Interface", name, "error")).isEqualTo("[]");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(vsctl("get", "Interface", name, "mtu")).as("MTU vswitchd reads from the kernel").isEqualTo(
                        Integer.toString(mtu)));
    }

    @Test
    void ovsEthernetCreatesTheTapAndItsPortAndRemovesThem() throws Exception {
        Vif vif = vif("e1a2b3c4-0001-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:01", 1450);
        VifDriver driver = drivers.forMode(VifMode.OVS_ETHERNET);
        String tap = vif.names().tap();
        assertThat(tap).isEqualTo("tape1a2b3c4-00");

        get(driver.plug(vif));
        String shown = inNs("ip", "-o", "-d", "link", "show", "dev", tap);
        assertThat(shown).contains("mtu 1450", "link/ether fa:16:3e:00:00:01", "tun type tap", "persist on", ",UP");
        assertThat(existsInNs(tap)).isTrue();
        assertIsolatedPortWithIds(tap, vif);
        awaitOfport(tap, 1450);
        assertThat(vsctlString("get", "Interface", tap, "mac_in_use")).isEqualTo("fa:16:3e:00:00:01");

        String portUuid = vsctl("get", "Port", tap, "_uuid");
        String ifindex = inNs("cat", "/sys/class/net/" + tap + "/ifindex");
        get(driver.plug(vif));
        assertThat(vsctl("get", "Port", tap, "_uuid")).as("second plug is a no-op").isEqualTo(portUuid);
        assertThat(inNs("cat", "/sys/class/net/" + tap + "/ifindex")).isEqualTo(ifindex);

        get(driver.unplug(vif));
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(tap);
        assertThat(OVS.sandbox().vsctl("get", "Interface", tap, "name").succeeded()).isFalse();
        assertThat(existsInNs(tap)).isFalse();
        get(driver.unplug(vif)); // unplugging what is not there is not an error
    }

    @Test
    void ovsHybridCreatesBridgeVethPairAndPortAndRemovesThem() throws Exception {
        Vif vif = vif("h1a2b3c4-0002-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:02", 1400);
        VifDriver driver = drivers.forMode(VifMode.OVS_HYBRID);
        DeviceNames n = vif.names();

        get(driver.plug(vif));
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.bridge()))
                .contains("mtu 1400", ",UP", "bridge ", "ageing_time 0 ");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.bridgeVeth()))
                .contains("mtu 1400", ",UP", "master " + n.bridge(), "veth");
        assertThat(inNs("ip", "-o", "-d", "link", "show", "dev", n.ovsVeth())).contains("mtu 1400", ",UP", "veth");
        assertThat(inNs("ls", "/sys/class/net/" + n.bridge() + "/brif")).isEqualTo(n.bridgeVeth());
        assertIsolatedPortWithIds(n.ovsVeth(), vif);
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(n.bridgeVeth(), n.bridge());
        awaitOfport(n.ovsVeth(), 1400);
        assertThat(vsctlString("get", "Interface", n.ovsVeth(), "mac_in_use"))
                .isEqualTo(inNs("cat", "/sys/class/net/" + n.ovsVeth() + "/address"));

        String portUuid = vsctl("get", "Port", n.ovsVeth(), "_uuid");
        get(driver.plug(vif));
        assertThat(vsctl("get", "Port", n.ovsVeth(), "_uuid")).isEqualTo(portUuid);

        get(driver.unplug(vif));
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(n.ovsVeth());
        assertThat(existsInNs(n.bridge())).isFalse();
        assertThat(existsInNs(n.bridgeVeth())).isFalse();
        assertThat(existsInNs(n.ovsVeth())).isFalse();
        get(driver.unplug(vif));
    }

    @Test
    void vhostUserWritesTheDpdkClientRowsAndRemovesThem() throws Exception {
        Vif vif = vif("v1a2b3c4-0003-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:03", 9000)
                .withVhostUserSocketDir(OVS.sandbox().dir());
        VifDriver driver = drivers.forMode(VifMode.VHOSTUSER);
        String name = vif.names().vhostUser();

        get(driver.plug(vif));
        assertThat(vsctl("get", "Interface", name, "type")).isEqualTo("dpdkvhostuserclient");
        assertThat(vsctlString("get", "Interface", name, "options:vhost-server-path")).isEqualTo(String.valueOf(OVS.sandbox().dir().resolve(name)));
        assertIsolatedPortWithIds(name, vif);
        String portUuid = vsctl("get", "Port", name, "_uuid");
        get(driver.plug(vif));
        assertThat(vsctl("get", "Port", name, "_uuid")).isEqualTo(portUuid);

        get(driver.unplug(vif));
        assertThat(vsctl("list-ports", "br-int").lines()).doesNotContain(name);
        get(driver.unplug(vif));
    }

    @Test
    void ovsBridgeLeavesEverythingToLibvirt() throws Exception {
        Vif vif = vif("b1a2b3c4-0004-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:04", 1500);
        String before = vsctl("list-ports", "br-int");
        get(drivers.forMode(VifMode.OVS_BRIDGE).plug(vif));
        assertThat(vsctl("list-ports", "br-int")).isEqualTo(before);
        assertThat(existsInNs(vif.names().tap())).isFalse();
        get(drivers.forMode(VifMode.OVS_BRIDGE).unplug(vif));
    }

    @Test
    void unplugOfWhatWasNeverPluggedSucceedsInEveryMode() throws Exception {
        Vif vif = vif("n1a2b3c4-0005-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:05", 1500);
        for (VifMode mode : VifMode.values()) {
            get(drivers.forMode(mode).unplug(vif));
        }
        assertThat(vsctl("list-ports", "br-int").lines()).noneMatch(p -> p.contains("n1a2b3c4"));
    }

    @Test
    void plugOntoAMissingBridgeFailsWithTheDatabasesWordsAndLeavesNoRows() throws Exception {
        Vif vif = vif("m1a2b3c4-0006-4b71-bd5f-1aa772517004", "fa:16:3e:00:00:06", 1500)
                .withIntegrationBridge("br-missing").withVhostUserSocketDir(Path.of("/tmp"));
        assertThatThrownBy(() -> get(drivers.forMode(VifMode.VHOSTUSER).plug(vif)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TransactionException.class)
                .hasMessageContaining("br-missing");
        assertThat(OVS.sandbox().vsctl("get", "Interface", vif.names().vhostUser(), "name").succeeded()).isFalse();
    }

    @Test
    void concurrentPlugsOfOnePortCreateOneRowSet() throws Exception {
        OvsdbPortRows rows = new OvsdbPortRows(client);
        OvsPort port = new OvsPort("br-int", "qvoconcurrent", "", java.util.Map.of(), java.util.Map.of("iface-id", "x"), true);
        CompletableFuture<Boolean> a = rows.ensurePort(port);
        CompletableFuture<Boolean> b = rows.ensurePort(port);
        assertThat(java.util.List.of(get(a), get(b))).containsExactlyInAnyOrder(true, false);
        assertThat(vsctl("--columns=name", "find", "Port", "name=qvoconcurrent").lines().filter(l -> !l.isBlank()))
                .hasSize(1);
        assertThat(get(rows.deletePort("br-int", "qvoconcurrent"))).isTrue();
        assertThat(get(rows.deletePort("br-int", "qvoconcurrent"))).isFalse();
        assertThat(vsctl("--columns=name", "find", "Interface", "name=qvoconcurrent")).isEmpty();
    }
}
