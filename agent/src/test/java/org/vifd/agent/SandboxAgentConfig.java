package org.vifd.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.vifd.testkit.OvsSandbox;

/**
 * The vifd.yaml an agent sandbox test starts the agent with, and the wait for its bridges. Every such test has the
 * same base: the sandbox's ovsdb, the netdev datapath, physnet1 on br-phys, OpenFlow on a unix socket in the sandbox
 * dir, state in {@code DIR/state}, status on an ephemeral port; each adds its intent source and settings.
 */
public final class SandboxAgentConfig {
    private SandboxAgentConfig() {
    }

    /** Writes and answers {@code dir/vifd.yaml}: the base, then {@code lines} (YAML lines of the test's own). */
    public static Path write(Path dir, OvsSandbox sb, String... lines) throws IOException {
        StringBuilder yaml = new StringBuilder("ovsdb: " + sb.unixRemote() + "\n"
                + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                + "state_dir: state\nstatus_listen: 127.0.0.1:0\n");
        for (String line : lines) {
            yaml.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("vifd.yaml"), yaml);
    }

    /** Waits until the agent has made br-int and patched it to br-phys (int-br-phys on br-int). */
    public static void awaitBridges(OvsSandbox sb, Duration within) {
        await("br-int and br-phys").atMost(within).untilAsserted(() ->
                assertThat(sb.vsctl("list-ports", "br-int").out()).contains("int-br-phys"));
    }
}
