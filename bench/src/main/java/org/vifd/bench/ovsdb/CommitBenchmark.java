package org.vifd.bench.ovsdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.vswitch.VswitchdSync;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;

/**
 * What ovsdb-server's commit time consists of (issue 3: one transaction of 10,000 ports ≤ 0.05 ms/port, 64 in flight
 * ≤ 0.2 ms/port). Each case runs on a fresh ovsdb-server, side by side with the bare-Python floor:
 * <ul>
 * <li>the database file on disk (/tmp, the sandbox's) or on tmpfs (/dev/shm): ovsdb-server writes (and syncs) its log
 * on every commit;</li>
 * <li>with ovs-vswitchd connected and monitoring (as in a real deployment: the server also composes the update for
 * it), where the one-transaction case also reports the vswitchd sync (commit → cur_cfg = next_cfg) separately;</li>
 * <li>the transaction's shape: one mutate of Bridge.ports for all ports, or one mutate per port.</li>
 * </ul>
 * Beside wall time, the server's own CPU time (utime + stime from /proc) per commit, which the machine's load
 * disturbs less. Usage: {@code java -jar bench/target/vifd-bench.jar ovsdb-plug commit [--big N] [--ports N] [--sync 0|1]
 * [--commits 0|1]} ({@code --commits 0}: only the vswitchd sync runs, with system and with dummy interfaces).
 */
public final class CommitBenchmark {
    private static final Path PYTHON_DIR = Path.of("bench/src/main/python");
    private static final Pattern SECONDS = Pattern.compile("\"seconds\": ([0-9.eE+-]+)");

    private CommitBenchmark() {
    }

    /** A running ovsdb-server with br-int: its unix socket and pid file. */
    private interface Server extends AutoCloseable {
        Path socket();

        Path pidFile();

        @Override
        void close() throws IOException;

        default String remote() {
            return "unix:" + socket();
        }

        default long cpuNanos() throws IOException {
            String pid = Files.readString(pidFile()).trim();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;   // proc(5) utime, stime; USER_HZ 100
        }
    }

    private enum Setup {
        DISK("db on disk (/tmp), no vswitchd"), TMPFS("db on tmpfs (/dev/shm), no vswitchd"), VSWITCHD("db on disk, vswitchd connected");

        final String label;

        Setup(String label) {
            this.label = label;
        }
    }

