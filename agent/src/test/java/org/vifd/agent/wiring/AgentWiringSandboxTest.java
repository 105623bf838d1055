package org.vifd.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.agent.Agent;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.status.PortReport;
import org.vifd.agent.status.PortState;
import org.vifd.testkit.Exec;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * The agent against a real OVS: it creates br-int and br-phys itself, and namespace "VMs" plugged as Nova would are
 * wired from the intent: two VLAN networks (provider VLANs 101 and 102 on physnet1) sharing one IPv4 subnet, so only
 * the L2 wiring keeps them apart. Forwarding is checked with real pings; the provider VLAN with a capture behind
 * br-phys.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentWiringSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    static final Duration WIRED = Duration.ofSeconds(30);

    static Path dir;
    static Agent agent;
    static final List<AutoCloseable> CLEANUP = new ArrayList<>();
    static NamespaceVm a1;
    static NamespaceVm a2;
    static NamespaceVm b1;
    static NamespaceVm wrongIp;
    static NamespaceVm wrongMac;
    static NamespaceVm unknown;
    static Netns phys;

    static final String PA1 = "pa1";

    static String port(String id, String net, String mac, String ip) {
        return "{\"id\": \"" + id + "\", \"network_id\": \"" + net + "\", \"mac_address\": \"" + mac
                + "\", \"fixed_ips\": [{\"subnet_id\": \"sub-" + net + "\", \"ip_address\": \"" + ip + "\"}]}";
    }

    static String intent(String... ports) {
        return "{\"networks\": ["
                + "{\"id\": \"net-a\", \"name\": \"a\", \"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 101},"
                + "{\"id\": \"net-b\", \"name\": \"b\", \"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 102}],"
                + "\"subnets\": [{\"id\": \"sub-net-a\", \"network_id\": \"net-a\", \"cidr\": \"10.0.1.0/24\", "
                + "\"gateway_ip\": null, \"enable_dhcp\": false},"
                + "{\"id\": \"sub-net-b\", \"network_id\": \"net-b\", \"cidr\": \"10.0.1.0/24\", "
                + "\"gateway_ip\": null, \"enable_dhcp\": false}],"
                + "\"ports\": [" + String.join(",", ports) + "]}";
    }

    static final String[] BASE_PORTS = {
        port("pa1", "net-a", "fa:16:3e:0a:00:01", "10.0.1.11"),
        port("pa2", "net-a", "fa:16:3e:0a:00:02", "10.0.1.12"),
        port("pb1", "net-b", "fa:16:3e:0b:00:01", "10.0.1.21"),
        port("pa3", "net-a", "fa:16:3e:0a:00:03", "10.0.1.13"),
        port("pa4", "net-a", "fa:16:3e:0a:00:04", "10.0.1.14"),
    };

    @BeforeAll
    static void startAgentAndVms() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-rc-");
        Files.writeString(dir.resolve("intent.json"), intent(BASE_PORTS));
        Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n");
        agent = new Agent(AgentConfigReader.read(dir.resolve("vifd.yaml")), Clock.systemUTC());
        agent.start();
        await("br-int and br-phys").atMost(WIRED).untilAsserted(() -> assertThat(
                sb.vsctl("list-ports", "br-int").out()).contains("int-br-phys"));

        // The physical network: a trunk port on br-phys, its peer in a namespace where captures run.
        phys = Netns.create("vifd-rcp");
        CLEANUP.add(phys);
        Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "add", "rcphys", "type", "veth", "peer", "name",
                "eth0", "netns", phys.name()).ok();
        Exec.run("ip", "netns", "exec", sb.netns(), "ethtool", "-K", "rcphys", "tx", "off").ok();
        Exec.run("ip", "netns", "exec", sb.netns(), "ip", "link", "set", "rcphys", "up").ok();
        phys.exec("ethtool", "-K", "eth0", "tx", "off").ok();
        phys.exec("ip", "link", "set", "eth0", "up").ok();
        sb.vsctl("add-port", "br-phys", "rcphys").ok();

        a1 = vm("pa1", "fa:16:3e:0a:00:01", "10.0.1.11");
        a2 = vm("pa2", "fa:16:3e:0a:00:02", "10.0.1.12");
        b1 = vm("pb1", "fa:16:3e:0b:00:01", "10.0.1.21");
        wrongIp = vm("pa3", "fa:16:3e:0a:00:03", "10.0.1.99");
        wrongMac = NamespaceVm.create(sb, "pa4", "fa:16:3e:0a:00:44", "10.0.1.14");
        CLEANUP.add(wrongMac);
        sb.vsctl("add-port", "br-int", wrongMac.hostIf, "--", "set", "Interface", wrongMac.hostIf,
                "external_ids:iface-id=pa4", "external_ids:attached-mac=fa:16:3e:0a:00:04").ok();
        unknown = vm("nobody", "fa:16:3e:0f:00:01", "10.0.1.31");
    }

    static NamespaceVm vm(String portId, String mac, String ip) {
        NamespaceVm vm = NamespaceVm.create(OVS.sandbox(), portId, mac, ip);
        CLEANUP.add(vm);
        return vm.plug("br-int");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        for (AutoCloseable c : CLEANUP) {
            c.close();
        }
    }

    static String ports() throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + "/ports");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void awaitUp(String... ids) {
        await("ports up").atMost(WIRED).untilAsserted(() -> {
            String status = Files.readString(dir.resolve("intent.status.json"));
            for (String id : ids) {
                assertThat(status).containsPattern("\"id\"\\s*:\\s*\"" + id + "\"[^}]*\"state\"\\s*:\\s*\"up\"");
            }
        });
    }

    @Test
    @Order(1)
    void bridgesAreSetUpSecureWithOurControllerAndThePatchPair() {
        OvsSandbox sb = OVS.sandbox();
        for (String br : List.of("br-int", "br-phys")) {
            assertThat(sb.vsctl("get", "Bridge", br, "fail_mode").ok().out().strip()).isEqualTo("secure");
            assertThat(sb.vsctl("get", "Bridge", br, "protocols").ok().out()).contains("OpenFlow13", "OpenFlow14");
            assertThat(sb.vsctl("get-controller", br).ok().out().strip()).isEqualTo("unix:" + sb.dir().resolve("vifd-of.sock"));
            assertThat(sb.vsctl("get", "Bridge", br, "other_config:disable-in-band").ok().out()).contains("true");
        }
        await().atMost(WIRED).untilAsserted(() -> assertThat(sb.vsctl("get", "Controller", "br-int"
                .isEmpty() ? "" : sb.vsctl("get", "Bridge", "br-int", "controller").ok().out().strip()
                .replaceAll("[\\[\\]]", ""), "is_connected").ok().out().strip()).isEqualTo("true"));
        assertThat(sb.vsctl("get", "Interface", "int-br-phys", "options:peer").ok().out()).contains("phy-br-phys");
        assertThat(sb.vsctl("get", "Interface", "phy-br-phys", "options:peer").ok().out()).contains("int-br-phys");
        String flows = sb.ofctl("-O", "OpenFlow13", "dump-flows", "br-int", "table=23").ok().out();
        assertThat(flows).contains("table=23", "actions=drop");
    }

    @Test
    @Order(2)
    void portsAreTaggedPerNetworkAndReportedUp() {
        awaitUp("pa1", "pa2", "pb1", "pa3", "pa4");
        assertThat(a1.tag()).isEqualTo(a2.tag()).isNotEqualTo(b1.tag()).isNotEqualTo("4095");
        assertThat(OVS.sandbox().vsctl("get", "Port", a1.hostIf, "other_config").ok().out())
                .contains("net_uuid=net-a", "network_type=vlan", "physical_network=physnet1", "segmentation_id=\"101\"");
        assertThat(unknown.tag()).isEqualTo("4095");
    }

    @Test
    @Order(3)
    void vmsOfOneNetworkReachEachOtherAndNotTheOtherNetwork() {
        await("pa1 → pa2").atMost(WIRED).until(() -> a1.ping("10.0.1.12"));
        assertThat(a2.ping("10.0.1.11")).isTrue();
        assertThat(a1.pingTwice("10.0.1.21")).as("net-a → net-b").isFalse();
        assertThat(b1.pingTwice("10.0.1.12")).as("net-b → net-a").isFalse();
    }

    @Test
    @Order(4)
    void aVmSendingFromAnotherIpOrMacGetsNothingThrough() {
        await("pa1 → pa2").atMost(WIRED).until(() -> a1.ping("10.0.1.12"));
        assertThat(wrongIp.pingTwice("10.0.1.11")).as("wrong source IP").isFalse();
        assertThat(wrongMac.pingTwice("10.0.1.11")).as("wrong source MAC").isFalse();
    }

    @Test
    @Order(5)
    void anUnknownPortIsOnTheDeadVlanAndForwardsNothing() throws Exception {
        assertThat(unknown.pingTwice("10.0.1.11")).isFalse();
        assertThat(ports()).contains("\"port_id\" : \"nobody\"", "not in the intent");
    }

    @Test
    @Order(6)
    void framesLeaveBrPhysWithTheProviderVlan() throws Exception {
        assertThat(capture(101, a1)).containsPattern("(?m)^101\\s+10\\.0\\.1\\.11$");
        assertThat(capture(102, b1)).containsPattern("(?m)^102\\s+10\\.0\\.1\\.21$");
    }

    /** What {@code vm} floods (ARP for an absent address) as captured behind br-phys on provider VLAN {@code vlan}. */
    static String capture(int vlan, NamespaceVm vm) throws IOException {
        Exec.require("tshark");
        Path log = dir.resolve("tshark-" + vlan + ".log");
        Process tshark = Exec.start(Map.of(), log, phys.wrap("tshark", "-i", "eth0", "-c", "1", "-f",
                "vlan " + vlan + " and arp", "-T", "fields", "-e", "vlan.id", "-e", "arp.src.proto_ipv4"));
        try {
            await("a VLAN " + vlan + " frame behind br-phys").atMost(WIRED).until(() -> {
                vm.ping("10.0.1.222");
                return !tshark.isAlive();
            });
        } finally {
            tshark.destroyForcibly();
        }
        return Files.readString(log);
    }

    @Test
    @Order(7)
    void intentChangesRewireLive() throws Exception {
        NamespaceVm late = vm("pa5", "fa:16:3e:0a:00:05", "10.0.1.15");
        await("not yet wired: dead VLAN").atMost(WIRED).until(() -> late.tag().equals("4095"));
        assertThat(late.pingTwice("10.0.1.11")).as("a port not (yet) in the intent").isFalse();

        List<String> ports = new ArrayList<>(List.of(BASE_PORTS));
        ports.remove(1); // pa2 leaves
        ports.add(port("pa5", "net-a", "fa:16:3e:0a:00:05", "10.0.1.15"));
        Files.writeString(dir.resolve("intent.json"), intent(ports.toArray(String[]::new)));
        awaitUp("pa5");
        assertThat(late.tag()).isEqualTo(a1.tag());
        await("pa5 → pa1").atMost(WIRED).until(() -> late.ping("10.0.1.11"));
        await("pa2 dead").atMost(WIRED).until(() -> a2.tag().equals("4095"));
        assertThat(a2.pingTwice("10.0.1.11")).isFalse();
        String flows = OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-flows", "br-int").ok().out();
        assertThat(flows).doesNotContain("in_port=" + a2.ofport() + ",");
    }

    @Test
    @Order(8)
    void aMalformedIntentAndALyingSwitchLeaveTheWiringServing() throws Exception {
        String before = Files.readString(dir.resolve("intent.json"));
        Files.writeString(dir.resolve("intent.json"), "{\"ports\": [{\"id\": \"pa1\", \"mac_address\": \"zz\"}]}");
        // A peer on the OpenFlow listener that is no switch: a header announcing 4 bytes (less than a header).
        try (java.nio.channels.SocketChannel liar = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(OVS.sandbox().dir().resolve("vifd-of.sock")))) {
            liar.write(java.nio.ByteBuffer.wrap(new byte[] {4, 0, 0, 4, 0, 0, 0, 1}));
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(4096);
            await("the liar is disconnected").atMost(WIRED).until(() -> liar.read(in) < 0);
        }
        assertThat(a1.ping("10.0.1.11") || a1.ping("10.0.1.15")).isTrue();
        await("still forwarding").atMost(WIRED).until(() -> a1.ping("10.0.1.15"));
        assertThat(ports()).contains("\"port_id\" : \"pa1\"", "\"state\" : \"up\"");
        URI health = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + "/healthz");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        Files.writeString(dir.resolve("intent.json"), before);
    }

    @Test
    @Order(9)
    void aPortPluggedBeforeItsDeviceStaysDownUntilItHasAnOfportThenIsTaggedAndUpOnlyOnceItsFlowsAreIn() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        Map<String, Long> steps = new ConcurrentHashMap<>();
        agent.reconciler().trace(new WiringTrace() {
            @Override
            public void ofportSeen(String portId, long ofport, long nanos) {
                steps.putIfAbsent("ofport " + portId, nanos);
            }

            @Override
            public void columnsCommitted(String portId, long nanos) {
                steps.putIfAbsent("tag " + portId, nanos);
            }

            @Override
            public void flowsCommitted(String portId, long nanos) {
                steps.putIfAbsent("flows " + portId, nanos);
            }

            @Override
            public void wired(String portId, long nanos) {
                steps.putIfAbsent("up " + portId, nanos);
            }
        });
        List<String> ports = new ArrayList<>(List.of(BASE_PORTS));
        ports.remove(1);
        ports.add(port("pa5", "net-a", "fa:16:3e:0a:00:05", "10.0.1.15"));
        ports.add(port("pa6", "net-a", "fa:16:3e:0a:00:06", "10.0.1.16"));
        Files.writeString(dir.resolve("intent.json"), intent(ports.toArray(String[]::new)));
        await("pa6 in the intent").atMost(WIRED).until(() -> report("pa6") != null);

        // Plugged as Nova plugs a tap, before the device exists: vswitchd cannot open it, so no ofport (-1).
        String hostIf = NamespaceVm.hostName();
        CLEANUP.add(() -> sb.vsctl("--if-exists", "del-port", hostIf));
        sb.vsctl("add-port", "br-int", hostIf, "--", "set", "Interface", hostIf, "external_ids:iface-id=pa6",
                "external_ids:attached-mac=fa:16:3e:0a:00:06").ok();
        await("pa6 seen without an ofport").atMost(WIRED).untilAsserted(() -> {
            PortReport r = report("pa6");
            assertThat(r.iface()).isEqualTo(hostIf);
            assertThat(r.state()).isEqualTo(PortState.DOWN);
            assertThat(r.reason()).containsAnyOf("interface failed", "no ofport yet");
        });
        assertThat(sb.vsctl("get", "Interface", hostIf, "ofport").ok().out().strip()).as("no device, no ofport")
                .isIn("-1", "[]");
        // The tag waits for the ofport (written with the flows, so vswitchd's reconfiguration for it comes after
        // the bundle, not between the plug and the bundle); until then nothing of the port is in the switch.
        assertThat(sb.vsctl("get", "Port", hostIf, "tag").ok().out().strip()).isEqualTo("[]");
        assertThat(steps).doesNotContainKeys("ofport pa6", "flows pa6", "up pa6");

        // The device appears: vswitchd opens it, the flows go in, and only then is the port up.
        NamespaceVm late = NamespaceVm.create(sb, "pa6", "fa:16:3e:0a:00:06", "10.0.1.16", hostIf);
        CLEANUP.add(late);
        awaitUp("pa6");
        assertThat(steps).containsKeys("ofport pa6", "flows pa6", "up pa6");
        // Up needs the tag in the replica; the transaction's own reply may be handled just after (the server sends
        // the update first), so the trace's tag step is no clock for it: the database is.
        assertThat(late.tag()).isEqualTo(a1.tag());
        assertThat(steps.get("flows pa6")).as("flows before up").isLessThanOrEqualTo(steps.get("up pa6"));
        assertThat(report("pa6").state()).isEqualTo(PortState.UP);
        assertThat(sb.ofctl("-O", "OpenFlow13", "dump-flows", "br-int").ok().out())
                .contains("in_port=" + late.ofport() + ",");
        await("pa6 → pa1").atMost(WIRED).until(() -> late.ping("10.0.1.11"));
        agent.reconciler().trace(WiringTrace.NONE);
    }

    static PortReport report(String id) {
        return agent.reconciler().reports().stream().filter(r -> r.portId().equals(id)).findFirst().orElse(null);
    }
}
