package org.vifd.bench.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.vifd.agent.Agent;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.wiring.WiringTrace;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;

/**
 * Event → wired latency: N ports of one VLAN network in the intent; each is plugged into br-int by one OVSDB
 * transaction (Port + Interface with iface-id and attached-mac), {@code --window} in flight and at most
 * {@code --rate} per second. Per port it timestamps (0) the insert sent, (1) the insert committed, (2) the agent's
 * replica showing the Interface's ofport, (3) the agent's tag transaction committed, (4) its flow bundle committed
 * (acknowledged once applied), (5) reported wired; and prints the percentiles of each step: from the insert
 * (what the issue's target measures) and from the ofport (the agent's own share). Then the JVM's RSS — the agent
 * runs in this JVM, so the RSS is the agent's plus the load generator's (a few MB).
 *
 * <pre>java -cp vifd-bench.jar org.vifd.bench.BenchMain agent-wiring [ports] [--type internal|dummy|patch|vxlan]
 *      [--window 32] [--rate 0 (unpaced)] [--deadline 900 (seconds)]</pre>
 * {@code --type dummy} starts ovs-vswitchd with {@code --enable-dummy}: interfaces of type "dummy" are userspace
 * netdevs that cost ovs-vswitchd no tap device (internal ports on the netdev datapath are taps), though each is
 * still a datapath port. {@code --type patch}: patch ports whose peer does not exist — an OpenFlow port with an
 * ofport and no datapath port at all, the cheapest port vswitchd has (for the 10,000-port RSS run); but at every
 * reconfiguration ovs-vswitchd clears and sets again {@code Interface.error} ("No usable peer") of every such port:
 * two transactions of O(ports) rows per reconfiguration, which ovsdb-server commits and sends to every monitor of
 * that column (vswitchd's, the agent's). {@code --type vxlan}: a VXLAN port per VM port (its own remote_ip): an
 * ofport, one shared datapath port for all of them, no error column churn — the port type whose cost is closest to
 * what a real port costs the bridge layer, without a tap.
 *
 * <p>Printed besides: ovs-vswitchd's coverage counters over the measured ports (bridge_reconfigure per port: every
 * change vswitchd monitors reconfigures the bridges).
 */
public final class PortWiringLatencyBenchmark {
    private static final int SENT = 0;
    private static final int COMMITTED = 1;
    private static final int OFPORT = 2;
    private static final int TAGGED = 3;
    private static final int FLOWS = 4;
    private static final int WIRED = 5;
    private static final java.util.regex.Pattern COVERAGE_LINE =
            java.util.regex.Pattern.compile("^(\\w+)\\s.*total: (\\d+)$");

