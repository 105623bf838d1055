package org.vifd.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.agent.Agent;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.vif.DeviceNames;

/**
 * The whole agent with {@code cleanup_stale_ports: true} and {@code libvirt_uri: test:///default} (a driver with one
 * running domain, "test", and no other): at start a VM port whose device is gone is deleted, a vifd-plugged port of a
 * VM that is not running is unplugged, and libvirt's own port and a healthy port without a VM stay.
 */
class AgentPortCleanupSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static final String PORT_ID = "a3" + UUID.randomUUID().toString().substring(2);
    private static final String VIFD_TAP = DeviceNames.forPort(PORT_ID).tap();
    private static Path dir;
    private static Agent agent;

    @BeforeAll
    static void setUp() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        // A device that exists, so only the libvirt hook (not the stale sweep) can take this port away.
        sb.namespace().exec("ip", "link", "add", VIFD_TAP, "type", "veth", "peer", "name", "agpeer0").ok();
        sb.namespace().exec("ip", "link", "add", "libvtap0", "type", "veth", "peer", "name", "agpeer1").ok();
        sb.vsctl("add-port", "br-int", VIFD_TAP, "--", "set", "Interface", VIFD_TAP,
                "external_ids:iface-id=" + PORT_ID, "external_ids:attached-mac=fa:16:3e:30:00:01",
                "external_ids:iface-status=active", "external_ids:vm-uuid=" + UUID.randomUUID()).ok();
        sb.vsctl("add-port", "br-int", "libvtap0", "--", "set", "Interface", "libvtap0",
                "external_ids:iface-id=" + UUID.randomUUID(), "external_ids:attached-mac=fa:16:3e:30:00:02",
                "external_ids:vm-id=" + UUID.randomUUID()).ok();
        sb.vsctl("add-port", "br-int", "tapgone0", "--", "set", "Interface", "tapgone0",
                "external_ids:iface-id=" + UUID.randomUUID()).ok();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(sb.vsctl("get", "Interface", "tapgone0", "error").ok().out()).contains("No such device"));

        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-agent-lv-");
        Files.writeString(dir.resolve("intent.json"), "{\"networks\": [], \"subnets\": [], \"ports\": []}");
        Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                + "datapath_type: netdev\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-lv-of.sock") + "\n"
                + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n"
                + "libvirt_uri: test:///default\nlibvirt_reconcile_grace: 1\ncleanup_stale_ports: true\n");
        AgentConfig config = AgentConfigReader.read(dir.resolve("vifd.yaml"));
        assertThat(config.cleanupStalePorts()).isTrue();
        assertThat(config.libvirtReconcileGrace()).isEqualTo(Duration.ofSeconds(1));
        agent = new Agent(config, Clock.systemUTC());
        agent.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (agent != null) {
            agent.close();
        }
        OVS.sandbox().namespace().exec("ip", "link", "del", VIFD_TAP);
        OVS.sandbox().namespace().exec("ip", "link", "del", "libvtap0");
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean portExists(String name) {
        return OVS.sandbox().vsctl("list-ports", "br-int").ok().out().lines().anyMatch(name::equals);
    }

    @Test
    void atStartTheAgentDeletesStalePortsAndUnplugsPortsOfVmsThatAreNotRunning() {
        await("the stale port goes").atMost(Duration.ofSeconds(20)).until(() -> !portExists("tapgone0"));
        await("the gone VM's port is unplugged").atMost(Duration.ofSeconds(20)).until(() -> !portExists(VIFD_TAP));
        assertThat(portExists("libvtap0")).as("libvirt's port (vm-id) stays").isTrue();
    }
}
