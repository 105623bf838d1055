package org.vifd.bench.ovsdb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.vifd.bench.BenchOptions;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;

/**
 * Plugs N ports on br-int (Port + Interface with {@code tag} and external_ids {@code iface-id}, {@code attached-mac},
 * {@code iface-status}, {@code vm-uuid}, appended to the bridge), each contender on a fresh ovsdb-server of its own:
 * vifd one transaction per port awaited one after another, vifd with 64 in flight, vifd with all ports in one
 * transaction, and the baselines {@code ovs-vsctl --no-wait} in a loop, ovsdbapp, and a bare Python socket client
 * (one after another, 64 pipelined, and all ports in one transaction: ovsdb-server's own floors).
 * {@code --big 0} skips the one-transaction pair, {@code --vsctl-ports 0} ovsdbapp and ovs-vsctl.
 * No ovs-vswitchd runs, so every contender is measured on the database round trip (see docs/design.md).
 *
 * <p>Usage: {@code java -jar bench/target/vifd-bench.jar ovsdb-plug [--ports N] [--vsctl-ports N] [--big N]}
 * ({@code ovsdb-plug commit ...}: {@link CommitBenchmark}, what the server's commit time consists of), run
 * from the repository root (the Python baselines are read from {@code bench/src/main/python}).
 */
public final class PortPlugBenchmark {
    private static final Path PYTHON_DIR = Path.of("bench/src/main/python");

    private record Result(String contender, int ports, double seconds, double p50Ms, double p99Ms) {
        double msPerPort() {
            return seconds * 1000 / ports;
        }
    }

