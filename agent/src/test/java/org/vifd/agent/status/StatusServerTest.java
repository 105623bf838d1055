package org.vifd.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusServerTest {
    static final AgentMetrics METRICS = new AgentMetrics();
    static final AtomicReference<Health> HEALTH = new AtomicReference<>(Health.ok("3 ports"));
    static final AtomicReference<List<PortReport>> PORTS = new AtomicReference<>(List.of());
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static StatusServer server;
    static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        server = new StatusServer(new InetSocketAddress("127.0.0.1", 0), METRICS, PORTS::get, HEALTH::get)
                .dhcpProblems(id -> id.equals("p2") ? new DhcpPortProblem("decline", "client found 20.20.20.4 in use",
                        java.time.Instant.parse("2026-11-25T21:00:00Z")) : null);
        address = server.start().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzSaysOkOr503() throws Exception {
        HEALTH.set(Health.ok("3 ports"));
        assertThat(get("/healthz")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok: 3 ports\n");
        });
        HEALTH.set(Health.failing("ovsdb down"));
        assertThat(get("/healthz")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("failing: ovsdb down\n");
        });
        HEALTH.set(Health.ok("3 ports"));
    }

    @Test
    void metricsAreInPrometheusTextFormat() throws Exception {
        METRICS.portsWired(3);
        METRICS.wiringLatency(Duration.ofMillis(4));
        METRICS.ovsdbReconnected();
        METRICS.openflowReconnected("br-int");
        METRICS.error(AgentMetrics.ERROR_WIRING);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains(
                "# TYPE vifd_ports_wired gauge", "vifd_ports_wired 3.0",
                "# TYPE vifd_port_wiring_seconds histogram", "vifd_port_wiring_seconds_bucket{le=\"0.005\"} 1",
                "vifd_port_wiring_seconds_count 1",
                "vifd_ovsdb_reconnects_total 1.0",
                "vifd_openflow_reconnects_total{bridge=\"br-int\"} 1.0",
                "vifd_errors_total{kind=\"wiring\"} 1.0", "vifd_errors_total{kind=\"ovsdb\"} 0.0");
    }

    @Test
    void portsAreAJsonArray() throws Exception {
        PORTS.set(List.of(new PortReport("p1", "tap1", 7, "n1", 3, PortState.UP, "wired", ""),
                new PortReport("p2", "", -1, "n1", 0, PortState.DOWN, "no interface", "timeout")));
        HttpResponse<String> r = get("/ports");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("port_id").asText()).isEqualTo("p1");
        assertThat(json.get(0).get("iface").asText()).isEqualTo("tap1");
        assertThat(json.get(0).get("ofport").asLong()).isEqualTo(7);
        assertThat(json.get(0).get("network_id").asText()).isEqualTo("n1");
        assertThat(json.get(0).get("local_vlan").asInt()).isEqualTo(3);
        assertThat(json.get(0).get("state").asText()).isEqualTo("up");
        assertThat(json.get(1).get("last_error").asText()).isEqualTo("timeout");
        // A port's last DHCP problem, only where there is one.
        assertThat(json.get(0).has("dhcp")).isFalse();
        assertThat(json.get(1).get("dhcp").get("problem").asText()).isEqualTo("decline");
        assertThat(json.get(1).get("dhcp").get("reason").asText()).isEqualTo("client found 20.20.20.4 in use");
        assertThat(json.get(1).get("dhcp").get("at").asText()).isEqualTo("2026-11-25T21:00:00Z");
    }

    @Test
    void unknownPathsAndMethodsAreRefusedAndTheConnectionStaysUsable() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + address.getPort() + "/ports")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET");
        HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + address.getPort() + "/ports")).POST(HttpRequest.BodyPublishers.ofString("x".repeat(20000)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(get("/healthz?verbose=1").statusCode()).isEqualTo(200);
    }
}
