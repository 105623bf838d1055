package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.config.ConfigException;

/**
 * The keys that switch the cleanups on, {@code cleanup_stale_ports} and {@code libvirt_uri}, and the libvirt hook's
 * {@code libvirt_reconcile_grace}.
 */
class PortCleanupConfigTest {
    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigReader.parse(yaml, "vifd.yaml", Path.of("/etc/vifd"));
    }

    @Test
    void cleanupStalePortsIsOffByDefaultAndReadAsABoolean() throws Exception {
        assertThat(parse("ovsdb: unix:/run/db.sock\n").cleanupStalePorts()).isFalse();
        assertThat(parse("cleanup_stale_ports: true\n").cleanupStalePorts()).isTrue();
        assertThat(parse("cleanup_stale_ports: false\n").cleanupStalePorts()).isFalse();
        assertThat(parse("cleanup_stale_ports:\n").cleanupStalePorts()).as("no value: the default").isFalse();
        assertThat(parse("cleanup_stale_ports: true\n").toYamlTree()).containsEntry("cleanup_stale_ports", true);
    }

    @Test
    void aNonBooleanIsRejectedNamingTheKey() {
        assertThatThrownBy(() -> parse("cleanup_stale_ports: yes please\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("cleanup_stale_ports");
                    assertThat(e.getMessage()).startsWith("vifd.yaml: cleanup_stale_ports: ")
                            .contains("expected true or false");
                });
    }

    @Test
    void theReconcileGraceIsAMinuteByDefaultAndReadInSeconds() throws Exception {
        assertThat(parse("libvirt_uri: qemu:///system\n").libvirtReconcileGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("libvirt_reconcile_grace:\n").libvirtReconcileGrace()).as("no value: the default")
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("libvirt_reconcile_grace: 0\n").libvirtReconcileGrace()).isZero();
        assertThat(parse("libvirt_reconcile_grace: 90\n").libvirtReconcileGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("libvirt_reconcile_grace: 90\n").toYamlTree()).containsEntry("libvirt_reconcile_grace", 90L);
    }

    @Test
    void aGraceThatIsNotWholeNonNegativeSecondsIsRejectedNamingTheKey() {
        for (String bad : new String[] {"-1", "1.5", "'60'", "86401", "[60]"}) {
            assertThatThrownBy(() -> parse("libvirt_reconcile_grace: " + bad + "\n")).as(bad)
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.key()).isEqualTo("libvirt_reconcile_grace");
                        assertThat(e.getMessage()).startsWith("vifd.yaml: libvirt_reconcile_grace: ")
                                .contains("number of seconds");
                    });
        }
    }
}