    private PortPlugBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("commit")) {
            CommitBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Map<String, Integer> opts = BenchOptions.parse(args);
        int ports = opts.getOrDefault("ports", 1000);
        int vsctlPorts = opts.getOrDefault("vsctl-ports", ports);
        int big = opts.getOrDefault("big", 10_000);

        List<Result> results = new ArrayList<>();
        // JIT warm-up on a throwaway database, so that the measured run is the steady state a daemon lives in.
        withSandbox(sb -> sequential(sb, 2 * ports, "warm-up"));
        results.add(withSandbox(sb -> sequential(sb, ports, "vifd, sequential")));
        results.add(withSandbox(sb -> inFlight(sb, ports, 64)));
        results.add(withSandbox(sb -> python(sb, "bare_socket_inflight.py", sb.dbSocket().toString(), ports)));
        if (big > 0) {
            results.add(withSandbox(sb -> oneTransaction(sb, big)));
            results.add(withSandbox(sb -> python(sb, "bare_socket_one_tx.py", sb.dbSocket().toString(), big)));
        }
        results.add(withSandbox(sb -> python(sb, "bare_socket_plug.py", sb.dbSocket().toString(), ports)));
        if (vsctlPorts > 0) {
            results.add(withSandbox(sb -> python(sb, "ovsdbapp_plug.py", sb.unixRemote(), ports)));
            results.add(withSandbox(sb -> vsctl(sb, vsctlPorts)));
        }
        print(results);
    }

    private interface SandboxRun {
        Result run(OvsSandbox sb) throws Exception;
    }

    private static Result withSandbox(SandboxRun body) throws Exception {
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
            Result r = body.run(sb);
            int count = sb.vsctl("--no-wait", "list-ports", "br-int").ok().out().split("\n").length;
            if (count != r.ports()) {
                throw new IllegalStateException(r.contender() + ": expected " + r.ports() + " ports, found " + count);
            }
            return r;
        }
    }

    /** The transaction every contender sends for port i. */
    static Transaction plugTransaction(int i) {
        Transaction tx = new Transaction("Open_vSwitch");
        NamedUuid port = insertPort(tx, String.format("tapv%09d", i), i);
        tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")), List.of(Mutation.insert("ports", OvsSet.of(port))));
        return tx;
    }

    /** Inserts port i's Interface and Port rows into tx; returns the Port's named uuid. */
    private static NamedUuid insertPort(Transaction tx, String name, int i) {
        NamedUuid iface = tx.insert("Interface", Row.builder()
                .put("name", name)
                .put("external_ids", OvsMap.ofStrings(Map.of(
                        "iface-id", new UUID(0, i + 1).toString(),
                        "attached-mac", mac(i),
                        "iface-status", "active",
                        "vm-uuid", new UUID(1, i).toString())))
                .build());
        return tx.insert("Port", Row.builder()
                .put("name", name)
                .put("tag", 1 + i % 4094)
                .put("interfaces", OvsSet.of(iface))
                .build());
    }

    private static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255);
    }

    private static Result sequential(OvsSandbox sb, int ports, String label) throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
            client.getSchema("Open_vSwitch").get();
            long[] lat = new long[ports];
            long start = System.nanoTime();
            for (int i = 0; i < ports; i++) {
                long t0 = System.nanoTime();
                client.transact(plugTransaction(i)).get();
                lat[i] = System.nanoTime() - t0;
            }
            return result(label, ports, System.nanoTime() - start, lat);
        }
    }

    private static Result inFlight(OvsSandbox sb, int ports, int window) throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
            client.getSchema("Open_vSwitch").get();
            long[] lat = new long[ports];
            Semaphore slots = new Semaphore(window);
            List<CompletableFuture<?>> all = new ArrayList<>(ports);
            long start = System.nanoTime();
            for (int i = 0; i < ports; i++) {
                slots.acquire();
                int n = i;
                long t0 = System.nanoTime();
                all.add(client.transact(plugTransaction(i)).whenComplete((r, e) -> {
                    lat[n] = System.nanoTime() - t0;
                    slots.release();
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            return result("vifd, " + window + " in flight", ports, System.nanoTime() - start, lat);
        }
    }

    private static Result oneTransaction(OvsSandbox sb, int ports) throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
            client.getSchema("Open_vSwitch").get();
            Transaction tx = new Transaction("Open_vSwitch");
            List<NamedUuid> portRefs = new ArrayList<>(ports);
            for (int i = 0; i < ports; i++) {
                portRefs.add(insertPort(tx, String.format("tapw%09d", i), i));
            }
            tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")),
                    List.of(Mutation.insert("ports", OvsSet.of(portRefs))));
            long start = System.nanoTime();
            client.transact(tx).get();
            long elapsed = System.nanoTime() - start;
            return new Result("vifd, one transaction", ports, elapsed / 1e9, Double.NaN, Double.NaN);
        }
    }

    private static final Pattern SECONDS = Pattern.compile("\"seconds\": ([0-9.eE+-]+)");

    private static Result python(OvsSandbox sb, String script, String target, int ports) {
        ExecResult r = Exec.run(Duration.ofMinutes(30), "/usr/bin/python3", PYTHON_DIR.resolve(script).toString(),
                target, Integer.toString(ports)).ok();
        Matcher m = SECONDS.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException(script + " printed no result: " + r.stdout() + r.stderr());
        }
        String label = script.startsWith("ovsdbapp") ? "ovsdbapp"
                : script.contains("one_tx") ? "bare Python, one tx"
                : script.contains("inflight") ? "bare Python, 64 in fl." : "bare Python socket";
        return new Result(label, ports, Double.parseDouble(m.group(1)), Double.NaN, Double.NaN);
    }

    private static Result vsctl(OvsSandbox sb, int ports) {
        long[] lat = new long[ports];
        long start = System.nanoTime();
        for (int i = 0; i < ports; i++) {
            String name = String.format("tapx%09d", i);
            long t0 = System.nanoTime();
            sb.vsctl("--no-wait", "add-port", "br-int", name, "tag=" + (1 + i % 4094), "--", "set", "Interface", name,
                    "external_ids:iface-id=" + new UUID(0, i + 1),
                    "external_ids:attached-mac=\"" + mac(i) + "\"",
                    "external_ids:iface-status=active", "external_ids:vm-uuid=" + new UUID(1, i)).ok();
            lat[i] = System.nanoTime() - t0;
        }
        return result("ovs-vsctl --no-wait", ports, System.nanoTime() - start, lat);
    }

    private static Result result(String label, int ports, long elapsedNanos, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(label, ports, elapsedNanos / 1e9, sorted[(int) (0.50 * (sorted.length - 1))] / 1e6,
                sorted[(int) (0.99 * (sorted.length - 1))] / 1e6);
    }

    private static void print(List<Result> results) {
        double vifd = results.get(0).msPerPort();
        System.out.printf(Locale.ROOT, "%-24s %8s %10s %12s %9s %9s %14s%n", "contender", "ports", "seconds",
                "ms/port", "p50 ms", "p99 ms", "x vifd seq");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-24s %8d %10.3f %12.4f %9s %9s %14.2f%n", r.contender(), r.ports(),
                    r.seconds(), r.msPerPort(), fmt(r.p50Ms()), fmt(r.p99Ms()), r.msPerPort() / vifd);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
