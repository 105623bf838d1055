package org.vifd.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatusSinkTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode read(Path f) throws Exception {
        return JSON.readTree(Files.readString(f));
    }

    @Test
    void portsAreWrittenSortedAndRemovedAndNoTempFileIsLeft(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("intent.status.json");
        Instant t = Instant.parse("2025-01-02T03:04:05.678Z");
        try (FileStatusSink sink = new FileStatusSink(f)) {
            sink.report(PortStatus.down("b", t, "no ofport"));
            sink.report(PortStatus.up("a", t, "wired"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(f) && read(f).get("ports").size() == 2);
            JsonNode ports = read(f).get("ports");
            assertThat(ports.get(0).get("id").asText()).isEqualTo("a");
            assertThat(ports.get(0).get("state").asText()).isEqualTo("up");
            assertThat(ports.get(0).get("timestamp").asText()).isEqualTo("2025-01-02T03:04:05.678Z");
            assertThat(ports.get(0).get("reason").asText()).isEqualTo("wired");
            assertThat(ports.get(1).get("state").asText()).isEqualTo("down");

            sink.report(PortStatus.up("b", t.plusSeconds(1), "wired"));
            sink.remove("a");
            await().atMost(Duration.ofSeconds(10)).until(() -> read(f).get("ports").size() == 1
                    && read(f).get("ports").get(0).get("state").asText().equals("up"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void closeWritesWhatIsPending(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/status.json");
        FileStatusSink sink = new FileStatusSink(f);
        for (int i = 0; i < 500; i++) {
            sink.report(PortStatus.up("p" + i, Instant.EPOCH, "wired"));
        }
        sink.close();
        assertThat(read(f).get("ports").size()).isEqualTo(500);
    }

    @Test
    void aWriteSerializesOnlyTheChangedPortsAndABurstIsCoalesced(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("intent.status.json");
        try (FileStatusSink sink = new FileStatusSink(f, Duration.ofMillis(200))) {
            for (int i = 0; i < 1000; i++) {
                sink.report(PortStatus.down("p" + i, Instant.EPOCH, "wiring"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(f) && read(f).get("ports").size() == 1000);
            // 1,000 reports in a loop: the first may be written at once, the rest wait for the next interval.
            assertThat(sink.writes()).isLessThan(10);
            long before = sink.serializedEntries();
            long writesBefore = sink.writes();

            sink.report(PortStatus.up("p500", Instant.EPOCH.plusSeconds(1), "wired"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.writes() > writesBefore);
            assertThat(sink.serializedEntries() - before).as("entries serialized for one changed port").isEqualTo(1);
            JsonNode ports = read(f).get("ports");
            assertThat(ports.size()).isEqualTo(1000);
            JsonNode p500 = null;
            for (JsonNode p : ports) {
                if (p.get("id").asText().equals("p500")) {
                    p500 = p;
                }
            }
            assertThat(p500).isNotNull();
            assertThat(p500.get("state").asText()).isEqualTo("up");
            assertThat(p500.get("timestamp").asText()).isEqualTo("1970-01-01T00:00:01Z");
        }
    }

    @Test
    void anEmptySinkWritesAValidDocumentAndReasonsAreEscaped(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("status.json");
        try (FileStatusSink sink = new FileStatusSink(f)) {
            sink.flush();
            assertThat(read(f).get("ports").size()).isZero();
            sink.report(PortStatus.down("q\"1", Instant.EPOCH, "interface failed: \"bad\"\n"));
            sink.flush();
            JsonNode port = read(f).get("ports").get(0);
            assertThat(port.get("id").asText()).isEqualTo("q\"1");
            assertThat(port.get("reason").asText()).isEqualTo("interface failed: \"bad\"\n");
        }
    }
}
