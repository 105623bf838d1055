package org.vifd.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * Issue 8, "kill and restart, several times during port churn": a background thread plugs and unplugs ports and
 * rewrites the intent (a port changes network, another its address) the whole time, while the agent (a child JVM,
 * SIGKILL) is killed twice, ovs-vswitchd twice and ovsdb-server twice. After each: every plugged intent port is
 * tagged with its network's local VLAN, has its admission flows, and a VM pings another again. During the agent
 * kills no ping is lost, and the restarted agent never reports a port that stayed wired as down (no flicker in the
 * status file). Then an operator's change of a port's tag: the agent's writes carry an OVSDB {@code wait} on the
 * values it read, and the tag converges back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgentChurnRestartSandboxTest {
    private static final Logger LOG = LoggerFactory.getLogger(AgentChurnRestartSandboxTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    static final Duration CONVERGED = Duration.ofSeconds(60);
    static final List<String> CHURN = List.of("c0", "c1", "c2", "c3");

    static Path dir;
    static Process agent;
    static int agentRuns;
    static NamespaceVm a1;
    static NamespaceVm a2;
    static NamespaceVm b1;
    /** Held by the checks: the churn thread does nothing while the dataplane is checked. */
    static final ReentrantLock CHURN_LOCK = new ReentrantLock();
    /** Interface name → port id, of every plugged intent port (VMs and churn ports). */
    static final Map<String, String> PLUGGED = new ConcurrentHashMap<>();
    /** Port id → network id in the intent in force. */
    static final Map<String, String> NETWORK_OF = new ConcurrentHashMap<>();
    static final Map<String, String> MAC_OF = new ConcurrentHashMap<>();
    static volatile boolean churning = true;
    static final AtomicInteger CHURN_STEPS = new AtomicInteger();
    static Thread churn;
    static final List<Throwable> CHURN_ERRORS = new CopyOnWriteArrayList<>();
    static WatchService watch;
    static Thread watcher;
    /** States of the VM ports seen in the status file while armed (a down means a flicker). */
    static final List<String> FLICKERS = new CopyOnWriteArrayList<>();
    static final AtomicInteger STATUS_FILES_SEEN = new AtomicInteger();
    static volatile boolean watchArmed;

    @BeforeAll
    static void start() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-churn-");
        NETWORK_OF.putAll(Map.of("pa1", "net-a", "pa2", "net-a", "pb1", "net-b", "c0", "net-a", "c1", "net-b",
                "c2", "net-a", "c3", "net-b"));
        MAC_OF.putAll(Map.of("pa1", "fa:16:3e:0a:00:01", "pa2", "fa:16:3e:0a:00:02", "pb1", "fa:16:3e:0b:00:01",
                "c0", "fa:16:3e:0c:00:00", "c1", "fa:16:3e:0c:00:01", "c2", "fa:16:3e:0c:00:02",
                "c3", "fa:16:3e:0c:00:03"));
        writeIntent(0);
        Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n");
        startAgent();
        await("br-int").atMost(CONVERGED).untilAsserted(() -> assertThat(sb.vsctl("list-ports", "br-int").out())
                .contains("int-br-phys"));
        a1 = vm("pa1", "10.0.1.11");
        a2 = vm("pa2", "10.0.1.12");
        b1 = vm("pb1", "10.0.1.21");
        await("a1 reaches a2").atMost(CONVERGED).until(() -> a1.ping("10.0.1.12"));
        startStatusWatcher();
        churn = new Thread(AgentChurnRestartSandboxTest::churnLoop, "vifd-test-churn");
        churn.setDaemon(true);
        churn.start();
    }

    static NamespaceVm vm(String portId, String ip) {
        NamespaceVm vm = NamespaceVm.create(OVS.sandbox(), portId, MAC_OF.get(portId), ip).plug("br-int");
        PLUGGED.put(vm.hostIf, portId);
        return vm;
    }

    static void startAgent() {
        agentRuns++;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = Exec.start(Map.of(), dir.resolve("agent-" + agentRuns + ".log"), List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "org.vifd.agent.VifdCommand", "--config",
                dir.resolve("vifd.yaml").toString()));
    }

    /** The intent of churn step {@code step}: c0 moves between the networks, c1's address changes. */
    static void writeIntent(int step) throws IOException {
        NETWORK_OF.put("c0", step % 2 == 0 ? "net-a" : "net-b");
        List<String> ports = new ArrayList<>(List.of(
                AgentWiringSandboxTest.port("pa1", "net-a", MAC_OF.get("pa1"), "10.0.1.11"),
                AgentWiringSandboxTest.port("pa2", "net-a", MAC_OF.get("pa2"), "10.0.1.12"),
                AgentWiringSandboxTest.port("pb1", "net-b", MAC_OF.get("pb1"), "10.0.1.21")));
        ports.add(AgentWiringSandboxTest.port("c0", NETWORK_OF.get("c0"), MAC_OF.get("c0"), "10.0.1.40"));
        ports.add(AgentWiringSandboxTest.port("c1", "net-b", MAC_OF.get("c1"), "10.0.1." + (41 + step % 5)));
        ports.add(AgentWiringSandboxTest.port("c2", "net-a", MAC_OF.get("c2"), "10.0.1.50"));
        ports.add(AgentWiringSandboxTest.port("c3", "net-b", MAC_OF.get("c3"), "10.0.1.51"));
        Path tmp = dir.resolve(".intent.json.tmp");
        Files.writeString(tmp, AgentWiringSandboxTest.intent(ports.toArray(String[]::new)));
        Files.move(tmp, dir.resolve("intent.json"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Plugs or unplugs one churn port per step (internal ports with iface-id and attached-mac, as a hypervisor
     * plugs them), rewrites the intent every third step; paced by the dataplane: after a plug it waits (at most
     * 5 s) for the port's tag, and while ovsdb-server is down it waits for it to answer.
     */
    static void churnLoop() {
        OvsSandbox sb = OVS.sandbox();
        int step = 0;
        while (churning) {
            step++;
            String name = CHURN.get(step % CHURN.size());
            boolean plugged;
            CHURN_LOCK.lock();
            try {
                plugged = PLUGGED.containsKey(name);
                ExecResult r = plugged
                        ? sb.vsctl("--no-wait", "--timeout=5", "--if-exists", "del-port", "br-int", name)
                        : sb.vsctl("--no-wait", "--timeout=5", "--may-exist", "add-port", "br-int", name, "--",
                                "set", "Interface", name, "type=internal", "external_ids:iface-id=" + name,
                                "external_ids:attached-mac=" + MAC_OF.get(name));
                if (r.exitCode() == 0) {
                    if (plugged) {
                        PLUGGED.remove(name);
                    } else {
                        PLUGGED.put(name, name);
                    }
                    CHURN_STEPS.incrementAndGet();
                }
                if (step % 3 == 0) {
                    writeIntent(step / 3);
                }
                if (r.exitCode() != 0) {
                    // ovsdb-server is down (killed by the test): wait until it answers again.
                    await("ovsdb-server back (churn)").atMost(CONVERGED).pollInterval(Duration.ofMillis(100))
                            .until(() -> !churning || sb.vsctl("--no-wait", "--timeout=2", "show").exitCode() == 0);
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                if (churning) {
                    CHURN_ERRORS.add(e);
                    LOG.warn("churn step {} failed: {}", step, e.toString());
                }
                continue;
            } finally {
                CHURN_LOCK.unlock();
            }
            if (!plugged) {
                try {
                    await("churn port " + name + " tagged").atMost(Duration.ofSeconds(5))
                            .pollInterval(Duration.ofMillis(50)).until(() -> !churning
                                    || !sb.vsctl("--no-wait", "--timeout=2", "get", "Port", name, "tag").out()
                                            .strip().matches("\\[\\]|"));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    LOG.info("churn port {} not tagged within 5 s (agent or a daemon is down): going on", name);
                }
            }
        }
    }

    /** Watches the status file: while armed, any "down" of a VM port (which stays wired throughout) is a flicker. */
    static void startStatusWatcher() throws IOException {
        watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        watcher = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = watch.take();
                    boolean status = false;
                    for (WatchEvent<?> ev : key.pollEvents()) {
                        status |= String.valueOf(ev.context()).equals("intent.status.json");
                    }
                    key.reset();
                    if (status && watchArmed) {
                        checkStatusFile();
                    }
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // The test is over.
            }
        }, "vifd-test-status-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    static void checkStatusFile() {
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(dir.resolve("intent.status.json")));
            STATUS_FILES_SEEN.incrementAndGet();
            for (JsonNode p : root.path("ports")) {
                String id = p.path("id").asText();
                if (Set.of("pa1", "pa2", "pb1").contains(id) && !p.path("state").asText().equals("up")) {
                    FLICKERS.add(id + " " + p.path("state").asText() + " at " + p.path("timestamp").asText() + ": "
                            + p.path("reason").asText());
                }
            }
        } catch (IOException e) {
            // Replaced while reading (renames are atomic, so only a vanished file): the next event reads it again.
        }
    }

    @AfterAll
    static void stop() throws Exception {
        churning = false;
        if (churn != null) {
            churn.join(30_000);
        }
        if (watch != null) {
            watch.close();
        }
        if (agent != null) {
            agent.destroyForcibly();
        }
        for (NamespaceVm vm : new NamespaceVm[] {a1, a2, b1}) {
            if (vm != null) {
                vm.close();
            }
        }
    }

    /**
     * With the churn paused: every plugged intent port has its network's VLAN (one per network, the networks'
     * different, never the dead VLAN) and {@code net_uuid}, and its admission flows (in_port and source MAC) are
     * in br-int; then a1 reaches a2.
     */
    static void assertConverged(String after) {
        OvsSandbox sb = OVS.sandbox();
        CHURN_LOCK.lock();
        try {
            await("converged after " + after).atMost(CONVERGED).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        String flows = sb.ofctl("-O", "OpenFlow13", "--no-names", "dump-flows", "br-int").ok()
                                .out();
                        Map<String, String> vlanOfNetwork = new LinkedHashMap<>();
                        for (Map.Entry<String, String> e : PLUGGED.entrySet()) {
                            String iface = e.getKey();
                            String id = e.getValue();
                            String net = NETWORK_OF.get(id);
                            String tag = sb.vsctl("get", "Port", iface, "tag").ok().out().strip();
                            assertThat(tag).as("tag of %s (%s)", iface, id).matches("\\d+").isNotEqualTo("4095");
                            assertThat(sb.vsctl("get", "Port", iface, "other_config:net_uuid").ok().out().strip()
                                    .replace("\"", "")).as("net_uuid of %s", id).isEqualTo(net);
                            String before = vlanOfNetwork.putIfAbsent(net, tag);
                            assertThat(before == null ? tag : before).as("one VLAN for %s", net).isEqualTo(tag);
                            String ofport = sb.vsctl("get", "Interface", iface, "ofport").ok().out().strip();
                            assertThat(flows).as("admission flows of %s (ofport %s)", id, ofport)
                                    .containsPattern("in_port=" + ofport + ",dl_src=" + MAC_OF.get(id));
                        }
                        assertThat(vlanOfNetwork.values()).as("networks' VLANs").doesNotHaveDuplicates();
                    });
            await("a1 reaches a2 after " + after).atMost(CONVERGED).until(() -> a1.ping("10.0.1.12"));
        } finally {
            CHURN_LOCK.unlock();
        }
        assertThat(CHURN_ERRORS).as("churn errors").isEmpty();
        LOG.info("converged after {} ({} churn steps so far)", after, CHURN_STEPS.get());
    }

    /** Pings a2 from a1 every 20 ms while {@code action} runs; answers the number of lost pings. */
    static int lostPingsDuring(Runnable action) throws Exception {
        int lost = a1.lostPingsDuring("10.0.1.12", 750, dir.resolve("ping-" + System.nanoTime() + ".log"), CONVERGED, action);
        LOG.info("pings: {} lost", lost);
        return lost;
    }

    @Test
    @Order(1)
    void agentKilledTwiceDuringChurnLosesNoPingAndReportsNoFlicker() throws Exception {
        assertConverged("start");
        for (int round = 1; round <= 2; round++) {
            int stepsBefore = CHURN_STEPS.get();
            int filesBefore = STATUS_FILES_SEEN.get();
            watchArmed = true;
            int lost = lostPingsDuring(() -> {
                agent.destroyForcibly(); // SIGKILL: no cleanup
                await().atMost(CONVERGED).until(() -> !agent.isAlive());
                // The churn goes on while no agent runs.
                int steps = CHURN_STEPS.get();
                await("churn while the agent is down").atMost(CONVERGED).until(() -> CHURN_STEPS.get() > steps);
                startAgent();
            });
            assertConverged("agent kill " + round);
            await("the new agent wrote the status file").atMost(CONVERGED)
                    .until(() -> STATUS_FILES_SEEN.get() > filesBefore);
            watchArmed = false;
            assertThat(lost).as("pings lost during agent restart %d", round).isZero();
            assertThat(CHURN_STEPS.get()).as("churn went on during round %d", round).isGreaterThan(stepsBefore);
            assertThat(FLICKERS).as("VM ports reported down by the restarted agent (flicker)").isEmpty();
            String log = Files.readString(dir.resolve("agent-" + agentRuns + ".log"));
            assertThat(log).as("the restarted agent restored pa1 from the dataplane")
                    .contains("port pa1: tag").contains("found in the dataplane: up");
        }
    }

    @Test
    @Order(2)
    void vswitchdKilledTwiceDuringChurnIsReprogrammed() {
        OvsSandbox sb = OVS.sandbox();
        for (int round = 1; round <= 2; round++) {
            int steps = CHURN_STEPS.get();
            sb.killVswitchd();
            await("churn while vswitchd is down").atMost(CONVERGED).until(() -> CHURN_STEPS.get() > steps);
            sb.startVswitchd();
            assertConverged("ovs-vswitchd kill " + round);
            assertThat(b1.pingTwice("10.0.1.11")).as("networks stay apart").isFalse();
        }
    }

    @Test
    @Order(3)
    void ovsdbServerKilledTwiceDuringChurnUnwiresNothing() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        for (int round = 1; round <= 2; round++) {
            int steps = CHURN_STEPS.get();
            watchArmed = true;
            int lost = lostPingsDuring(() -> {
                sb.killOvsdbServer();
                sb.startOvsdbServer();
            });
            await("churn after ovsdb-server restart").atMost(CONVERGED).until(() -> CHURN_STEPS.get() > steps);
            assertConverged("ovsdb-server kill " + round);
            watchArmed = false;
            assertThat(lost).as("pings lost during ovsdb-server restart %d", round).isZero();
            assertThat(FLICKERS).as("VM ports reported down across an ovsdb-server restart").isEmpty();
        }
    }

    @Test
    @Order(4)
    void operatorTagChangeIsVerifiedAgainstAndConverges() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        CHURN_LOCK.lock();
        try {
            String tag = a1.tag();
            sb.appctl("ovsdb-server", "vlog/set", "jsonrpc:file:dbg").ok();
            sb.vsctl("set", "Port", a1.hostIf, "tag=3999", "other_config:net_uuid=someone-else").ok();
            await("the agent puts its tag back").atMost(CONVERGED).pollInterval(Duration.ofMillis(100))
                    .until(() -> a1.tag().equals(tag));
            assertThat(sb.vsctl("get", "Port", a1.hostIf, "other_config:net_uuid").ok().out().strip()
                    .replace("\"", "")).isEqualTo("net-a");
            sb.appctl("ovsdb-server", "vlog/set", "jsonrpc:file:info").ok();
            // The agent's write verified the row it read (RFC 7047 §5.2.6 wait, timeout 0) before updating it.
            String serverLog = Files.readString(sb.dir().resolve("ovsdb-server.log"));
            Matcher tx = Pattern.compile("\"vifd: port pa1 tag " + tag + "\"").matcher(serverLog);
            assertThat(tx.find()).as("the agent's transaction for pa1 in the server's log").isTrue();
            String line = serverLog.substring(serverLog.lastIndexOf('\n', tx.start()) + 1, tx.start());
            assertThat(line).contains("\"op\":\"wait\"").contains("\"timeout\":0").contains("\"tag\":3999");
        } finally {
            CHURN_LOCK.unlock();
        }
        await("a1 reaches a2").atMost(CONVERGED).until(() -> a1.ping("10.0.1.12"));
    }
}
