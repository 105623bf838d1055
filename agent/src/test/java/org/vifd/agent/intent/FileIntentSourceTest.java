package org.vifd.agent.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIntentSourceTest {
    static String intent(String... portIds) {
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < portIds.length; i++) {
            ports.append(i == 0 ? "" : ",").append("{\"id\": \"").append(portIds[i])
                    .append("\", \"network_id\": \"n1\", \"mac_address\": \"fa:16:3e:00:00:0").append(i + 1)
                    .append("\"}");
        }
        return "{\"networks\": [{\"id\": \"n1\", \"provider:network_type\": \"flat\", "
                + "\"provider:physical_network\": \"physnet1\"}], \"ports\": [" + ports + "]}";
    }

    /** Writes like an editor or deployment tool: a new file renamed over the old one. */
    static void replace(Path file, String text) throws Exception {
        Path tmp = file.resolveSibling(".tmp-" + System.nanoTime());
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static List<String> portIds(Intent i) {
        return i.ports().stream().map(Port::id).toList();
    }

    @Test
    void aReplacedFileAppliesLiveAndAnInvalidOneKeepsTheIntentInForce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intent.json");
        Files.writeString(file, intent("a"));
        List<Intent> seen = new CopyOnWriteArrayList<>();
        try (FileIntentSource src = new FileIntentSource(file, dir.resolve("intent.status.json"), 1 << 20)) {
            src.addListener(seen::add);
            src.start();
            assertThat(portIds(src.current())).containsExactly("a");

            replace(file, intent("a", "b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
            assertThat(portIds(seen.get(0))).containsExactly("a", "b");
            assertThat(src.current()).isSameAs(seen.get(0));

            replace(file, "{\"ports\": [{\"id\": \"c\"}]}");
            // The rejection is logged; a later valid write proves the watcher went on and nothing came in between.
            replace(file, intent("a", "b", "d"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
            assertThat(portIds(seen.get(1))).containsExactly("a", "b", "d");

            // Written in place (truncate + write) works too.
            Files.writeString(file, intent("e"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
            assertThat(portIds(src.current())).containsExactly("e");
        }
    }

    @Test
    void rejectedChangedAndRemovedFilesAreToldApartByReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("intent.yaml");
        Files.writeString(file, "networks: []\nports: []\n");
        try (FileIntentSource src = new FileIntentSource(file, dir.resolve("s.json"), 1 << 20)) {
            src.start();
            Intent first = src.current();
            assertThat(first).isEqualTo(Intent.EMPTY);
            Files.writeString(file, "ports: [{id: x}]\n");
            assertThat(src.reload()).as("invalid").isFalse();
            assertThat(src.current()).isSameAs(first);
            Files.writeString(file, "ports: []\n");
            assertThat(src.reload()).as("equal to the intent in force").isFalse();
            Files.delete(file);
            assertThat(src.reload()).as("removed").isFalse();
            assertThat(src.current()).isSameAs(first);
            Files.writeString(file, "x".repeat(2 << 20));
            assertThat(src.reload()).as("too large").isFalse();
        }
    }

    @Test
    void startFailsOnAMissingOrInvalidFile(@TempDir Path dir) {
        Path file = dir.resolve("intent.json");
        FileIntentSource missing = new FileIntentSource(file, dir.resolve("s.json"), 1 << 20);
        assertThatThrownBy(missing::start).isInstanceOf(NoSuchFileException.class);
        missing.close();
        assertThatThrownBy(() -> {
            Files.writeString(file, "{\"networks\": [{\"id\": \"n\"}]}");
            try (FileIntentSource bad = new FileIntentSource(file, dir.resolve("s.json"), 1 << 20)) {
                bad.start();
            }
        }).isInstanceOf(InvalidIntentException.class)
                .hasMessage(file + ": networks[0] (id n): provider:network_type: missing (and 1 more)");
    }
}
