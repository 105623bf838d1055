package org.vifd.tools.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vifd.agent.status.AgentMetrics;
import org.vifd.agent.status.Health;
import org.vifd.agent.status.PortReport;
import org.vifd.agent.status.PortState;
import org.vifd.agent.status.StatusServer;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.Lease;
import org.vifd.dhcp.LeaseState;
import org.vifd.dhcp.MacAddress;
import org.vifd.tools.VifctlInvocation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** "vifctl agent ..." against the agent's real {@link StatusServer}, started in this JVM on a loopback port. */
class AgentCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant EXPIRY = Instant.parse("2026-11-25T20:00:00Z");

    private static final List<PortReport> PORTS = List.of(
            new PortReport("8a6107b1-3e72-4b71-bd5f-1aa772517004", "tap8a6107b1-3e", 7, "net-blue", 1, PortState.UP,
                    "wired", ""),
            new PortReport("0c9e2d55-1111-4b71-bd5f-1aa772517004", "", -1, "net-red", 4095, PortState.DOWN,
                    "no interface", "ofport: interface not found"));
    private static final List<Lease> LEASES = List.of(
            new Lease(LeaseState.BOUND, MacAddress.parse("fa:16:3e:00:00:01"), Ipv4Address.parse("10.0.0.5"), null,
                    "vm-one", EXPIRY.toEpochMilli()),
            new Lease(LeaseState.OFFERED, MacAddress.parse("fa:16:3e:00:00:22"), Ipv4Address.parse("10.0.0.123"), null,
                    "", EXPIRY.plusSeconds(60).toEpochMilli()));

    private final AtomicReference<Health> health = new AtomicReference<>(Health.ok("2 ports wired"));
    private StatusServer server;

    private String start() throws Exception {
        server = new StatusServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new AgentMetrics(),
                () -> PORTS, health::get).leases(() -> LEASES);
        InetSocketAddress a = server.start().get(10, TimeUnit.SECONDS);
        return "--status=127.0.0.1:" + a.getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Splits a table line at the column starts found in the dashes line. */
    private static List<String> cells(String line, String dashes) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        while (start < dashes.length()) {
            int end = dashes.indexOf(' ', start);
            end = end < 0 ? dashes.length() : end;
            assertThat(line.length()).as("line reaches column at %d: '%s'", start, line).isGreaterThan(start);
            cells.add(line.substring(start, Math.min(end, line.length())).strip());
            start = end + 1;
        }
        if (line.length() > dashes.length()) {
            cells.set(cells.size() - 1, (cells.get(cells.size() - 1) + line.substring(dashes.length())).strip());
        }
        return cells;
    }

    private static VifctlInvocation agent(String... args) {
        List<String> all = new ArrayList<>(List.of("agent"));
        all.addAll(List.of(args));
        return VifctlInvocation.run(all.toArray(String[]::new));
    }

    @Test
    void portsPrintsAnAlignedTableWithOneRowPerPort() throws Exception {
        VifctlInvocation r = agent("ports", start());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        String dashes = lines.get(1);
        assertThat(dashes).matches("-+( -+)*");
        assertThat(cells(lines.get(0), dashes)).containsExactly("port_id", "iface", "ofport", "network_id",
                "local_vlan", "state", "reason", "last_error");
        assertThat(cells(lines.get(2), dashes)).containsExactly("8a6107b1-3e72-4b71-bd5f-1aa772517004",
                "tap8a6107b1-3e", "7", "net-blue", "1", "up", "wired", "\"\"");
        assertThat(cells(lines.get(3), dashes)).containsExactly("0c9e2d55-1111-4b71-bd5f-1aa772517004", "\"\"", "-1",
                "net-red", "4095", "down", "no interface", "ofport: interface not found");
    }

    @Test
    void portsAsJsonIsTheAgentsArray() throws Exception {
        VifctlInvocation r = agent("ports", start(), "--format=json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode list = JSON.readTree(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        JsonNode second = list.get(1);
        assertThat(second.get("port_id").asText()).isEqualTo("0c9e2d55-1111-4b71-bd5f-1aa772517004");
        assertThat(second.get("ofport").asLong()).isEqualTo(-1);
        assertThat(second.get("local_vlan").asInt()).isEqualTo(4095);
        assertThat(second.get("state").asText()).isEqualTo("down");
        assertThat(second.get("last_error").asText()).isEqualTo("ofport: interface not found");
        assertThat(list.get(0).get("iface").asText()).isEqualTo("tap8a6107b1-3e");
    }

    @Test
    void leasesPrintsATableAndJson() throws Exception {
        String status = start();
        VifctlInvocation r = agent("leases", status, "--format", "table");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        String dashes = lines.get(1);
        assertThat(cells(lines.get(0), dashes)).containsExactly("mac", "ip", "hostname", "state", "expiry");
        assertThat(cells(lines.get(2), dashes)).containsExactly("fa:16:3e:00:00:01", "10.0.0.5", "vm-one", "bound",
                "2026-11-25T20:00:00Z");
        assertThat(cells(lines.get(3), dashes)).containsExactly("fa:16:3e:00:00:22", "10.0.0.123", "\"\"", "offered",
                "2026-11-25T20:01:00Z");

        VifctlInvocation json = agent("leases", status, "--format=json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode list = JSON.readTree(json.out());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("ip").asText()).isEqualTo("10.0.0.5");
        assertThat(list.get(1).get("expiry").asText()).isEqualTo("2026-11-25T20:01:00Z");
    }

    @Test
    void statusPrintsHealthAndFailsWhenTheAgentIsFailing() throws Exception {
        String status = start();
        VifctlInvocation ok = agent("status", status);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ok: 2 ports wired\n");

        health.set(Health.failing("ovsdb disconnected"));
        VifctlInvocation failing = agent("status", status);
        assertThat(failing.exitCode()).isEqualTo(1);
        assertThat(failing.out()).isEqualTo("failing: ovsdb disconnected\n");

        VifctlInvocation json = agent("status", status, "--format=json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode o = JSON.readTree(json.out());
        assertThat(o.get("healthy").asBoolean()).isFalse();
        assertThat(o.get("status").asText()).isEqualTo("failing: ovsdb disconnected");
    }

    @Test
    void anUnreachableAgentIsOneLineAndExitCodeOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        for (String cmd : List.of("status", "ports", "leases")) {
            VifctlInvocation r = agent(cmd, "--status=127.0.0.1:" + port);
            assertThat(r.exitCode()).as(cmd).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("vifctl: cannot reach the agent at 127.0.0.1:" + port
                    + ": Connection refused\n");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        VifctlInvocation format = agent("ports", "--format=xml", "--status=127.0.0.1:1");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format: expected table or json, got 'xml'");
        VifctlInvocation status = agent("leases", "--status=localhost");
        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).contains("--status: expected HOST:PORT, got 'localhost'");
    }
}
