package org.vifd.bench.ovsdb;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>Usage, from the repository root: {@code java -Xmx100m -jar bench/target/vifd-bench.jar ovsdb-replica [--ports N] [--runs N]}
 * (-Xmx100m proves the load fits in that heap).
 */
public final class ReplicaLoadBenchmark {

    private ReplicaLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int ports = 10_000;
        int runs = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ports" -> ports = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
            try (OvsdbClient c = OvsdbClient.connect(sb.unixRemote()).get(30, TimeUnit.SECONDS)) {
                c.transact(insertPorts(ports)).get(120, TimeUnit.SECONDS);
            }
            // Warm-up loads (JIT), then measured ones.
            for (int i = 0; i < 3; i++) {
                load(sb, ports, false);
            }
            List<Double> seconds = new ArrayList<>();
            List<Double> heapMb = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                double[] r = load(sb, ports, true);
                seconds.add(r[0]);
                heapMb.add(r[1]);
            }
            Collections.sort(seconds);
            Collections.sort(heapMb);
            long maxHeap = Runtime.getRuntime().maxMemory();
            System.out.printf(Locale.ROOT, "replica load of %d ports (plus br-int own port and interface), %d runs, max heap %d MB%n",
                    ports, runs, maxHeap / (1024 * 1024));
            System.out.printf(Locale.ROOT, "  time start() -> loaded: min %.3f s, median %.3f s, max %.3f s%n",
                    seconds.get(0), seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
            System.out.printf(Locale.ROOT, "  heap used after GC with the replica loaded: median %.1f MB (whole JVM heap in use)%n",
                    heapMb.get(heapMb.size() / 2));
        }
    }

    private static double[] load(OvsSandbox sb, int ports, boolean measure) throws Exception {
        System.gc();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build()) {
            session.start().get(30, TimeUnit.SECONDS);
            Replica replica = Replica.builder(session, "Open_vSwitch")
                    .table("Bridge", "name", "ports")
                    .table("Port", "name", "tag", "interfaces", "external_ids", "other_config")
                    .table("Interface", "name", "type", "ofport", "error", "external_ids")
                    .index("Interface", "name")
                    .build();
            long t0 = System.nanoTime();
            ReplicaView view = replica.start().get(60, TimeUnit.SECONDS);
            double s = (System.nanoTime() - t0) / 1e9;
            if (view.table("Port").size() != ports + 1 || view.table("Interface").size() != ports + 1) {
                throw new IllegalStateException("replica holds " + view.table("Port").size() + " ports");
            }
            System.gc();
            double mb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
            if (measure) {
                System.out.printf(Locale.ROOT, "  run: %.3f s, heap after GC %.1f MB%n", s, mb);
            }
            replica.close();
            return new double[] {s, mb};
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