    private static Server start(Setup setup) throws IOException {
        if (setup == Setup.TMPFS) {
            return TmpfsServer.start();
        }
        OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, setup == Setup.VSWITCHD,
                setup == Setup.VSWITCHD ? List.of("br-int") : List.of(), "netdev"));
        if (setup != Setup.VSWITCHD) {
            sb.vsctl("--no-wait", "add-br", "br-int").ok();
        }
        return new Server() {
            public Path socket() {
                return sb.dbSocket();
            }

            public Path pidFile() {
                return sb.dir().resolve("ovsdb-server.pid");
            }

            public void close() {
                sb.close();
            }
        };
    }

    /** ovsdb-server on a database file in /dev/shm, started here (the testkit's sandboxes live in /tmp). */
    private record TmpfsServer(Path dir) implements Server {
        static TmpfsServer start() throws IOException {
            Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "ovsdb-bench-");
            Path db = dir.resolve("conf.db");
            Exec.run("ovsdb-tool", "create", db.toString(), OvsSandbox.VSWITCH_SCHEMA.toString()).ok();
            TmpfsServer s = new TmpfsServer(dir);
            Exec.run(Duration.ofSeconds(30), "ovsdb-server", db.toString(), "--remote=punix:" + s.socket(),
                    "--unixctl=" + dir.resolve("ovsdb-server.ctl"), "--pidfile=" + s.pidFile(),
                    "--log-file=" + dir.resolve("ovsdb-server.log"), "--detach", "--no-chdir").ok();
            Exec.run("ovs-vsctl", "--db=" + s.remote(), "--no-wait", "--", "init", "--", "add-br", "br-int").ok();
            return s;
        }

        public Path socket() {
            return dir.resolve("db.sock");
        }

        public Path pidFile() {
            return dir.resolve("ovsdb-server.pid");
        }

        public void close() throws IOException {
            if (Files.exists(pidFile())) {
                Exec.run("kill", Files.readString(pidFile()).trim());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private record Line(String setup, String contender, int ports, double seconds, double serverCpuSeconds, String note) {
    }

    public static void main(String[] args) throws Exception {
        int big = 10_000;
        int ports = 1000;
        boolean sync = true;
        boolean commits = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--big" -> big = Integer.parseInt(args[i + 1]);
                case "--ports" -> ports = Integer.parseInt(args[i + 1]);
                case "--sync" -> sync = !args[i + 1].equals("0");
                case "--commits" -> commits = !args[i + 1].equals("0");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Line> lines = new ArrayList<>();
        // JIT warm-up of the client side.
        try (Server s = start(Setup.DISK)) {
            oneTransaction(s, 2000, false, "warm-up");
            inFlight(s, 2000, 64, "warm-up");
        }
        for (Setup setup : commits ? Setup.values() : new Setup[0]) {
            int n = big;
            int p = ports;
            lines.add(run(setup, s -> oneTransaction(s, n, false, "vifd, one tx, one mutate of Bridge.ports")));
            lines.add(run(setup, s -> python(s, n)));
            lines.add(run(setup, s -> oneTransaction(s, n, true, "vifd, one tx, a mutate per port")));
            lines.add(run(setup, s -> inFlight(s, p, 64, "vifd, 64 in flight")));
        }
        if (sync) {
            int n = big;
            lines.addAll(syncRun(n, false));
            lines.addAll(syncRun(n, true));
        }
        System.out.printf(Locale.ROOT, "%-38s %-42s %7s %9s %9s %12s  %s%n", "setup", "contender", "ports", "seconds", "ms/port",
                "server CPU", "note");
        for (Line l : lines) {
            System.out.printf(Locale.ROOT, "%-38s %-42s %7d %9.3f %9.4f %10.3f s  %s%n", l.setup(), l.contender(), l.ports(), l.seconds(),
                    l.seconds() * 1000 / l.ports(), l.serverCpuSeconds(), l.note());
        }
    }

    private interface Body {
        double run(Server s) throws Exception;
    }

    private static Line run(Setup setup, Body body) throws Exception {
        try (Server s = start(setup)) {
            long c0 = s.cpuNanos();
            double seconds = body.run(s);
            double cpu = (s.cpuNanos() - c0) / 1e9;
            return new Line(setup.label, LAST_LABEL.get(), LAST_PORTS.get(), seconds, cpu, "");
        }
    }

    /** The label and size of the contender that ran last (the bodies are one-liners; this keeps them so). */
    private static final ThreadLocal<String> LAST_LABEL = new ThreadLocal<>();
    private static final ThreadLocal<Integer> LAST_PORTS = new ThreadLocal<>();

    private static void label(String l, int ports) {
        LAST_LABEL.set(l);
        LAST_PORTS.set(ports);
    }

    /** Inserts port i's Interface and Port rows, as the plug benchmark does; answers the Port's named uuid. */
    private static NamedUuid insertPort(Transaction tx, String name, int i) {
        return insertPort(tx, name, i, "");
    }

    /** type "": a system interface (the test ports have no device: vswitchd reports each); "dummy": see syncRun. */
    private static NamedUuid insertPort(Transaction tx, String name, int i, String type) {
        Row.Builder row = Row.builder()
                .put("name", name)
                .put("external_ids", OvsMap.ofStrings(Map.of(
                        "iface-id", new UUID(0, i + 1).toString(),
                        "attached-mac", String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", (i >> 16) & 255, (i >> 8) & 255, i & 255),
                        "iface-status", "active",
                        "vm-uuid", new UUID(1, i).toString())));
        if (!type.isEmpty()) {
            row.put("type", type);
        }
        NamedUuid iface = tx.insert("Interface", row.build());
        return tx.insert("Port", Row.builder().put("name", name).put("tag", 1 + i % 4094).put("interfaces", OvsSet.of(iface)).build());
    }

    private static Transaction bigTransaction(int ports, boolean mutatePerPort) {
        return bigTransaction(ports, mutatePerPort, "");
    }

    private static Transaction bigTransaction(int ports, boolean mutatePerPort, String type) {
        Transaction tx = new Transaction("Open_vSwitch");
        List<NamedUuid> refs = new ArrayList<>(ports);
        List<Condition> brInt = List.of(Condition.equal("name", "br-int"));
        for (int i = 0; i < ports; i++) {
            NamedUuid p = insertPort(tx, String.format(Locale.ROOT, "tapw%09d", i), i, type);
            if (mutatePerPort) {
                tx.mutate("Bridge", brInt, List.of(Mutation.insert("ports", OvsSet.of(p))));
            } else {
                refs.add(p);
            }
        }
        if (!mutatePerPort) {
            tx.mutate("Bridge", brInt, List.of(Mutation.insert("ports", OvsSet.of(refs))));
        }
        return tx;
    }

    private static double oneTransaction(Server s, int ports, boolean mutatePerPort, String label) throws Exception {
        label(label, ports);
        try (OvsdbClient client = OvsdbClient.connect(s.remote()).get(30, TimeUnit.SECONDS)) {
            client.getSchema("Open_vSwitch").get();
            Transaction tx = bigTransaction(ports, mutatePerPort);
            long t0 = System.nanoTime();
            client.transact(tx).get(10, TimeUnit.MINUTES);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double inFlight(Server s, int ports, int window, String label) throws Exception {
        label(label, ports);
        try (OvsdbClient client = OvsdbClient.connect(s.remote()).get(30, TimeUnit.SECONDS)) {
            client.getSchema("Open_vSwitch").get();
            Semaphore slots = new Semaphore(window);
            List<CompletableFuture<?>> all = new ArrayList<>(ports);
            long t0 = System.nanoTime();
            for (int i = 0; i < ports; i++) {
                slots.acquire();
                all.add(client.transact(PortPlugBenchmark.plugTransaction(i)).whenComplete((r, e) -> slots.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double python(Server s, int ports) {
        label("bare Python, one tx, one mutate", ports);
        ExecResult r = Exec.run(Duration.ofMinutes(30), "/usr/bin/python3", PYTHON_DIR.resolve("bare_socket_one_tx.py").toString(),
                s.socket().toString(), Integer.toString(ports)).ok();
        Matcher m = SECONDS.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException("bare_socket_one_tx.py printed no result: " + r.stdout() + r.stderr());
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * The one transaction through VswitchdSync with vswitchd connected: the commit and the sync, separately. With
     * {@code dummy}, vswitchd runs with {@code --enable-dummy} and every interface is of type "dummy" (a userspace
     * netdev vswitchd can open: each port gets an ofport, as real taps would); without, the interfaces are system
     * interfaces with no device behind them, which vswitchd tries to open and reports as failed.
     */
    private static List<Line> syncRun(int ports, boolean dummy) throws Exception {
        String setupLabel = dummy ? "vswitchd --enable-dummy, dummy ifaces" : Setup.VSWITCHD.label;
        OvsSandbox sb = OvsSandbox.start(new OvsSandbox.Config(null, true, List.of("br-int"), "netdev", List.of(),
                dummy ? List.of("--enable-dummy") : List.of()));
        Path pidFile = sb.dir().resolve("ovsdb-server.pid");
        Server s = new Server() {
            public Path socket() {
                return sb.dbSocket();
            }

            public Path pidFile() {
                return pidFile;
            }

            public void close() {
                // vswitchd's "exit --cleanup" removes every port one by one: with 10,000 dummy ports that took more
                // than 10 minutes here. It is killed instead; the sandbox's network namespace, deleted on close,
                // takes its devices along.
                sb.killVswitchd();
                sb.close();
            }
        };
        try (s;
             OvsdbSession session = OvsdbSession.builder(s.remote()).database("Open_vSwitch").build();
             VswitchdSync sync = VswitchdSync.create(session)) {
            sync.start().get(30, TimeUnit.SECONDS);
            Transaction tx = bigTransaction(ports, false, dummy ? "dummy" : "");
            long c0 = s.cpuNanos();
            long t0 = System.nanoTime();
            VswitchdSync.Pending pending = sync.submit(tx, Duration.ofMinutes(20));
            pending.committed().get(10, TimeUnit.MINUTES);
            long t1 = System.nanoTime();
            double commitCpu = (s.cpuNanos() - c0) / 1e9;
            VswitchdSync.SyncResult r = pending.synced().get(20, TimeUnit.MINUTES);
            long t2 = System.nanoTime();
            String note = r.problems().size() + " interfaces reported"
                    + (dummy ? "" : " (no such device: the test ports have no tap behind them)");
            List<Line> lines = List.of(new Line(setupLabel, "VswitchdSync: commit (ovsdb-server)", ports, (t1 - t0) / 1e9, commitCpu, ""),
                    new Line(setupLabel, "VswitchdSync: commit -> cur_cfg (vswitchd)", ports, (t2 - t1) / 1e9, Double.NaN, note));
            // Printed now too: closing the sandbox (vswitchd removing 10,000 ports) takes minutes.
            lines.forEach(l -> System.out.printf(Locale.ROOT, "%s | %s | %d ports | %.3f s | server CPU %.3f s | %s%n",
                    l.setup(), l.contender(), l.ports(), l.seconds(), l.serverCpuSeconds(), l.note()));
            return lines;
        }
    }
}
