package org.vifd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vifd.agent.config.AgentConfigReader;
import picocli.CommandLine;

class VifdCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new VifdCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: vifd", "--config=FILE", "--print-config", "--version");
        Run version = run("--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("vifd 0.1.0-SNAPSHOT");
        assertThat(run("--bogus").exit()).isEqualTo(2);
    }

    @Test
    void printConfigShowsTheResolvedConfigurationWhichReadsBackEqual(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("vifd.yaml");
        Files.writeString(cfg, "bridge_mappings: {physnet1: br-phys}\ndatapath_type: netdev\n");
        Run r = run("--config", cfg.toString(), "--print-config");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("integration_bridge: br-int", "physnet1: br-phys", "datapath_type: netdev",
                "lease_duration: 86400");
        assertThat(AgentConfigReader.parse(r.out(), "printed", dir)).isEqualTo(AgentConfigReader.read(cfg));
    }

    @Test
    void aBadConfigExitsWithOneLineNamingTheKey(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("vifd.yaml");
        Files.writeString(cfg, "ovsdb: tcp:1.2.3.4:http\n");
        Run r = run("-c", cfg.toString(), "--print-config");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vifd: vifd.yaml: ovsdb: 'tcp:1.2.3.4:http': bad port 'http'\n");
        assertThat(run("-c", dir.resolve("none.yaml").toString()).err()).contains("none.yaml: no such file");
    }

    @Test
    void anInvalidIntentFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("vifd.yaml");
        Files.writeString(cfg, "intent_file: intent.json\nstatus_listen: 127.0.0.1:0\n");
        Files.writeString(dir.resolve("intent.json"), "{\"ports\": [{\"id\": \"p\"}]}");
        Run r = run("-c", cfg.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("vifd: " + dir.resolve("intent.json") + ": ports[0] (id p): network_id: "
                + "missing");
    }

    @Test
    void theAgentServesItsIntentPortsAndFollowsIntentChanges(@TempDir Path dir) throws Exception {
        Path intent = dir.resolve("intent.json");
        Files.writeString(intent, "{\"networks\": [{\"id\": \"n1\", \"provider:network_type\": \"flat\", "
                + "\"provider:physical_network\": \"physnet1\"}], \"ports\": [{\"id\": \"p1\", \"network_id\": "
                + "\"n1\", \"mac_address\": \"fa:16:3e:00:00:01\"}]}");
        Path cfg = dir.resolve("vifd.yaml");
        Files.writeString(cfg, "intent_file: intent.json\nstatus_listen: 127.0.0.1:0\nopenflow_listen: ptcp:0:127.0.0.1\n"
                + "ovsdb: unix:" + dir.resolve("no-ovsdb.sock") + "\n");
        HttpClient http = HttpClient.newHttpClient();
        try (Agent agent = new Agent(AgentConfigReader.read(cfg), Clock.systemUTC())) {
            agent.start();
            URI ports = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + "/ports");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(ports).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"port_id\" : \"p1\"", "\"state\" : \"down\"", org.vifd.agent.wiring.PortReconciler.WAITING_FOR_OVSDB));
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + agent.statusAddress().getPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            Files.writeString(intent, Files.readString(intent).replace("\"p1\"", "\"p2\""));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.send(
                    HttpRequest.newBuilder(ports).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"port_id\" : \"p2\"").doesNotContain("\"p1\""));
        }
    }
}
