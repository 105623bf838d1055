package org.vifd.bench.ovsdb;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;

/**
 * Loads a replica of a database holding N ports (Port + Interface with the external_ids libvirt sets, inserted in
 * one transaction on a fresh standalone ovsdb-server): the time from {@code Replica.start()} to the loaded view, and
 * the heap the loaded replica holds after a GC. Target (issue 3): 10,000 ports in at most 0.5 s and 100 MB of heap.
 *
 * <p>Three column sets: {@code bench} (the columns this benchmark always monitored), {@code agent} (exactly the
 * tables and columns vifd's agent monitors, Agent.java) and {@code all} (every column of Bridge, Port and Interface).
 * Beside each, the floor: a bare client on the same unix socket sends the same monitor_cond_since request as text
 * and only scans the reply for its end — the server's time to the first and to the last byte.
 *
 * <p>Usage, from the repository root: {@code java -Xmx100m -jar bench/target/vifd-bench.jar ovsdb-replica
 * [--ports N] [--runs N] [--columns bench|agent|all|every] [--updates N]} (-Xmx100m proves the load fits in that heap).
 * After each load, N one-row updates (an Interface's external_ids) are made through another connection and the
 * replica's cost per update is measured as the I/O threads' CPU time (the replica publishes a new view per update).
 */
public final class ReplicaLoadBenchmark {

    /** table → monitored columns (null: all). */
    private static final Map<String, Map<String, List<String>>> COLUMN_SETS = new LinkedHashMap<>();

    static {
        Map<String, List<String>> bench = new LinkedHashMap<>();
        bench.put("Bridge", List.of("name", "ports"));
        bench.put("Port", List.of("name", "tag", "interfaces", "external_ids", "other_config"));
        bench.put("Interface", List.of("name", "type", "ofport", "error", "external_ids"));
        COLUMN_SETS.put("bench", bench);
        Map<String, List<String>> agent = new LinkedHashMap<>();
        agent.put("Open_vSwitch", List.of("bridges"));
        agent.put("Bridge", List.of("name", "ports", "controller", "fail_mode", "protocols", "datapath_type", "datapath_id",
                "other_config"));
        agent.put("Port", List.of("name", "interfaces", "tag", "trunks", "vlan_mode", "other_config"));
        agent.put("Interface", List.of("name", "type", "ofport", "external_ids", "options", "error"));
        agent.put("Controller", List.of("target", "connection_mode", "is_connected"));
        COLUMN_SETS.put("agent", agent);
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("Bridge", null);
        all.put("Port", null);
        all.put("Interface", null);
        COLUMN_SETS.put("all", all);
    }