    private PortWiringLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 1000;
        String type = "internal";
        int window = 32;
        double rate = 0;
        long deadlineSeconds = 900;
        int warmup = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--type" -> type = args[++i];
                case "--window" -> window = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--deadline" -> deadlineSeconds = Long.parseLong(args[++i]);
                // Ports plugged and wired first, not measured: a running agent is JIT-compiled.
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> n = Integer.parseInt(args[i]);
            }
        }
        List<String> vswitchdArgs = type.equals("dummy") ? List.of("--enable-dummy") : List.of();
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, true, List.of(), "netdev", List.of(),
                vswitchdArgs))) {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-bench-agent-");
            StringBuilder ports = new StringBuilder();
            int measured = n;
            n = warmup + measured;
            for (int i = 0; i < n; i++) {
                ports.append(i == 0 ? "" : ",").append("{\"id\": \"p").append(i)
                        .append("\", \"network_id\": \"net\", \"mac_address\": \"").append(mac(i))
                        .append("\", \"fixed_ips\": [{\"subnet_id\": \"sub\", \"ip_address\": \"10.")
                        .append(i / 65536 + 1).append('.').append(i / 256 % 256).append('.').append(i % 256)
                        .append("\"}]}");
            }
            Files.writeString(dir.resolve("intent.json"), "{\"networks\": [{\"id\": \"net\", \"name\": \"n\", "
                    + "\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"physnet1\", "
                    + "\"provider:segmentation_id\": 101}], \"subnets\": [{\"id\": \"sub\", \"network_id\": \"net\", "
                    + "\"cidr\": \"10.0.0.0/8\", \"gateway_ip\": null, \"enable_dhcp\": false}], \"ports\": ["
                    + ports + "]}");
            Files.writeString(dir.resolve("vifd.yaml"), "ovsdb: " + sb.unixRemote() + "\n"
                    + "datapath_type: netdev\nbridge_mappings: {physnet1: br-phys}\n"
                    + "openflow_listen: punix:" + sb.dir().resolve("vifd-of.sock") + "\n"
                    + "intent_file: intent.json\nstate_dir: state\nstatus_listen: 127.0.0.1:0\n");
            long[][] at = new long[6][n];
            CountDownLatch warm = new CountDownLatch(warmup);
            CountDownLatch all = new CountDownLatch(measured);
            int firstMeasured = warmup;
            Map<String, Integer> index = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                index.put("p" + i, i);
            }
            Agent agent = new Agent(AgentConfigReader.read(dir.resolve("vifd.yaml")), Clock.systemUTC());
            WiringTrace trace = new WiringTrace() {
                @Override
                public void ofportSeen(String portId, long ofport, long nanos) {
                    mark(OFPORT, portId, nanos);
                }

                @Override
                public void columnsCommitted(String portId, long nanos) {
                    mark(TAGGED, portId, nanos);
                }

                @Override
                public void flowsCommitted(String portId, long nanos) {
                    mark(FLOWS, portId, nanos);
                }

                @Override
                public void wired(String portId, long nanos) {
                    Integer i = index.get(portId);
                    if (i != null && at[WIRED][i] == 0) {
                        at[WIRED][i] = nanos;
                        (i < firstMeasured ? warm : all).countDown();
                    }
                }

                private void mark(int step, String portId, long nanos) {
                    Integer i = index.get(portId);
                    if (i != null && at[step][i] == 0) {
                        at[step][i] = nanos;
                    }
                }
            };
            agent.start();
            while (agent.reconciler() == null) {
                Thread.onSpinWait();
            }
            agent.reconciler().trace(trace);
            while (!sb.vsctl("list-ports", "br-int").out().contains("int-br-phys")
                    || !agent.reconciler().integrationConnected()) {
                Thread.onSpinWait();
            }
            OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).build();
            session.start().get(20, TimeUnit.SECONDS);
            Semaphore inFlight = new Semaphore(window);
            int n0 = measured;
            long gapNanos = rate > 0 ? (long) (1e9 / rate) : 0;
            long[] cpu0 = null;
            Map<String, Long> threads0 = null;
            Map<String, Long> coverage0 = Map.of();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (i == firstMeasured) {
                    if (!warm.await(deadlineSeconds, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("warm-up ports not wired within the deadline");
                    }
                    System.out.printf("  warm-up: %d ports wired in %.1f s%n", warmup, (System.nanoTime() - t0) / 1e9);
                }
                if (i == firstMeasured) {
                    cpu0 = new long[] {cpuMillis(sb.dir().resolve("ovs-vswitchd.pid")),
                        cpuMillis(sb.dir().resolve("ovsdb-server.pid")), jvmCpuMillis()};
                    threads0 = threadCpuMillis();
                    coverage0 = coverage(sb);
                    t0 = System.nanoTime();
                }
                inFlight.acquire();
                if (gapNanos > 0 && i >= firstMeasured) {
                    long due = t0 + (i - firstMeasured) * gapNanos;
                    while (System.nanoTime() < due) {
                        LockSupport.parkNanos(due - System.nanoTime());
                    }
                }
                String name = "bp" + i;
                Transaction tx = new Transaction("Open_vSwitch");
                Row.Builder ifaceRow = Row.builder().put("name", name).put("type", type)
                        .put("external_ids", Map.of("iface-id", "p" + i, "attached-mac", mac(i)));
                Map<String, String> options = options(type, i);
                if (!options.isEmpty()) {
                    ifaceRow.put("options", options);
                }
                NamedUuid iface = tx.insert("Interface", ifaceRow.build());
                NamedUuid port = tx.insert("Port", Row.builder().put("name", name)
                        .put("interfaces", OvsSet.of(iface)).build());
                tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")),
                        List.of(Mutation.insert("ports", OvsSet.of(port))));
                int k = i;
                at[SENT][k] = System.nanoTime();
                session.transact(tx).whenComplete((r, e) -> {
                    at[COMMITTED][k] = System.nanoTime();
                    inFlight.release();
                });
            }
            long sentAll = System.nanoTime() - t0;
            long measureStart = t0;
            Thread progress = new Thread(() -> {
                while (all.getCount() > 0) {
                    try {
                        if (all.await(30, TimeUnit.SECONDS)) {
                            return;
                        }
                        System.out.printf("  progress: %d wired after %.0f s; RSS: %s%n", n0 - all.getCount(),
                                (System.nanoTime() - measureStart) / 1e9, rss());
                    } catch (InterruptedException | java.io.IOException e) {
                        return;
                    }
                }
            }, "bench-progress");
            progress.setDaemon(true);
            progress.start();
            int finalN = measured;
            Map<String, Long> threadsBefore = threads0;
            boolean done = all.await(deadlineSeconds, TimeUnit.SECONDS);
            long total = System.nanoTime() - t0;
            long[] cpu1 = {cpuMillis(sb.dir().resolve("ovs-vswitchd.pid")),
                cpuMillis(sb.dir().resolve("ovsdb-server.pid")), jvmCpuMillis()};
            Map<String, Long> threads1 = threadCpuMillis();
            Map<String, Long> coverage1 = coverage(sb);
            System.gc();
            System.out.printf("agent-wiring: %d ports (type %s, window %d, rate %s), %d wired%s; inserts sent in "
                    + "%.2f s (%.0f/s), all wired in %.2f s; load %s%n", measured, type, window,
                    rate > 0 ? rate + "/s" : "unpaced", measured - all.getCount(), done ? "" : " (TIMED OUT)",
                    sentAll / 1e9, measured / (sentAll / 1e9), total / 1e9, Files.readString(Path.of("/proc/loadavg"))
                            .strip());
            if (warmup > 0) {
                for (long[] step : at) {
                    java.util.Arrays.fill(step, 0, warmup, 0L);
                }
            }
            row("insert sent → committed", at, SENT, COMMITTED);
            row("insert committed → ofport seen (vswitchd)", at, COMMITTED, OFPORT);
            row("insert committed → tag committed", at, COMMITTED, TAGGED);
            // Negative when the agent tagged the port before vswitchd gave it an ofport.
            row("ofport seen → tag committed", at, OFPORT, TAGGED);
            row("ofport seen → flows committed", at, OFPORT, FLOWS);
            row("ofport seen → wired (agent's share)", at, OFPORT, WIRED);
            row("insert committed → wired", at, COMMITTED, WIRED);
            row("insert sent → wired (issue's measure)", at, SENT, WIRED);
            System.out.printf("CPU during the run (ms per port): ovs-vswitchd %.2f, ovsdb-server %.2f, "
                    + "this JVM (agent + load) %.2f%n", (cpu1[0] - cpu0[0]) / (double) measured,
                    (cpu1[1] - cpu0[1]) / (double) measured, (cpu1[2] - cpu0[2]) / (double) measured);
            StringBuilder byThread = new StringBuilder();
            threads1.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                    .forEach(e -> byThread.append(String.format(" %s %.2f;", e.getKey(),
                            (e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)) / (double) finalN)));
            System.out.println("  JVM threads (ms per port):" + byThread);
            StringBuilder counters = new StringBuilder();
            for (String c : List.of("bridge_reconfigure", "ofproto_update_port", "txn_success", "txn_try_again",
                    "txn_incomplete", "ofproto_recv_openflow")) {
                counters.append(String.format(" %s %.2f;", c, (coverage1.getOrDefault(c, 0L)
                        - coverage0.getOrDefault(c, 0L)) / (double) finalN));
            }
            System.out.println("  ovs-vswitchd coverage (per port):" + counters);
            System.out.printf("RSS: %s (agent in this JVM, max heap %d MB, heap used %d MB)%n", rss(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            session.close();
            agent.close();
        }
    }

    private static void row(String label, long[][] at, int from, int to) {
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < at[from].length; i++) {
            if (at[from][i] != 0 && at[to][i] != 0) {
                d.add(at[to][i] - at[from][i]);
            }
        }
        long[] sorted = d.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("  %-42s n=%-6d p50 %8.1f ms  p90 %8.1f ms  p99 %8.1f ms  max %8.1f ms%n", label,
                sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** The Interface options of bench port {@code i} of this type. */
    static Map<String, String> options(String type, int i) {
        return switch (type) {
            // A patch port whose peer does not exist: an ofport in ofproto, no datapath port at all.
            case "patch" -> Map.of("peer", "nobody" + i);
            // Distinct remote_ip per port: two tunnel ports with the same configuration would conflict.
            case "vxlan" -> Map.of("remote_ip", "10.255." + (i / 250 % 250 + 1) + "." + (i % 250 + 1),
                    "key", Integer.toString(i / 62500 + 1));
            default -> Map.of();
        };
    }

    static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff);
    }

    /** utime + stime of the process in the pid file, in ms (clock ticks of 10 ms), -1 if unreadable. */
    static long cpuMillis(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).strip();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of this JVM's threads, by name with digits stripped (thread pools summed), in ms. */
    static Map<String, Long> threadCpuMillis() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                long ns = mx.getThreadCpuTime(t.getThreadId());
                if (ns > 0) {
                    out.merge(t.getThreadName().replaceAll("\\d+", "#"), ns / 1_000_000, Long::sum);
                }
            }
        }
        return out;
    }

    /** ovs-vswitchd's coverage counters (totals since start), by name. */
    static Map<String, Long> coverage(OvsSandbox sb) {
        Map<String, Long> out = new java.util.HashMap<>();
        for (String line : sb.appctl("ovs-vswitchd", "coverage/show").out().split("\n")) {
            java.util.regex.Matcher m = COVERAGE_LINE.matcher(line.strip());
            if (m.matches()) {
                out.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return out;
    }

    static long jvmCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    }

    static String rss() throws java.io.IOException {
        String rss = "?";
        String hwm = "?";
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MB";
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D", "")) / 1024 + " MB";
            }
        }
        return "VmRSS " + rss + ", VmHWM " + hwm;
    }
}
