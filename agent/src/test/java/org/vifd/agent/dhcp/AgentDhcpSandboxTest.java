package org.vifd.agent.dhcp;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.agent.Agent;
import org.vifd.agent.SandboxAgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.LeaseState;
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * The real agent serving DHCP end to end: it creates br-int and br-phys itself, wires two namespace "VMs" plugged as
 * Nova would from an intent of two VLAN networks (provider VLANs 101 and 102 on physnet1), and their real ISC
 * {@code dhclient} gets its address, routes, DNS search domain and hostname from vifd over its own pipeline (table
 * 25's DHCP admission → table 60 punt → table 77 meter and controller). After an agent restart on the same
 * {@code state_dir}, a client in INIT-REBOOT gets an ACK. What is asserted is what the clients installed or wrote.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentDhcpSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    static final Duration WIRED = Duration.ofSeconds(30);
    static final String MAC1 = "fa:16:3e:9b:10:b6";
    static final String MAC2 = "fa:16:3e:9b:10:b7";

    static Path dir;
    static Agent agent;
    static NamespaceVm vm1;
    static NamespaceVm vm2;
    static final java.util.List<Process> CLIENTS = new java.util.ArrayList<>();

    static String intent() {
        String subnet = "\"cidr\": \"20.20.20.0/24\", \"ip_version\": 4, \"gateway_ip\": \"20.20.20.1\", "
                + "\"dns_nameservers\": [\"20.20.20.53\"], \"enable_dhcp\": true";
        return "{\"networks\": ["
                + "{\"id\": \"net-a\", \"name\": \"a\", \"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 101, \"mtu\": 1450},"
                + "{\"id\": \"net-b\", \"name\": \"b\", \"provider:network_type\": \"vlan\", "
                + "\"provider:physical_network\": \"physnet1\", \"provider:segmentation_id\": 102}],"
                + "\"subnets\": [{\"id\": \"sub-a\", \"network_id\": \"net-a\", " + subnet + "},"
                + "{\"id\": \"sub-b\", \"network_id\": \"net-b\", " + subnet + "}],"
                + "\"ports\": ["
                + port("dhcp-a", "net-a", "sub-a", "fa:16:3e:00:00:02", "20.20.20.2", "network:dhcp") + ","
                + port("dhcp-b", "net-b", "sub-b", "fa:16:3e:00:01:02", "20.20.20.2", "network:dhcp") + ","
                + port("vm-port-1", "net-a", "sub-a", MAC1, "20.20.20.4", "compute:nova") + ","
                + port("vm-port-2", "net-a", "sub-a", MAC2, "20.20.20.5", "compute:nova") + "]}";
    }

    static String port(String id, String net, String subnet, String mac, String ip, String owner) {
        return "{\"id\": \"" + id + "\", \"network_id\": \"" + net + "\", \"mac_address\": \"" + mac
                + "\", \"device_owner\": \"" + owner + "\", \"fixed_ips\": [{\"subnet_id\": \"" + subnet
                + "\", \"ip_address\": \"" + ip + "\"}]}";
    }

    @BeforeAll
    static void startAgentAndVms() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-agentdhcp-");
        Files.writeString(dir.resolve("intent.json"), intent());
        SandboxAgentConfig.write(dir, sb, "intent_file: intent.json",
                "dhcp: {dns_domain: openstacklocal, metadata_route: true}");
        agent = startAgent();
        SandboxAgentConfig.awaitBridges(sb, WIRED);
        vm1 = NamespaceVm.create(sb, "vifd-dh", MAC1).plugInto("br-int", "vm-port-1");
        vm2 = NamespaceVm.create(sb, "vifd-dh", MAC2).plugInto("br-int", "vm-port-2");
    }

    static Agent startAgent() throws Exception {
        Agent a = new Agent(AgentConfigReader.read(dir.resolve("vifd.yaml")), Clock.systemUTC());
        a.start();
        return a;
    }

    @AfterAll
    static void stop() throws IOException {
        if (agent != null) {
            agent.close();
        }
        for (NamespaceVm vm : new NamespaceVm[] {vm1, vm2}) {
            if (vm != null) {
                vm.close();
            }
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static void awaitUp(String... ids) {
        await("ports up").atMost(WIRED).untilAsserted(() -> {
            String status = Files.readString(dir.resolve("intent.status.json"));
            for (String id : ids) {
                assertThat(status).containsPattern("\"id\"\\s*:\\s*\"" + id + "\"[^}]*\"state\"\\s*:\\s*\"up\"");
            }
        });
    }

    static String get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + path);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
        return r.body();
    }

    static Process dhclient(NamespaceVm vm, String log) {
        Process p = vm.spawn(log, "unshare", "--uts", "dhclient", "-d", "-v", "-lf",
                vm.dir().resolve("dhclient.leases").toString(), "-pf", vm.dir().resolve("dhclient.pid").toString(),
                "eth0");
        CLIENTS.add(p);
        return p;
    }

    static String lease(NamespaceVm vm) {
        return NamespaceVm.read(vm.dir().resolve("dhclient.leases"));
    }

    @Test
    @Order(1)
    void dhclientInEachVmGetsItsAddressRoutesSearchDomainAndHostname() throws Exception {
        awaitUp("vm-port-1", "vm-port-2");
        dhclient(vm1, "dhclient-1.log");
        dhclient(vm2, "dhclient-1.log");
        await("vm1 bound").atMost(WIRED).until(() -> vm1.log("dhclient-1.log").contains("bound to 20.20.20.4"));
        await("vm2 bound").atMost(WIRED).until(() -> vm2.log("dhclient-1.log").contains("bound to 20.20.20.5"));

        assertThat(vm1.addresses()).contains("inet 20.20.20.4/24");
        assertThat(vm2.addresses()).contains("inet 20.20.20.5/24");
        assertThat(vm1.routes()).contains("default via 20.20.20.1 dev eth0")
                .contains("169.254.169.254 via 20.20.20.2 dev eth0");
        assertThat(vm1.link()).contains("mtu 1450");
        assertThat(NamespaceVm.read(vm1.resolvConf())).contains("search openstacklocal")
                .contains("nameserver 20.20.20.53");
        assertThat(NamespaceVm.read(vm2.resolvConf())).contains("search openstacklocal");
        assertThat(lease(vm1)).contains("fixed-address 20.20.20.4;", "option host-name \"host-20-20-20-4\";",
                "option domain-name \"openstacklocal\";", "option dhcp-server-identifier 20.20.20.2;");
        assertThat(lease(vm2)).contains("fixed-address 20.20.20.5;", "option host-name \"host-20-20-20-5\";");
        // The two VMs reach each other over the wiring the agent made.
        assertThat(vm1.exec(Duration.ofSeconds(15), "ping", "-c", "1", "-W", "2", "20.20.20.5").exitCode()).isZero();
    }

    @Test
    @Order(2)
    void leasesAreServedAtSlashLeasesAndTheFlowsCarryTheRunsDhcpCookie() throws Exception {
        await("leases bound").atMost(WIRED).untilAsserted(() -> assertThat(get("/leases"))
                .containsPattern("\"mac\" : \"" + MAC1 + "\",\\s*\"ip\" : \"20.20.20.4\",\\s*"
                        + "\"hostname\" : \"host-20-20-20-4\",\\s*\"state\" : \"bound\",\\s*\"expiry\" : \"20")
                .containsPattern("\"ip\" : \"20.20.20.5\",\\s*\"hostname\" : \"host-20-20-20-5\",\\s*\"state\" : "
                        + "\"bound\""));
        int run = agent.reconciler().cookies().runId();
        String punt = OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-flows", "br-int", "table=77").ok().out();
        assertThat(punt).contains(String.format("cookie=0x%x4", run & 0xffffffffL))
                .containsPattern("in_port=" + vm1.ofport() + " actions=meter:\\d+,controller\\(max_len=1536,userdata=00.00.00.0");
        String meters = OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-meters", "br-int").ok().out();
        assertThat(meters).contains("pktps burst stats bands=");
    }

    @Test
    @Order(2)
    void metricsCountTheExchangesByTypeAndTheirTime() throws Exception {
        // Both VMs did DISCOVER -> OFFER, REQUEST -> ACK (test 1).
        String m = get("/metrics");
        assertThat(metric(m, "vifd_dhcp_received_total{type=\"discover\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(m, "vifd_dhcp_received_total{type=\"request\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(m, "vifd_dhcp_replies_total{type=\"offer\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(m, "vifd_dhcp_replies_total{type=\"ack\"}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(m, "vifd_dhcp_exchange_seconds_count")).isGreaterThanOrEqualTo(4);
        assertThat(metric(m, "vifd_dhcp_exchange_seconds_bucket{le=\"+Inf\"}")).isGreaterThanOrEqualTo(4);
        assertThat(metric(m, "vifd_dhcp_naks_total")).isZero();
        assertThat(metric(m, "vifd_dhcp_dropped_total{reason=\"spoofed\"}")).isZero();
        assertThat(m).contains("vifd_dhcp_dropped_total{reason=\"rate_limited\"}",
                "vifd_dhcp_dropped_total{reason=\"unknown_key\"}", "vifd_dhcp_dropped_total{reason=\"malformed\"}");
        // A served port has no DHCP problem on /ports.
        assertThat(get("/ports")).contains("\"port_id\" : \"vm-port-1\"").doesNotContain("\"dhcp\" :");
    }

    /** The value of one sample line of the Prometheus text format. */
    static double metric(String text, String sample) {
        for (String line : text.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).strip());
            }
        }
        throw new AssertionError("no sample " + sample + " in /metrics:\n" + text);
    }

    @Test
    @Order(3)
    void afterAnAgentRestartOnTheSameStateDirInitRebootGetsAck() throws Exception {
        for (Process p : CLIENTS) {
            vm1.stop(p);
        }
        CLIENTS.clear();
        int oldRun = agent.reconciler().cookies().runId();
        agent.close();
        agent = startAgent();
        // The journal brought the leases back before any client asked.
        assertThat(agent.dhcpServer().leases().lease(Ipv4Address.parse("20.20.20.4")).state())
                .isEqualTo(LeaseState.BOUND);
        int newRun = agent.reconciler().cookies().runId();
        awaitUp("vm-port-1", "vm-port-2");
        // The earlier run's flows go once the new run has installed its own, DHCP ones included.
        await("old run's flows gone").atMost(WIRED).untilAsserted(() -> assertThat(OVS.sandbox()
                .ofctl("-O", "OpenFlow13", "dump-flows", "br-int").ok().out())
                .doesNotContain(String.format("cookie=0x%x", oldRun & 0xffffffffL))
                .contains(String.format("cookie=0x%x4", newRun & 0xffffffffL)));

        dhclient(vm1, "dhclient-2.log");
        await("vm1 bound again").atMost(WIRED).until(() -> vm1.log("dhclient-2.log").contains("bound to 20.20.20.4"));
        // INIT-REBOOT (RFC 2131 §4.3.2): a REQUEST for the remembered address, no DISCOVER, answered with an ACK.
        assertThat(vm1.log("dhclient-2.log")).contains("DHCPREQUEST for 20.20.20.4 on eth0 to 255.255.255.255")
                .contains("DHCPACK of 20.20.20.4 from 20.20.20.2")
                .doesNotContain("DHCPDISCOVER").doesNotContain("DHCPNAK");
        assertThat(agent.dhcpServer().service().counters().acks()).isGreaterThanOrEqualTo(1);
        assertThat(agent.dhcpServer().service().counters().offers()).isZero();
    }

    /**
     * A new fixed IP for a wired port changes its admission (anti-spoofing) flows; while they are replaced the port
     * stays wired, so its DHCP binding changes in place: the port's DHCP punt flow is never deleted and re-added
     * (its duration keeps counting), and the snapshot answers with the new address.
     */
    @Test
    @Order(4)
    void aNewFixedIpChangesTheBindingInPlaceWithoutReinstallingTheDhcpFlows() throws Exception {
        String puntFlow = "table=" + DhcpFlows.TABLE_PUNT + ",in_port=" + vm2.ofport();
        await("vm2 served").atMost(WIRED).until(() -> servedAddress("vm-port-2") != null);
        double before = puntDuration(puntFlow);
        long changedAt = System.nanoTime();
        Files.writeString(dir.resolve("intent.json"), intent().replace("\"20.20.20.5\"", "\"20.20.20.9\""));

        await("vm2 bound to its new address").atMost(WIRED)
                .until(() -> Ipv4Address.parse("20.20.20.9").equals(servedAddress("vm-port-2")));
        await("vm2's admission flows for the new address").atMost(WIRED).untilAsserted(() -> assertThat(OVS.sandbox()
                .ofctl("-O", "OpenFlow13", "dump-flows", "br-int", "in_port=" + vm2.ofport()).ok().out())
                .contains("20.20.20.9").doesNotContain("20.20.20.5"));
        double elapsed = (System.nanoTime() - changedAt) / 1e9;
        // A flow deleted and added again would be younger than the time since the change.
        assertThat(puntDuration(puntFlow)).as("the punt flow's duration (s)").isGreaterThanOrEqualTo(
                before + elapsed - 0.1);
        awaitUp("vm-port-2");
    }

    static Ipv4Address servedAddress(String portId) {
        return agent.dhcpServer().service().snapshot().ports().stream().filter(p -> p.portId().equals(portId))
                .map(p -> p.binding().ip()).findFirst().orElse(null);
    }

    static double puntDuration(String flow) {
        String out = OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-flows", "br-int", flow).ok().out();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("duration=([0-9.]+)s").matcher(out);
        assertThat(m.find()).as("a punt flow in %s", out).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
