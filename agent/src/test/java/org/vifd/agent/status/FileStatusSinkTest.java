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
}
