// Issue 3 diagnostic (source-file mode, not compiled by Maven; results in the inflight helper notes), from the repo root:
//   [PIN=1] [PERF=1] java -cp bench/target/vifd-bench.jar bench/diag/ovsdb/InFlightModes.java ROUNDS PORTS MODES [none|c|rw]
// MODES: comma-separated of vifd (one caller thread blocking on a semaphore), chain (next transaction sent from the
// completion callback), bare (bare_socket_inflight.py). Per round, on a fresh sandbox: wall ms/tx and p50, ovsdb-server
// CPU and voluntary/involuntary context switches per tx, JVM CPU and switches per tx, CPU per JVM thread group;
// PIN=1 pins ovsdb-server to CPU 1 and the JVM (and the Python child) to CPU 0; PERF=1 counts syscalls per thread
// with perf stat; c / rw run strace -c / strace of recvfrom,sendto on the server.
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.tx.*;
import org.vifd.ovsdb.value.*;
import org.vifd.testkit.OvsSandbox;

public class InFlightModes {
    /** Where perf and strace outputs go. */
    static final String OUT = System.getProperty("java.io.tmpdir");
    static Transaction plug(int i) {
        Transaction tx = new Transaction("Open_vSwitch");
        String name = String.format("tapv%09d", i);
        NamedUuid iface = tx.insert("Interface", Row.builder().put("name", name).put("external_ids", OvsMap.ofStrings(Map.of(
                "iface-id", new UUID(0, i + 1).toString(), "attached-mac", String.format("fa:16:3e:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255),
                "iface-status", "active", "vm-uuid", new UUID(1, i).toString()))).build());
        NamedUuid port = tx.insert("Port", Row.builder().put("name", name).put("tag", 1 + i % 4094).put("interfaces", OvsSet.of(iface)).build());
        tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")), List.of(Mutation.insert("ports", OvsSet.of(port))));
        return tx;
    }
    static long[] ctx(String pid) throws Exception {
        long v = 0, nv = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path t : ds) {
                List<String> lines; try { lines = Files.readAllLines(t.resolve("status")); } catch (java.io.IOException e) { continue; }
                for (String l : lines) {
                    if (l.startsWith("voluntary_ctxt_switches")) v += Long.parseLong(l.split("\\s+")[1]);
                    if (l.startsWith("nonvoluntary_ctxt_switches")) nv += Long.parseLong(l.split("\\s+")[1]);
                }
            }
        }
        return new long[] {v, nv};
    }
    static long cpu(String pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
    static Map<String, Long> threads(String pid) throws Exception {
        Map<String, Long> m = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
            for (Path t : ds) {
                String stat; try { stat = Files.readString(t.resolve("stat")); } catch (java.io.IOException e) { continue; }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+$", "#");
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10L, Long::sum);
            }
        }
        return m;
    }
    static String diff(Map<String, Long> a, Map<String, Long> b, int n) {
        StringBuilder sb = new StringBuilder();
        for (var e : b.entrySet()) { long d = e.getValue() - a.getOrDefault(e.getKey(), 0L); if (d > 0) sb.append(String.format(Locale.ROOT, " [%s %.3f]", e.getKey(), d / (double) n)); }
        return sb.toString();
    }
    static long[] io(String pid) throws Exception {
        long[] v = new long[4];
        for (String l : Files.readAllLines(Path.of("/proc", pid, "io"))) {
            String[] f = l.split(":\\s*");
            switch (f[0]) { case "rchar" -> v[0] = Long.parseLong(f[1]); case "wchar" -> v[1] = Long.parseLong(f[1]); case "syscr" -> v[2] = Long.parseLong(f[1]); case "syscw" -> v[3] = Long.parseLong(f[1]); default -> {} }
        }
        return v;
    }
    static Process perf;
    static void perfStart(String self, String spid, String tag) throws Exception {
        if (System.getenv("PERF") == null) return;
        perf = new ProcessBuilder("perf", "stat", "-x,", "-o", OUT + "/perf-" + tag + ".csv", "--per-thread", "-p", self + "," + spid,
            "-e", "syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_read,syscalls:sys_enter_futex,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,context-switches")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Thread.sleep(300);
    }
    static void perfStop(int ports, String tag) throws Exception {
        if (perf == null) return;
        new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
        perf.waitFor();
        perf = null;
        Map<String, Double> agg = new TreeMap<>();
        for (String l : Files.readAllLines(Path.of(OUT + "/perf-" + tag + ".csv"))) {
            String[] f = l.split(",");
            if (f.length < 4 || l.startsWith("#")) continue;
            String thread = f[0].replaceAll("-[0-9]+$", "").replaceAll("[0-9]+$", "#");
            try { agg.merge(thread + ":" + f[3].replace("syscalls:sys_enter_", ""), Double.parseDouble(f[1]) / ports, Double::sum); } catch (NumberFormatException e) { }
        }
        StringBuilder sb = new StringBuilder("   per tx:");
        agg.forEach((k, v) -> { if (v >= 0.05) sb.append(String.format(Locale.ROOT, " %s=%.2f", k, v)); });
        System.out.println(sb);
    }
    static String load() throws Exception { return Files.readString(Path.of("/proc/loadavg")).split(" ")[0]; }
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[0]), ports = Integer.parseInt(a[1]);
        String[] modes = a[2].split(",");
        String trace = a.length > 3 ? a[3] : "none";
        String self = Long.toString(ProcessHandle.current().pid());
        // warm-up
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
            try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
                for (int i = 0; i < 2 * ports; i++) client.transact(plug(i)).get();
            }
        }
        for (int r = 0; r < rounds; r++) for (String mode : modes) {
            try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
                sb.vsctl("--no-wait", "add-br", "br-int").ok();
                String spid = Files.readString(sb.dir().resolve("ovsdb-server.pid")).trim();
                if (System.getenv("PIN") != null) {
                    new ProcessBuilder("taskset", "-a", "-p", "-c", "1", spid).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                    new ProcessBuilder("taskset", "-a", "-p", "-c", "0", self).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                }
                Process st = null;
                Path out = Path.of(OUT, "strace-" + mode + "-" + r + ".txt");
                if (!trace.equals("none")) {
                    List<String> cmd = new ArrayList<>(List.of("strace", "-f", "-o", out.toString(), "-p", spid));
                    if (trace.equals("c")) cmd.add(1, "-c");
                    else { cmd.add(1, "-e"); cmd.add(2, "trace=recvfrom,sendto"); cmd.add(1, "-ttt"); cmd.add(1, "-s"); cmd.add(2, "100000"); }
                    st = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Path.of(OUT, "strace.log").toFile()).start();
                    Thread.sleep(500);
                }
                long[] s0 = ctx(spid), c0 = ctx(self);
                long sc0 = cpu(spid), j0 = cpu(self); Map<String, Long> th0 = threads(self); long[] sio0 = io(spid), jio0 = io(self);
                double wall; String extra = "";
                if (mode.equals("chain")) {
                    try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
                        client.getSchema("Open_vSwitch").get();
                        perfStart(self, spid, mode + r); System.out.println("WINDOW-START " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()); s0 = ctx(spid); sc0 = cpu(spid); j0 = cpu(self); c0 = ctx(self); th0 = threads(self); sio0 = io(spid); jio0 = io(self);
                        long[] lat = new long[ports];
                        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                        CountDownLatch done = new CountDownLatch(ports);
                        long t0 = System.nanoTime();
                        Runnable[] submit = new Runnable[1];
                        submit[0] = () -> {
                            int n = next.getAndIncrement();
                            if (n >= ports) return;
                            long ti = System.nanoTime();
                            client.transact(plug(n)).whenComplete((x, e) -> { if (e != null) e.printStackTrace(); lat[n] = System.nanoTime() - ti; done.countDown(); submit[0].run(); });
                        };
                        for (int i = 0; i < 64; i++) submit[0].run();
                        done.await();
                        wall = (System.nanoTime() - t0) / 1e6;
                        Arrays.sort(lat);
                        extra = String.format(Locale.ROOT, " p50 %.1f ms", lat[ports / 2] / 1e6);
                    }
                } else if (mode.equals("vifd")) {
                    try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
                        client.getSchema("Open_vSwitch").get();
                        perfStart(self, spid, mode + r); System.out.println("WINDOW-START " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()); s0 = ctx(spid); sc0 = cpu(spid); j0 = cpu(self); c0 = ctx(self); th0 = threads(self); sio0 = io(spid); jio0 = io(self);
                        long[] lat = new long[ports];
                        Semaphore slots = new Semaphore(64);
                        List<CompletableFuture<?>> all = new ArrayList<>();
                        long t0 = System.nanoTime();
                        for (int i = 0; i < ports; i++) {
                            slots.acquire();
                            int n = i; long ti = System.nanoTime();
                            all.add(client.transact(plug(i)).whenComplete((x, e) -> { lat[n] = System.nanoTime() - ti; slots.release(); }));
                        }
                        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
                        wall = (System.nanoTime() - t0) / 1e6;
                        Arrays.sort(lat);
                        extra = String.format(Locale.ROOT, " p50 %.1f ms", lat[ports / 2] / 1e6);
                    }
                } else {
                    Process p = new ProcessBuilder("python3", Path.of("bench/src/main/python/bare_socket_inflight.py").toAbsolutePath().toString(), sb.dbSocket().toString(), Integer.toString(ports))
                        .directory(new java.io.File("bench/src/main/python")).redirectErrorStream(true).start();
                    String o = new String(p.getInputStream().readAllBytes());
                    p.waitFor();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"seconds\": ([0-9.eE+-]+)").matcher(o);
                    if (!m.find()) throw new IllegalStateException(o);
                    wall = Double.parseDouble(m.group(1)) * 1000;
                }
                System.out.println("WINDOW-END " + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()); perfStop(ports, mode + r); long sc1 = cpu(spid), j1 = cpu(self); Map<String, Long> th1 = threads(self); long[] sio1 = io(spid), jio1 = io(self);
                long[] s1 = ctx(spid), c1 = ctx(self);
                if (st != null) { Thread.sleep(200); new ProcessBuilder("kill", "-INT", Long.toString(st.pid())).start().waitFor(); st.waitFor(); }
                System.out.printf(Locale.ROOT, "%s r%d load %s: %.3f ms/tx%s  server CPU %.3f ms/tx  server ctxsw vol %.2f nonvol %.2f /tx  JVM CPU %.3f ms/tx  JVM ctxsw %.2f/%.2f%n",
                    mode, r, load(), wall / ports, extra, (sc1 - sc0) / 1e6 / ports, (s1[0] - s0[0]) / (double) ports, (s1[1] - s0[1]) / (double) ports,
                    (j1 - j0) / 1e6 / ports, (c1[0] - c0[0]) / (double) ports, (c1[1] - c0[1]) / (double) ports);
                System.out.printf(Locale.ROOT, "   server: read() %.2f/tx (%.0f B each) write() %.2f/tx; JVM: read() %.2f/tx write() %.2f/tx (%.0f B each)%n",
                    (sio1[2] - sio0[2]) / (double) ports, (sio1[0] - sio0[0]) / (double) Math.max(1, sio1[2] - sio0[2]), (sio1[3] - sio0[3]) / (double) ports,
                    (jio1[2] - jio0[2]) / (double) ports, (jio1[3] - jio0[3]) / (double) ports, (jio1[1] - jio0[1]) / (double) Math.max(1, jio1[3] - jio0[3]));
                if (!mode.equals("bare")) System.out.println("   threads ms/tx:" + diff(th0, th1, ports));
            }
        }
        System.exit(0);
    }
}
