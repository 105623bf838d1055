package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.Exec;
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * Issue 9's flood test: one VM floods 10,000 DISCOVERs while another VM does DORA one exchange at a time; the
 * quiet VM loses nothing and gets no NAK, and the flooder is held to a trickle. vifd runs with its default flood
 * guard (per-port meter 40 packets/s, burst 80; responder bucket 20 messages/s per port, burst 40). The quiet VM's
 * p99 during the flood (target ≤ 10 ms) is printed here but judged in the benchmark ({@code dhcp-dora}, flood
 * phase, docs/benchmarks.md): timing targets are not asserted in tests, where a loaded machine would make them flaky.
 *
 * <p>Both VMs run the benchmark's load generator ({@code bench/src/main/python/dhcp_load.py}, raw AF_PACKET
 * frames with the UDP checksum computed). The JVM is warmed up first ({@link HotPathWarmUp}), as an agent that
 * has been running is; the quiet VM paces its exchanges (8 per second: 16 messages, under its
 * own port's limit, as a real client is) and records when each started, so only the exchanges that started while
 * the flood was being sent are judged.
 */
class DhcpFloodSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    /** The generator lives in the bench module; surefire runs with the module folder as working directory. */
    static final Path GENERATOR = Path.of("../bench/src/main/python/dhcp_load.py").toAbsolutePath().normalize();
    static final int FLOOD_COUNT = 10_000;
    /** 10,000 DISCOVERs in 5 s: 50 times the flooding port's meter, for long enough to sample the quiet VM. */
    static final int FLOOD_RATE = 2_000;
    static final double QUIET_INTERVAL_S = 0.125;
    static final long P99_LIMIT_MICROS = 10_000;

    static DhcpAgentHarness agent;
    static final IntentFixture INTENT = new IntentFixture();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startAgent() throws IOException {
        OvsSandbox sb = OVS.sandbox();
        Exec.require("python3");
        System.out.println("DhcpFloodSandboxTest JIT warm-up: " + HotPathWarmUp.run(sb, GENERATOR, 6));
        agent = new DhcpAgentHarness(sb, "vifd-dhcp-flood-").start();
    }

    @AfterAll
    static void stopAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aFloodingVmLeavesAnotherVmsExchangesFastAndComplete() throws Exception {
        assertThat(GENERATOR).as("the load generator of the bench module").isRegularFile();
        INTENT.port("port-flooder", "fa:16:3e:00:02:01", "20.20.20.21").port("port-quiet", "fa:16:3e:00:02:02",
                "20.20.20.22");
        try (NamespaceVm flooder = agent.plugVm("port-flooder", "fa:16:3e:00:02:01");
             NamespaceVm quiet = agent.plugVm("port-quiet", "fa:16:3e:00:02:02")) {
            assertThat(agent.apply(INTENT.intent()).problems()).isEmpty();
            // Warm-up (first packets meet a cold JIT and empty flow caches): a few paced exchanges, all answered.
            JsonNode warm = pacedDora(quiet, 1.0);
            assertThat(warm.get("exchanges").asLong()).as("warm-up %s", warm).isPositive();

            long floodStart = System.nanoTime() + 1_500_000_000L;
            Path latencies = quiet.dir().resolve("quiet-latencies.txt");
            Process quietRun = quiet.spawn("quiet.log", "python3", GENERATOR.toString(), "dora", "--inflight", "1",
                    "--interval", Double.toString(QUIET_INTERVAL_S), "--duration", "7", "--start-at",
                    Long.toString(floodStart - 500_000_000L), "--latency-file", latencies.toString(),
                    "--latency-starts");
            Process floodRun = flooder.spawn("flood.log", "python3", GENERATOR.toString(), "flood", "--count",
                    Integer.toString(FLOOD_COUNT), "--rate", Integer.toString(FLOOD_RATE), "--linger", "0.5",
                    "--start-at", Long.toString(floodStart));
            assertThat(floodRun.waitFor(60, TimeUnit.SECONDS)).as("flooder finished").isTrue();
            assertThat(quietRun.waitFor(60, TimeUnit.SECONDS)).as("quiet VM finished").isTrue();
            JsonNode flood = lastJson(flooder.log("flood.log"));
            JsonNode result = lastJson(quiet.log("quiet.log"));

            long from = flood.get("t0_ns").asLong();
            long to = flood.get("t_end_ns").asLong();
            long[] during = Files.readAllLines(latencies).stream().filter(l -> !l.isBlank())
                    .map(l -> l.strip().split(" ")).filter(f -> Long.parseLong(f[0]) >= from
                            && Long.parseLong(f[0]) <= to)
                    .mapToLong(f -> Long.parseLong(f[1])).sorted().toArray();
            long p99 = during.length == 0 ? Long.MAX_VALUE
                    : during[(int) Math.max(0, Math.ceil(0.99 * during.length) - 1)];
            String numbers = String.format("flood %s; quiet VM %s; %d exchanges during the flood, p99 %d us, "
                    + "sorted latencies (us) %s; %s", flood, result, during.length, p99, Arrays.toString(during),
                    agent.service().counters());
            System.out.println("DhcpFloodSandboxTest: " + numbers);

            assertThat(flood.get("sent").asLong()).as(numbers).isEqualTo(FLOOD_COUNT);
            // The flood did reach vifd's guard: most of the flooder's DISCOVERs went unanswered.
            assertThat(flood.get("offers").asLong()).as(numbers).isLessThan(FLOOD_COUNT / 10);
            assertThat(during.length).as(numbers).isGreaterThanOrEqualTo(20);
            assertThat(result.get("lost").asLong()).as("quiet VM lost exchanges: " + numbers).isZero();
            assertThat(result.get("naks").asLong()).as(numbers).isZero();
            System.out.printf("quiet VM p99 during the flood: %d us (target %d us, judged in the dhcp-dora bench)%n",
                    p99, P99_LIMIT_MICROS);
        } finally {
            agent.unwire("port-flooder");
            agent.unwire("port-quiet");
            INTENT.remove("port-flooder").remove("port-quiet");
            agent.apply(INTENT.intent());
        }
    }

    private static JsonNode pacedDora(NamespaceVm vm, double seconds) throws IOException {
        var r = vm.exec(Duration.ofSeconds(60), "python3", GENERATOR.toString(), "dora", "--inflight", "1",
                "--interval", Double.toString(QUIET_INTERVAL_S), "--duration", Double.toString(seconds)).ok();
        return lastJson(r.stdout());
    }

    private static JsonNode lastJson(String out) throws IOException {
        String s = out.strip();
        return JSON.readTree(s.substring(s.lastIndexOf('\n') + 1));
    }
}
