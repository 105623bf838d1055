package org.vifd.bench.ovsdb;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicInteger;
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
 * vifd one transaction per port awaited one after another, vifd with 64 in flight (pipelined from callbacks, and
 * from one caller thread that blocks for a free slot), vifd with all ports in one transaction, and the baselines {@code ovs-vsctl --no-wait} in a loop, ovsdbapp, and a bare Python socket client
 * (one after another, 64 pipelined, and all ports in one transaction: ovsdb-server's own floors).
 * {@code --big 0} skips the one-transaction pair, {@code --vsctl-ports 0} ovsdbapp and ovs-vsctl.
 * No ovs-vswitchd runs, so every contender is measured on the database round trip (see docs/design.md).
 *
 * <p>Usage: {@code java -jar bench/target/vifd-bench.jar ovsdb-plug [--ports N] [--vsctl-ports N] [--big N]
 * [--warmup-rounds N]}
 * ({@code ovsdb-plug commit ...}: {@link CommitBenchmark}, what the server's commit time consists of), run
 * from the repository root (the Python baselines are read from {@code bench/src/main/python}).
 */
public final class PortPlugBenchmark {
    private static final Path PYTHON_DIR = Path.of("bench/src/main/python");

    /**
     * One contender's run; {@code serverCpuSeconds} is ovsdb-server's CPU time (user + system) over the run and
     * {@code jitMs} the JVM's JIT compilation time meanwhile: which side the time went to (on 2 cores the server
     * and the client share the machine, and a JIT compiling during the run takes CPU the server needs).
     */
    private record Result(String contender, int ports, double seconds, double p50Ms, double p99Ms,
                          double serverCpuSeconds, double jitMs) {
        Result(String contender, int ports, double seconds, double p50Ms, double p99Ms) {
            this(contender, ports, seconds, p50Ms, p99Ms, Double.NaN, Double.NaN);
        }

        Result withCosts(double serverCpuSeconds, double jitMs) {
            return new Result(contender, ports, seconds, p50Ms, p99Ms, serverCpuSeconds, jitMs);
        }

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
        warmUp(ports, opts.getOrDefault("warmup-rounds", 12));
        results.add(withSandbox(sb -> sequential(sb, ports, "vifd, sequential")));
        results.add(withSandbox(sb -> inFlight(sb, ports, 64)));
        results.add(withSandbox(sb -> python(sb, "bare_socket_inflight.py", sb.dbSocket().toString(), ports)));
        results.add(withSandbox(sb -> inFlightBlocking(sb, ports, 64)));
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

    /**
     * JIT warm-up on throwaway databases, so that the measured runs are the steady state a daemon lives in: rounds of
     * both ways of sending (awaited, pipelined from callbacks) until a round compiles for less than 5 % of its wall
     * time, at most {@code maxRounds} ({@code --warmup-rounds}, default 12). With one round the JIT still compiled
     * for 0.4 s (elapsed, at load ~7) during a 0.5 s measured run of 64 in flight, on the 2 cores ovsdb-server
     * needs; under load C2 compiled the hot path itself (OvsdbClient.transact, WriteBatcher.write, the bench's
     * transaction builder) only after 20 s; at load 7 the 5 % was reached after 10 rounds (~27 s), and the table
     * prints the JIT time of each run.
     */
    private static void warmUp(int ports, int maxRounds) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= maxRounds; round++) {
            long jit0 = jit.getTotalCompilationTime();
            long t0 = System.nanoTime();
            withSandbox(sb -> sequential(sb, ports, "warm-up"));
            withSandbox(sb -> inFlight(sb, ports, 64));
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long jitMs = jit.getTotalCompilationTime() - jit0;
            System.err.printf(Locale.ROOT, "warm-up round %d: %d ms, JIT %d ms%n", round, wallMs, jitMs);
            if (jitMs * 20 < wallMs) {
                return;
            }
        }
    }

    private interface SandboxRun {
        Result run(OvsSandbox sb) throws Exception;
    }

    private static Result withSandbox(SandboxRun body) throws Exception {
        try (OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, false, List.of(), "netdev"))) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
            long serverPid = Long.parseLong(Files.readString(sb.dir().resolve("ovsdb-server.pid")).trim());
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            long cpu0 = cpuTicks(serverPid);
            long jit0 = jit.getTotalCompilationTime();
            Result r = body.run(sb);
            r = r.withCosts((cpuTicks(serverPid) - cpu0) / (double) CLOCK_TICKS, jit.getTotalCompilationTime() - jit0);
            int count = sb.vsctl("--no-wait", "list-ports", "br-int").ok().out().split("\n").length;
            if (count != r.ports()) {
                throw new IllegalStateException(r.contender() + ": expected " + r.ports() + " ports, found " + count);
            }
            return r;
        }
    }

    /** USER_HZ of /proc/PID/stat: 100 on every Linux architecture the project builds for. */
    private static final int CLOCK_TICKS = 100;

    /** utime + stime of a process, in clock ticks (proc(5)); the command name may hold spaces, so split after ')'. */
    private static long cpuTicks(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
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

    /**
     * Keeps {@code window} transactions in flight the way an asynchronous caller pipelines: {@code window} are sent,
     * and the completion of each sends the next (on the connection's event loop, where futures complete). No thread
     * waits per transaction, as in the bare client's single loop: each batch of replies read is answered by one
     * write of as many new requests (see OvsdbPipeline). A caller thread that blocks for a free slot instead (a
     * semaphore released by each completion) is woken once per reply and hands each request to the loop alone; on
     * 2 cores those wake-ups preempt ovsdb-server ({@link #inFlightBlocking}, kept as a contender).
     */
    private static Result inFlight(OvsSandbox sb, int ports, int window) throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(sb.unixRemote()).get()) {
            client.getSchema("Open_vSwitch").get();
            CallbackPipeline run = new CallbackPipeline(client, ports);
            long start = System.nanoTime();
            for (int i = 0; i < Math.min(window, ports); i++) {
                run.sendNext();
            }
            run.done.get();
            return result("vifd, " + window + " in flight", ports, System.nanoTime() - start, run.latencies);
        }
    }

    /** The plug transactions, each sent from the completion of one before it. */
    private static final class CallbackPipeline {
        final OvsdbClient client;
        final int ports;
        final long[] latencies;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger completed = new AtomicInteger();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        CallbackPipeline(OvsdbClient client, int ports) {
            this.client = client;
            this.ports = ports;
            this.latencies = new long[ports];
        }

        void sendNext() {
            int i = next.getAndIncrement();
            if (i >= ports) {
                return;
            }
            long t0 = System.nanoTime();
            client.transact(plugTransaction(i)).whenComplete((r, e) -> {
                latencies[i] = System.nanoTime() - t0;
                if (e != null) {
                    done.completeExceptionally(e);
                } else if (completed.incrementAndGet() == ports) {
                    done.complete(null);
                } else {
                    sendNext();
                }
            });
        }
    }

    /** {@code window} in flight from one caller thread that blocks for a free slot (see {@link #inFlight}). */
    private static Result inFlightBlocking(OvsSandbox sb, int ports, int window) throws Exception {
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
            return result("vifd, " + window + " blocking th.", ports, System.nanoTime() - start, lat);
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
        System.out.printf(Locale.ROOT, "%-24s %8s %10s %12s %9s %9s %14s %14s %8s%n", "contender", "ports", "seconds",
                "ms/port", "p50 ms", "p99 ms", "x vifd seq", "srv CPU ms/p", "JIT ms");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-24s %8d %10.3f %12.4f %9s %9s %14.2f %14.4f %8.0f%n", r.contender(),
                    r.ports(), r.seconds(), r.msPerPort(), fmt(r.p50Ms()), fmt(r.p99Ms()), r.msPerPort() / vifd,
                    r.serverCpuSeconds() * 1000 / r.ports(), r.jitMs());
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