    private ReplicaLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ports = 10_000;
        int runs = 5;
        String columns = "every";
        int updates = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ports" -> ports = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--columns" -> columns = args[i + 1];
                case "--updates" -> updates = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> sets = columns.equals("every") ? List.copyOf(COLUMN_SETS.keySet()) : List.of(columns);
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
            try (OvsdbClient c = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS)) {
                c.transact(insertPorts(ports)).get(120, TimeUnit.SECONDS);
            }
            long maxHeap = Runtime.getRuntime().maxMemory();
            System.out.printf(Locale.ROOT, "replica load of %d ports (plus br-int own port and interface), %d runs, max heap %d MB%n",
                    ports, runs, maxHeap / (1024 * 1024));
            for (String set : sets) {
                Map<String, List<String>> tables = COLUMN_SETS.get(set);
                if (tables == null) {
                    throw new IllegalArgumentException("unknown column set " + set + " (bench, agent, all, every)");
                }
                // Warm-up loads (JIT), then measured ones, interleaved with the bare client so both see the same load.
                for (int i = 0; i < 3; i++) {
                    load(sb, ports, tables, updates, -1 - i);
                }
                List<Double> seconds = new ArrayList<>();
                List<Double> heapMb = new ArrayList<>();
                List<Double> first = new ArrayList<>();
                List<Double> last = new ArrayList<>();
                List<Double> vifdCpu = new ArrayList<>();
                List<Double> serverCpu = new ArrayList<>();
                List<Double> bareServerCpu = new ArrayList<>();
                List<Double> loopCpu = new ArrayList<>();
                List<Double> gcTime = new ArrayList<>();
                List<Double> perUpdate = new ArrayList<>();
                long bytes = 0;
                for (int i = 0; i < runs; i++) {
                    long s0 = serverCpuNanos(sb);
                    double[] bare = bare(sb.dbSocket(), tables, i);
                    bareServerCpu.add((serverCpuNanos(sb) - s0) / 1e9);
                    first.add(bare[0]);
                    last.add(bare[1]);
                    bytes = (long) bare[2];
                    double[] r = load(sb, ports, tables, updates, i);
                    seconds.add(r[0]);
                    perUpdate.add(r[6]);
                    heapMb.add(r[1]);
                    vifdCpu.add(r[2]);
                    serverCpu.add(r[3]);
                    loopCpu.add(r[4]);
                    gcTime.add(r[5]);
                }
                System.out.printf(Locale.ROOT, "columns %s: %s%n", set, tables);
                System.out.printf(Locale.ROOT, "  vifd replica, start() -> loaded: %s s; heap after GC with it loaded: median %.1f MB%n",
                        stats(seconds), median(heapMb));
                System.out.printf(Locale.ROOT, "  bare client, same request: first byte %s s, last byte %s s (%d bytes)%n",
                        stats(first), stats(last), bytes);
                System.out.printf(Locale.ROOT, "  vifd minus bare last byte (medians): %.3f s%n", median(seconds) - median(last));
                System.out.printf(Locale.ROOT, "  CPU per load (less sensitive to load): vifd JVM %s s, ovsdb-server serving vifd %s s, "
                        + "serving the bare client %s s%n", stats(vifdCpu), stats(serverCpu), stats(bareServerCpu));
                System.out.printf(Locale.ROOT, "  vifd I/O event-loop threads' CPU (frame, decode, apply, index) %s s; GC time %s s%n",
                        stats(loopCpu), stats(gcTime));
                if (updates > 0) {
                    System.out.printf(Locale.ROOT, "  one-row update on the loaded replica (%d per run; I/O threads' CPU incl. the writer's "
                            + "transaction): %s ms%n", updates, stats(perUpdate));
                }
            }
        }
    }

    private static String stats(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return String.format(Locale.ROOT, "min %.3f / median %.3f / max %.3f", s.get(0), s.get(s.size() / 2), s.get(s.size() - 1));
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }

    private static double[] load(OvsSandbox sb, int ports, Map<String, List<String>> tables, int updates, int run) throws Exception {
        System.gc();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build()) {
            session.start().get(30, TimeUnit.SECONDS);
            Replica.Builder b = Replica.builder(session, "Open_vSwitch");
            tables.forEach((t, cols) -> b.table(t, cols, null));
            Replica replica = b.index("Interface", "name").build();
            long c0 = processCpuNanos();
            long l0 = loopCpuNanos();
            long g0 = gcMillis();
            long s0 = serverCpuNanos(sb);
            long t0 = System.nanoTime();
            ReplicaView view = replica.start().get(60, TimeUnit.SECONDS);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (processCpuNanos() - c0) / 1e9;
            double serverCpu = (serverCpuNanos(sb) - s0) / 1e9;
            double loopCpu = (loopCpuNanos() - l0) / 1e9;
            double gc = (gcMillis() - g0) / 1e3;
            if (view.table("Port").size() != ports + 1 || view.table("Interface").size() != ports + 1) {
                throw new IllegalStateException("replica holds " + view.table("Port").size() + " ports");
            }
            System.gc();
            double mb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            double perUpdate = Double.NaN;
            if (updates > 0) {
                try (OvsdbClient writer = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS)) {
                    writer.getSchema("Open_vSwitch").get(30, TimeUnit.SECONDS);
                    long version = replica.view().version();
                    long u0 = loopCpuNanos();
                    for (int i = 0; i < updates; i++) {
                        Transaction tx = new Transaction("Open_vSwitch");
                        tx.update("Interface", List.of(Condition.equal("name", String.format(Locale.ROOT, "tapv%09d", i))),
                                Row.builder().put("external_ids", Map.of("iface-id", "port-" + i, "bench-run", Integer.toString(run))).build());
                        writer.transact(tx).get(30, TimeUnit.SECONDS);
                    }
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (replica.view().version() < version + updates && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    perUpdate = (loopCpuNanos() - u0) / 1e6 / updates;
                }
            }
            replica.close();
            return new double[] {s, mb, cpu, serverCpu, loopCpu, gc, perUpdate};
        }
    }

    /** CPU time of this JVM, all threads (GC and JIT included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the library's I/O threads (where frames are decoded and the replica applies them). */
    private static long loopCpuNanos() {
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo ti : tm.getThreadInfo(tm.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith("vifd-ovsdb-io")) {
                sum += Math.max(0, tm.getThreadCpuTime(ti.getThreadId()));
            }
        }
        return sum;
    }

    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** utime + stime of the sandbox's ovsdb-server (/proc/PID/stat, clock ticks of 10 ms). */
    static long serverCpuNanos(OvsSandbox sb) throws IOException {
        String pid = java.nio.file.Files.readString(sb.dir().resolve("ovsdb-server.pid")).trim();
        String stat = java.nio.file.Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;   // fields 14, 15 of proc(5); USER_HZ 100
    }

    /**
     * The floor: the same monitor_cond_since as text over a fresh unix socket connection, the reply only scanned for
     * the end of its JSON value. Answers {first byte s, last byte s, bytes}.
     */
    private static double[] bare(Path socket, Map<String, List<String>> tables, int run) throws IOException {
        StringBuilder req = new StringBuilder("{\"id\":1,\"method\":\"monitor_cond_since\",\"params\":[\"Open_vSwitch\",\"bare")
                .append(run).append("\",{");
        String sep = "";
        for (Map.Entry<String, List<String>> e : tables.entrySet()) {
            req.append(sep).append('"').append(e.getKey()).append("\":[{");
            if (e.getValue() != null) {
                req.append("\"columns\":[");
                for (int i = 0; i < e.getValue().size(); i++) {
                    req.append(i == 0 ? "" : ",").append('"').append(e.getValue().get(i)).append('"');
                }
                req.append(']');
            }
            req.append("}]");
            sep = ",";
        }
        req.append("},\"00000000-0000-0000-0000-000000000000\"]}");
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.UTF_8));
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
            long t0 = System.nanoTime();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            long first = 0;
            long total = 0;
            int depth = 0;
            boolean inString = false;
            boolean escaped = false;
            boolean started = false;
            while (true) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    throw new IOException("server closed after " + total + " bytes");
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                total += n;
                in.flip();
                while (in.hasRemaining()) {
                    byte c = in.get();
                    if (inString) {
                        if (escaped) {
                            escaped = false;
                        } else if (c == '\\') {
                            escaped = true;
                        } else if (c == '"') {
                            inString = false;
                        }
                    } else if (c == '"') {
                        inString = true;
                    } else if (c == '{' || c == '[') {
                        depth++;
                        started = true;
                    } else if ((c == '}' || c == ']') && --depth == 0 && started) {
                        long end = System.nanoTime();
                        return new double[] {(first - t0) / 1e9, (end - t0) / 1e9, total};
                    }
                }
            }
        }
    }

    private static Transaction insertPorts(int n) {
        Transaction tx = new Transaction("Open_vSwitch");
        List<NamedUuid> ports = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = String.format(Locale.ROOT, "tapv%09d", i);
            NamedUuid iface = tx.insert("Interface", Row.builder().put("name", name)
                    .put("external_ids", Map.of("iface-id", "port-" + i, "attached-mac", String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x",
                            (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff), "iface-status", "active", "vm-uuid", "vm-" + (i / 4)))
                    .build());
            ports.add(tx.insert("Port", Row.builder().put("name", name).put("tag", 1 + (i % 4094))
                    .put("interfaces", OvsSet.of(iface)).put("other_config", OvsMap.of("net_uuid", "net-" + (i % 50))).build()));
        }
        tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")), List.of(Mutation.insert("ports", OvsSet.of(ports))));
        return tx;
    }
}
