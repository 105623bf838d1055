package org.vifd.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * Crashes: the agent runs as a child JVM ({@code VifdCommand}) and is killed with SIGKILL while a VM pings another
 * every 20 ms; then ovs-vswitchd and ovsdb-server are killed and restarted. After each, every port is tagged as
 * before, the flows are back (one agent run's cookies only) and pings resume; a port plugged after the restart is
 * wired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentRestartSandboxTest {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRestartSandboxTest.class);
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    static final Duration WIRED = Duration.ofSeconds(40);

    static Path dir;
    static Process agent;
    static int agentRuns;
    static final List<NamespaceVm> VMS = new ArrayList<>();
    static NamespaceVm a1;
    static NamespaceVm a2;
    static NamespaceVm b1;

    static String[] ports = {
        AgentWiringSandboxTest.port("pa1", "net-a", "fa:16:3e:0a:00:01", "10.0.1.11"),
        AgentWiringSandboxTest.port("pa2", "net-a", "fa:16:3e:0a:00:02", "10.0.1.12"),
        AgentWiringSandboxTest.port("pb1", "net-b", "fa:16:3e:0b:00:01", "10.0.1.21"),
        AgentWiringSandboxTest.port("pb2", "net-b", "fa:16:3e:0b:00:02", "10.0.1.22"),
        AgentWiringSandboxTest.port("pa6", "net-a", "fa:16:3e:0a:00:06", "10.0.1.16"),
    };

    @BeforeAll
    static void start() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-rcr-");
        Files.writeString(dir.resolve("intent.json"), AgentWiringSandboxTest.intent(ports));
        Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n");
        startAgent();
        await("br-int").atMost(WIRED).untilAsserted(() -> assertThat(sb.vsctl("list-ports", "br-int").out())
                .contains("int-br-phys"));
        a1 = vm("pa1", "fa:16:3e:0a:00:01", "10.0.1.11");
        a2 = vm("pa2", "fa:16:3e:0a:00:02", "10.0.1.12");
        b1 = vm("pb1", "fa:16:3e:0b:00:01", "10.0.1.21");
        awaitWired();
    }

    static NamespaceVm vm(String portId, String mac, String ip) {
        NamespaceVm vm = NamespaceVm.create(OVS.sandbox(), portId, mac, ip);
        VMS.add(vm);
        return vm.plug("br-int");
    }

    static void startAgent() {
        agentRuns++;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = Exec.start(Map.of(), dir.resolve("agent-" + agentRuns + ".log"), List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.vifd.agent.VifdCommand", "--config",
                dir.resolve("vifd.yaml").toString()));
    }

    /** Every VM's port tagged (not dead), a1 reaches a2, and br-int holds one agent run's flows only. */
    static void awaitWired() {
        await("wired and forwarding").atMost(WIRED).until(() -> a1.ping("10.0.1.12"));
        await("one run's cookies").atMost(WIRED).untilAsserted(() -> assertThat(runs("br-int")).hasSize(1));
        assertThat(a1.tag()).isEqualTo(a2.tag()).isNotEqualTo(b1.tag()).isNotEqualTo("4095");
        assertThat(OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-flows", "br-int", "table=23").ok().out())
                .contains("actions=drop");
    }

    static Set<String> runs(String bridge) {
        Set<String> runs = new TreeSet<>();
        Matcher m = Pattern.compile("cookie=0x([0-9a-f]+)").matcher(OVS.sandbox().ofctl("-O", "OpenFlow13",
                "dump-flows", bridge).ok().out());
        while (m.find()) {
            String c = m.group(1);
            runs.add(c.length() > 8 ? c.substring(0, c.length() - 8) : "0");
        }
        return runs;
    }

    /** Pings a2 from a1 every 20 ms while {@code action} runs; answers the number of lost pings. */
    static int lostPingsDuring(Runnable action) throws Exception {
        int lost = a1.lostPingsDuring("10.0.1.12", 400, dir.resolve("ping-" + System.nanoTime() + ".log"), WIRED, action);
        LOG.info("pings: {} lost", lost);
        return lost;
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        VMS.forEach(NamespaceVm::close);
    }

    @Test
    @Order(1)
    void agentKilledAndRestartedDuringPortChurnLosesNoPings() throws Exception {
        String tagBefore = a1.tag();
        for (int round = 0; round < 2; round++) {
            String churnPort = round == 0 ? "pb2" : "pa6";
            int lost = lostPingsDuring(() -> {
                agent.destroyForcibly(); // SIGKILL: no cleanup
                await().atMost(WIRED).until(() -> !agent.isAlive());
                // Port churn while no agent runs: a VM plugs in.
                vm(churnPort, churnPort.equals("pb2") ? "fa:16:3e:0b:00:02" : "fa:16:3e:0a:00:06",
                        churnPort.equals("pb2") ? "10.0.1.22" : "10.0.1.16");
                startAgent();
            });
            assertThat(lost).as("pings lost during agent restart %d", round).isZero();
            awaitWired();
            assertThat(a1.tag()).as("local VLAN kept across restarts").isEqualTo(tagBefore);
        }
        NamespaceVm b2 = VMS.stream().filter(v -> v.portId.equals("pb2")).findFirst().orElseThrow();
        await("pb2 (plugged while the agent was down) wired").atMost(WIRED).until(() -> b2.ping("10.0.1.21"));
    }

    @Test
    @Order(2)
    void vswitchdKilledAndRestartedIsReprogrammed() {
        OvsSandbox sb = OVS.sandbox();
        String tag = a1.tag();
        sb.killVswitchd();
        sb.startVswitchd();
        awaitWired();
        assertThat(a1.tag()).isEqualTo(tag);
        assertThat(b1.pingTwice("10.0.1.11")).isFalse();
    }

    @Test
    @Order(3)
    void ovsdbServerKilledAndRestartedUnwiresNothing() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        String tag = a1.tag();
        int lost = lostPingsDuring(() -> {
            sb.killOvsdbServer();
            sb.startOvsdbServer();
        });
        assertThat(lost).isZero();
        assertThat(a1.tag()).isEqualTo(tag);
        NamespaceVm late = vm("pa7", "fa:16:3e:0a:00:07", "10.0.1.17");
        await("a port plugged after the restart keeps the dead VLAN (not in the intent)").atMost(WIRED)
                .until(() -> late.tag().equals("4095"));
        awaitWired();
    }
}
