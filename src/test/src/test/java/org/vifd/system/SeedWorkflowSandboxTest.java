package org.vifd.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.Exec;
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.tools.Vifctl;
import org.vifd.vif.DeviceNames;

/**
 * The seed's workflow across every module, through the shipped entry points: the vifd daemon runs as its own JVM
 * ({@code VifdCommand}, as {@code bin/vifd} starts it) against a sandboxed Open vSwitch and creates br-int itself;
 * {@code vifctl vif plug --mode hybrid} builds Nova's {@code qbr}/{@code qvb}/{@code qvo} chain for VM 1 (whose NIC
 * sits in {@code qbrX}, as libvirt puts it there), VM 2 is plugged into br-int directly as libvirt's
 * {@code <virtualport type="openvswitch">} does. The agent wires both, its own DHCP gives both VMs their address and
 * hostname over the real dhclient, the VMs reach each other, and {@code vifctl} reads the agent's view and the flows.
 * Then {@code vifctl vif unplug} removes VM 1's chain and the agent reports the port down and drops its flows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedWorkflowSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();

    private static final Duration WIRED = Duration.ofSeconds(60);
    private static final String NET = "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01";
    private static final String SUBNET = "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b01";
    private static final String HYBRID_PORT = "8a6107b1-3e72-4b71-bd5f-1aa772517004";
    private static final String HYBRID_MAC = "fa:16:3e:9b:10:b6";
    private static final String BRIDGE_PORT = "c2f9a0d4-5b17-4e8a-9d36-0f51b7e2a9c1";
    private static final String BRIDGE_MAC = "fa:16:3e:9b:10:b7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Process agent;
    private static int statusPort;
    private static final List<NamespaceVm> VMS = new ArrayList<>();
    private static NamespaceVm hybridVm;
    private static NamespaceVm bridgeVm;

    @BeforeAll
    static void startAgent() throws IOException {
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-seed-");
        try (ServerSocket s = new ServerSocket(0)) {
            statusPort = s.getLocalPort();
        }
        Files.writeString(dir.resolve("intent.json"), intent());
        Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                + "integration_bridge: br-int\ndatapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                + "intent_file: " + dir.resolve("intent.json") + "\nstate_dir: " + dir.resolve("state") + "\n"
                + "status_listen: 127.0.0.1:" + statusPort + "\n"
                + "dhcp: {dns_domain: openstacklocal, lease_duration: 86400}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = Exec.start(Map.of(), dir.resolve("vifd.log"), List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.vifd.agent.VifdCommand", "--config",
                dir.resolve("vifd.yaml").toString()));
        await("vifd creates br-int").atMost(WIRED).until(() -> vifctl("br-exists", "br-int").code() == 0);
    }

    @AfterAll
    static void stop() {
        VMS.forEach(NamespaceVm::close);
        vifctl("vif", "unplug", "--mode", "hybrid", "--port-id", HYBRID_PORT, "--mac", HYBRID_MAC,
                "--netns", OVS.sandbox().netns(), "--db", OVS.sandbox().unixRemote());
        if (agent != null) {
            agent.destroy();
        }
    }

    @Test
    @Order(1)
    void bothVmsAreWiredAndGetTheirLeasesFromVifd() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        DeviceNames names = DeviceNames.forPort(HYBRID_PORT);
        Result plug = vifctl("vif", "plug", "--mode", "hybrid", "--port-id", HYBRID_PORT, "--mac", HYBRID_MAC,
                "--mtu", "1450", "--netns", sb.netns(), "--db", sb.unixRemote(),
                "--vm-uuid", "6f1d3a2e-0000-4c3b-9a8e-0123456789ab");
        assertThat(plug.code()).as("vifctl vif plug: %s", plug.err()).isZero();
        hybridVm = vm(NamespaceVm.create(sb, "vifd-seed1", HYBRID_MAC).enslaveTo(names.bridge()));
        bridgeVm = vm(NamespaceVm.create(sb, "vifd-seed2", BRIDGE_MAC).plugInto("br-int", BRIDGE_PORT));

        await("both ports up in /ports").atMost(WIRED).untilAsserted(() ->
                assertThat(portStates()).containsEntry(HYBRID_PORT, "up").containsEntry(BRIDGE_PORT, "up"));
        String qvoTag = sb.vsctl("get", "Port", names.ovsVeth(), "tag").ok().out().strip();
        assertThat(qvoTag).as("qvo leaves the dead VLAN once wired").isNotEqualTo("4095")
                .isEqualTo(sb.vsctl("get", "Port", bridgeVm.hostIf(), "tag").ok().out().strip());

        for (NamespaceVm vm : List.of(hybridVm, bridgeVm)) {
            var r = vm.dhclient(Duration.ofSeconds(60));
            assertThat(r.exitCode()).as("dhclient in %s: %s", vm.name(), r.stderr()).isZero();
        }
        assertThat(hybridVm.addresses()).contains("inet 20.20.20.4/24");
        assertThat(bridgeVm.addresses()).contains("inet 20.20.20.5/24");
        assertThat(hybridVm.routes()).contains("default via 20.20.20.1");
        assertThat(Files.readString(hybridVm.dir().resolve("dhclient.leases")))
                .contains("option host-name \"host-20-20-20-4\"", "option domain-name \"openstacklocal\"",
                        "option dhcp-server-identifier 20.20.20.2", "option interface-mtu 1450");
        assertThat(Files.readString(hybridVm.resolvConf())).contains("nameserver 20.20.20.53");
        await("VM 1 reaches VM 2 through qbr/qvb/qvo and br-int").atMost(WIRED)
                .until(() -> hybridVm.ping("20.20.20.5"));

        Result leases = vifctl("agent", "leases", "--status", "127.0.0.1:" + statusPort, "--format", "json");
        assertThat(leases.code()).as(leases.err()).isZero();
        assertThat(leases.out()).contains(HYBRID_MAC, "20.20.20.4", BRIDGE_MAC, "20.20.20.5");
        Result flows = vifctl("of", "--rundir", sb.dir().toString(), "dump-flows", "br-int");
        assertThat(flows.code()).as(flows.err()).isZero();
        assertThat(flows.out()).contains("dl_src=" + HYBRID_MAC, "dl_src=" + BRIDGE_MAC);
    }

    @Test
    @Order(2)
    void unplugRemovesTheHybridChainAndTheAgentDropsThePort() {
        OvsSandbox sb = OVS.sandbox();
        DeviceNames names = DeviceNames.forPort(HYBRID_PORT);
        Result unplug = vifctl("vif", "unplug", "--mode", "hybrid", "--port-id", HYBRID_PORT, "--mac", HYBRID_MAC,
                "--netns", sb.netns(), "--db", sb.unixRemote());
        assertThat(unplug.code()).as("vifctl vif unplug: %s", unplug.err()).isZero();
        assertThat(sb.vsctl("list-ports", "br-int").ok().out().lines()).doesNotContain(names.ovsVeth());
        for (String dev : List.of(names.bridge(), names.bridgeVeth(), names.ovsVeth())) {
            assertThat(sb.namespace().exec("ip", "link", "show", "dev", dev).succeeded()).as(dev).isFalse();
        }
        await("the port reported down").atMost(WIRED).untilAsserted(() ->
                assertThat(portStates()).doesNotContainEntry(HYBRID_PORT, "up").containsEntry(BRIDGE_PORT, "up"));
        await("its admit flows gone").atMost(WIRED).untilAsserted(() ->
                assertThat(sb.ofctl("-O", "OpenFlow13", "dump-flows", "br-int").ok().out())
                        .doesNotContain("dl_src=" + HYBRID_MAC).contains("dl_src=" + BRIDGE_MAC));
    }

    private static NamespaceVm vm(NamespaceVm vm) {
        VMS.add(vm);
        return vm;
    }

    /** Port id → state, from {@code vifctl agent ports --format json} (the status endpoint's /ports). */
    private static Map<String, String> portStates() throws IOException {
        Result r = vifctl("agent", "ports", "--status", "127.0.0.1:" + statusPort, "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = JSON.readTree(r.out());
        JsonNode ports = root.isArray() ? root : root.path("ports");
        Map<String, String> states = new java.util.TreeMap<>();
        for (JsonNode p : ports) {
            String id = p.hasNonNull("port_id") ? p.get("port_id").asText() : p.path("id").asText();
            states.put(id, p.path("state").asText());
        }
        return states;
    }

    private record Result(int code, String out, String err) {
    }

    private static Result vifctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            List<String> all = new ArrayList<>();
            if (!args[0].equals("vif") && !args[0].equals("of") && !args[0].equals("agent")) {
                all.add("--db=" + OVS.sandbox().unixRemote());
            }
            all.addAll(List.of(args));
            code = Vifctl.run(all.toArray(String[]::new), o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String intent() {
        return """
                {"networks": [
                  {"id": "%1$s", "name": "net-a", "mtu": 1450, "provider:network_type": "vlan",
                   "provider:physical_network": "physnet1", "provider:segmentation_id": 101}],
                 "subnets": [
                  {"id": "%2$s", "network_id": "%1$s", "cidr": "20.20.20.0/24", "ip_version": 4,
                   "gateway_ip": "20.20.20.1", "enable_dhcp": true, "dns_nameservers": ["20.20.20.53"]}],
                 "ports": [
                  {"id": "3b6c1f0e-2d4a-4c9b-8e7f-6a5d4c3b2a01", "network_id": "%1$s", "mac_address": "fa:16:3e:5a:00:02",
                   "device_owner": "network:dhcp",
                   "fixed_ips": [{"subnet_id": "%2$s", "ip_address": "20.20.20.2"}]},
                  {"id": "%3$s", "network_id": "%1$s", "mac_address": "%4$s", "device_owner": "compute:nova",
                   "fixed_ips": [{"subnet_id": "%2$s", "ip_address": "20.20.20.4"}]},
                  {"id": "%5$s", "network_id": "%1$s", "mac_address": "%6$s", "device_owner": "compute:nova",
                   "fixed_ips": [{"subnet_id": "%2$s", "ip_address": "20.20.20.5"}]}]}
                """.formatted(NET, SUBNET, HYBRID_PORT, HYBRID_MAC, BRIDGE_PORT, BRIDGE_MAC);
    }
}
