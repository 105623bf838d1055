// Issue 3 diagnostic, run with the bench jar: java -cp bench/target/vifd-bench.jar bench/src/main/python/ovsdb-diag/InFlightDiag.java 3000 4
// (source-file mode; not compiled by Maven). Results in the ovsdb helper notes.
import java.lang.management.ManagementFactory;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.tx.*;
import org.vifd.ovsdb.value.*;
import org.vifd.testkit.OvsSandbox;

/** 64-in-flight plug: wall, JVM CPU, server CPU, context switches of JVM and server, per transaction. */
public class InFlightDiag {
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
                for (String l : Files.readAllLines(t.resolve("status"))) {
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
    static long threadCpu(String prefix) {
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo ti : tm.getThreadInfo(tm.getAllThreadIds())) {
            if (ti != null && ti.getThreadName().startsWith(prefix)) sum += Math.max(0, tm.getThreadCpuTime(ti.getThreadId()));
        }
        return sum;
    }
    public static void main(String[] a) throws Exception {
        int ports = Integer.parseInt(a[0]), rounds = Integer.parseInt(a[1]);
        String self = Long.toString(ProcessHandle.current().pid());
        for (int r = 0; r < rounds; r++) {
            try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
                sb.vsctl("--no-wait", "add-br", "br-int").ok();
                String spid = Files.readString(sb.dir().resolve("ovsdb-server.pid")).trim();
                try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
                    client.getSchema("Open_vSwitch").get();
                    Semaphore slots = new Semaphore(64);
                    List<CompletableFuture<?>> all = new ArrayList<>();
                    long[] c0 = ctx(self), s0 = ctx(spid);
                    long io0 = threadCpu("vifd-ovsdb-io"), m0 = threadCpu("main");
                    long j0 = cpu(self), sc0 = cpu(spid), t0 = System.nanoTime();
                    for (int i = 0; i < ports; i++) {
                        slots.acquire();
                        all.add(client.transact(plug(i)).whenComplete((x, e) -> slots.release()));
                    }
                    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
                    long io1 = threadCpu("vifd-ovsdb-io"), m1 = threadCpu("main");
                    long t1 = System.nanoTime(), j1 = cpu(self), sc1 = cpu(spid);
                    long[] c1 = ctx(self), s1 = ctx(spid);
                    if (r > 0) System.out.printf(Locale.ROOT, "io-loop CPU %.3f ms/tx  main CPU %.3f ms/tx  wall %.3f ms/tx  JVM CPU %.3f ms/tx  server CPU %.3f ms/tx  JVM ctxsw vol %.2f/tx nonvol %.2f/tx  server ctxsw vol %.2f/tx%n",
                        (io1 - io0) / 1e6 / ports, (m1 - m0) / 1e6 / ports, (t1 - t0) / 1e6 / ports, (j1 - j0) / 1e6 / ports, (sc1 - sc0) / 1e6 / ports,
                        (c1[0] - c0[0]) / (double) ports, (c1[1] - c0[1]) / (double) ports, (s1[0] - s0[0]) / (double) ports);
                }
            }
        }
        System.exit(0);
    }
}
