package org.vifd.bench.ovn;

import static org.vifd.bench.BenchStats.loadAverage;
import static org.vifd.bench.BenchStats.percentile;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.vifd.agent.ovn.OvnNbIntentSource;
import org.vifd.bench.BenchOptions;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsdbCluster;

/**
 * Issue 11's scale bench: one 3-member OVN Northbound cluster with {@code hosts × portsPerHost} logical ports on
 * {@code networks} provider networks (ports spread round-robin, so each network spans many hosts), and one
 * {@link OvnNbIntentSource} per simulated host in this JVM, each monitoring its own ports conditionally. Measures:
 * <ul>
 * <li>bytes and updates each client receives for an ovn-nbctl change to one port of one host: the interested
 * client, every other client, and one client monitoring the three tables in full;</li>
 * <li>the time from starting ovn-nbctl to the interested client's new intent (p50/p99), and from ovn-nbctl's exit;</li>
 * <li>CPU seconds (utime + stime, proc(5)) of each of the three ovsdb-servers while every port is modified (2,000
 * changes in transactions of 100), with the conditional clients, and again with as many full-monitor clients;</li>
 * <li>the same while the clients' local port sets churn (2,000 monitor_cond_change: each client drops one port and
 * takes it back, 10 rounds with the defaults).</li>
 * </ul>
 * Usage: {@code java -jar bench/target/vifd-bench.jar ovn-conditional [--hosts 100] [--ports-per-host 20]
 * [--networks 10] [--samples 200]}.
 */
public final class OvnConditionalBenchmark {
    private OvnConditionalBenchmark() {
    }

    /** Counts the bytes a connection receives (put at the head of its pipeline). */
    private static final class ByteCounter extends ChannelInboundHandlerAdapter {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                bytes.addAndGet(b.readableBytes());
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static ByteCounter count(OvsdbSession session) throws Exception {
        OvsdbClient c = session.awaitConnected().get(30, TimeUnit.SECONDS);
        ByteCounter counter = new ByteCounter();
        c.channel().pipeline().addFirst("bench-bytes", counter);
        return counter;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> opts = BenchOptions.parse(args, "hosts", "ports-per-host", "networks", "samples");
        int hosts = opts.getOrDefault("hosts", 100);
        int perHost = opts.getOrDefault("ports-per-host", 20);
        int networks = opts.getOrDefault("networks", 10);
        int samples = opts.getOrDefault("samples", 200);
        try (OvsdbCluster cluster = OvnNb.start(3, hosts, perHost, networks)) {
            String db = cluster.remotes();

            // One conditional client per host, each on its own connection (as one agent per compute node).
            List<OvnNbIntentSource> clients = new ArrayList<>();
            List<ByteCounter> counters = new ArrayList<>();
            List<AtomicLong> intents = new ArrayList<>();
            long[] lastChange = new long[hosts]; // written before the count is bumped: read after reading the count
            long t0 = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                OvsdbSession s = session(db, "host" + h);
                OvnNbIntentSource src = OvnNbIntentSource.builder(s).reportUp(false).build();
                AtomicLong n = new AtomicLong();
                int host = h;
                src.addListener(i -> {
                    lastChange[host] = System.nanoTime();
                    n.incrementAndGet();
                });
                src.start();
                src.setLocalPorts(OvnNb.portsOf(h, perHost));
                clients.add(src);
                intents.add(n);
                counters.add(count(s));
            }
            for (OvnNbIntentSource c : clients) {
                c.ready().get(120, TimeUnit.SECONDS);
            }
            System.out.printf(Locale.ROOT, "%d conditional clients ready in %.1f s; rows in one client's replica: %d%n",
                    hosts, (System.nanoTime() - t0) / 1e9, clients.get(0).view().size());

            // One full-monitor client for comparison.
            OvsdbSession fullSession = session(db, "full");
            Replica full = fullReplica(fullSession);
            full.start().get(120, TimeUnit.SECONDS);
            ByteCounter fullBytes = count(fullSession);
            System.out.printf(Locale.ROOT, "full-monitor client holds %d rows%n", full.view().size());
            // What the session's cluster-member check (_Server monitor) alone receives, as every agent's session does.
            OvsdbSession checked = OvsdbSession.builder(db).name("checked").database("OVN_Northbound")
                    .leaderOnly(false).build();
            checked.start();
            ByteCounter serverBytes = count(checked);
            long serverBefore = serverBytes.bytes.get();

            // One change to one port of one host, many times.
            Random random = new Random(11);
            List<Double> fromStart = new ArrayList<>();
            List<Double> fromExit = new ArrayList<>();
            long interestedBytes = 0;
            long interestedUpdates = 0;
            long othersBytes = 0;
            long othersUpdates = 0;
            long fullBytesTotal = 0;
            long fullUpdates = 0;
            for (int k = 0; k < samples; k++) {
                int h = random.nextInt(hosts);
                String port = OvnNb.portName(h, random.nextInt(perHost));
                long[] bytesBefore = counters.stream().mapToLong(c -> c.bytes.get()).toArray();
                long[] versionsBefore = clients.stream().mapToLong(c -> c.view().version()).toArray();
                long fullBefore = fullBytes.bytes.get();
                long fullVersionBefore = full.view().version();
                long changesBefore = intents.get(h).get();
                long start = System.nanoTime();
                ExecResult r = Exec.run(Duration.ofSeconds(30), "ovn-nbctl", "--db=" + db, "set",
                        "Logical_Switch_Port", port, "external_ids:\"neutron:device_owner\"=\"compute:s" + k + "\"");
                long exit = System.nanoTime();
                r.ok();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (intents.get(h).get() == changesBefore && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (intents.get(h).get() == changesBefore) {
                    throw new IllegalStateException("change to " + port + " never reached host " + h);
                }
                fromStart.add((lastChange[h] - start) / 1e6);
                fromExit.add(Math.max(0, lastChange[h] - exit) / 1e6);
                Thread.sleep(100); // let anything else that would arrive arrive
                for (int c = 0; c < hosts; c++) {
                    long b = counters.get(c).bytes.get() - bytesBefore[c];
                    long u = clients.get(c).view().version() - versionsBefore[c];
                    if (c == h) {
                        interestedBytes += b;
                        interestedUpdates += u;
                    } else {
                        othersBytes += b;
                        othersUpdates += u;
                    }
                }
                fullBytesTotal += fullBytes.bytes.get() - fullBefore;
                fullUpdates += full.view().version() - fullVersionBefore;
            }
            System.out.printf(Locale.ROOT, "per change (%d samples):%n", samples);
            System.out.printf(Locale.ROOT, "  interested client: %.0f bytes, %.2f updates%n",
                    (double) interestedBytes / samples, (double) interestedUpdates / samples);
            System.out.printf(Locale.ROOT, "  each other client: %.2f bytes, %.4f updates (total over %d clients: %d bytes)%n",
                    (double) othersBytes / samples / (hosts - 1), (double) othersUpdates / samples / (hosts - 1),
                    hosts - 1, othersBytes);
            System.out.printf(Locale.ROOT, "  full-monitor client: %.0f bytes, %.2f updates%n",
                    (double) fullBytesTotal / samples, (double) fullUpdates / samples);
            System.out.printf(Locale.ROOT, "  _Server monitor of a member-checking session: %.0f bytes%n",
                    (double) (serverBytes.bytes.get() - serverBefore) / samples);
            checked.close();
            System.out.printf(Locale.ROOT, "  ovn-nbctl start -> client intent: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(fromStart, 50), percentile(fromStart, 99), percentile(fromStart, 100));
            System.out.printf(Locale.ROOT, "  ovn-nbctl exit  -> client intent: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(fromExit, 50), percentile(fromExit, 99), percentile(fromExit, 100));

            // The same change through this library (the leader's commit, the notification, the mapping), without
            // ovn-nbctl's own process start, connection and schema fetch.
            OvsdbSession writer = OvsdbSession.builder(db).name("writer").database("OVN_Northbound").build();
            writer.start().get(30, TimeUnit.SECONDS);
            List<Double> viaLibrary = new ArrayList<>();
            for (int k = 0; k < samples; k++) {
                int h = random.nextInt(hosts);
                String port = OvnNb.portName(h, random.nextInt(perHost));
                long changesBefore = intents.get(h).get();
                Transaction tx = new Transaction("OVN_Northbound");
                tx.update("Logical_Switch_Port", List.of(Condition.equal("name", port)), Row.builder()
                        .put("external_ids", Map.of("neutron:device_owner", "compute:w" + k)).build());
                long start = System.nanoTime();
                writer.transact(tx).get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (intents.get(h).get() == changesBefore && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (intents.get(h).get() == changesBefore) {
                    throw new IllegalStateException("change to " + port + " never reached host " + h);
                }
                viaLibrary.add((lastChange[h] - start) / 1e6);
            }
            writer.close();
            System.out.printf(Locale.ROOT, "  transact (leader) -> client intent: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    percentile(viaLibrary, 50), percentile(viaLibrary, 99), percentile(viaLibrary, 100));

            // NB server CPU while every port changes, with the conditional clients.
            double[] cpuConditional = churnCpu(cluster, db, hosts, perHost, "c");
            report(String.format(Locale.ROOT, "churn of %d ports (ovn-nbctl, transactions of 100) with %d conditional "
                    + "clients", hosts * perHost, hosts), cpuConditional);

            // NB server CPU while the local port sets churn: each change is a monitor_cond_change on one client's
            // connection (a port unplugged from its host, then plugged back), 2 x hosts x rounds changes in all.
            int rounds = Math.max(1, hosts * perHost / (2 * hosts));
            double[] cpuConditions = conditionChurnCpu(cluster, clients, hosts, perHost, rounds);
            report(String.format(Locale.ROOT, "%d local port set changes (monitor_cond_change) on %d clients",
                    2 * hosts * rounds, hosts), cpuConditions);
            for (OvnNbIntentSource c : clients) {
                c.close();
            }
            full.close();
            fullSession.close();

            // The same churn with as many full-monitor clients.
            List<OvsdbSession> fullSessions = new ArrayList<>();
            List<Replica> fulls = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                OvsdbSession s = session(db, "full" + h);
                Replica rep = fullReplica(s);
                rep.start().get(120, TimeUnit.SECONDS);
                fullSessions.add(s);
                fulls.add(rep);
            }
            double[] cpuFull = churnCpu(cluster, db, hosts, perHost, "f");
            report(String.format(Locale.ROOT, "churn of %d ports (ovn-nbctl, transactions of 100) with %d full-monitor "
                    + "clients", hosts * perHost, hosts), cpuFull);
            fulls.forEach(Replica::close);
            fullSessions.forEach(OvsdbSession::close);
        }
        System.exit(0);
    }

    /**
     * A client session without the _Server member check, so that the bytes counted are the Northbound monitor's
     * alone (the check's own traffic is measured apart: "_Server monitor"). All members are healthy here.
     */
    private static OvsdbSession session(String db, String name) {
        return OvsdbSession.builder(db).name(name).leaderOnly(false).build();
    }

    private static Replica fullReplica(OvsdbSession s) {
        return Replica.builder(s, "OVN_Northbound")
                .table("Logical_Switch_Port", List.of("name", "type", "addresses", "port_security", "enabled", "up",
                        "dhcpv4_options", "options", "tag", "external_ids"), null)
                .table("Logical_Switch", List.of("name", "ports", "external_ids", "other_config"), null)
                .table("DHCP_Options", List.of("cidr", "options", "external_ids"), null)
                .build();
    }

    /** Modifies every port (transactions of 100) and answers the CPU seconds each server used meanwhile. */
    private static double[] churnCpu(OvsdbCluster cluster, String db, int hosts, int perHost, String tag)
            throws Exception {
        long[] before = cpuTicks(cluster);
        List<String> batch = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            for (int p = 0; p < perHost; p++) {
                Collections.addAll(batch, "--", "set", "Logical_Switch_Port", OvnNb.portName(h, p),
                        "external_ids:churn=" + tag);
                if (batch.size() >= 500) {
                    OvnNb.nbctl(db, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            OvnNb.nbctl(db, batch);
        }
        Thread.sleep(2000); // the servers finish sending the updates
        return cpuSeconds(before, cpuTicks(cluster));
    }

    /**
     * {@code rounds} times, every client drops one of its ports from its local set and takes it back (two
     * monitor_cond_change each, waiting until every client's intent shows it), and answers each server's CPU seconds.
     */
    private static double[] conditionChurnCpu(OvsdbCluster cluster, List<OvnNbIntentSource> clients, int hosts,
                                              int perHost, int rounds) throws Exception {
        long[] before = cpuTicks(cluster);
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int h = 0; h < hosts; h++) {
                Set<String> fewer = new HashSet<>(OvnNb.portsOf(h, perHost));
                fewer.remove(OvnNb.portName(h, r % perHost));
                clients.get(h).setLocalPorts(fewer);
            }
            awaitAll(clients, h -> vmPorts(clients.get(h)) == perHost - 1);
            for (int h = 0; h < hosts; h++) {
                clients.get(h).setLocalPorts(OvnNb.portsOf(h, perHost));
            }
            awaitAll(clients, h -> vmPorts(clients.get(h)) == perHost);
        }
        Thread.sleep(2000); // as for the row churn: the same allowance before reading the CPU time
        double[] cpu = cpuSeconds(before, cpuTicks(cluster));
        System.out.printf(Locale.ROOT, "  (%d rounds in %.1f s, including the 2 s allowance)%n", rounds,
                (System.nanoTime() - t0) / 1e9);
        return cpu;
    }

    /** The VM ports of a client's intent (not the subnets' DHCP server identities). */
    private static int vmPorts(OvnNbIntentSource c) {
        return (int) c.current().ports().stream().filter(p -> !p.id().startsWith("ovn-dhcp-")).count();
    }

    private static void awaitAll(List<OvnNbIntentSource> clients, java.util.function.IntPredicate done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int h = 0; h < clients.size(); h++) {
            while (!done.test(h)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("client " + h + " did not converge: " + clients.get(h).current());
                }
                Thread.sleep(1);
            }
        }
    }

    private static long[] cpuTicks(OvsdbCluster cluster) {
        long[] ticks = new long[cluster.size()];
        for (int m = 0; m < cluster.size(); m++) {
            ticks[m] = cpuTicks(cluster.dir().resolve("s" + m + ".pid"));
        }
        return ticks;
    }

    private static double[] cpuSeconds(long[] before, long[] after) {
        double[] s = new double[before.length];
        for (int m = 0; m < s.length; m++) {
            s[m] = (after[m] - before[m]) / 100.0; // USER_HZ
        }
        return s;
    }

    /** One line: total and per-member CPU seconds (utime + stime), with the load average at the end. */
    private static void report(String what, double[] cpu) {
        StringBuilder members = new StringBuilder();
        double total = 0;
        for (int m = 0; m < cpu.length; m++) {
            members.append(m == 0 ? "" : ", ").append(String.format(Locale.ROOT, "s%d %.2f", m, cpu[m]));
            total += cpu[m];
        }
        System.out.printf(Locale.ROOT, "%s: NB servers %.2f CPU-s (%s); loadavg %s%n", what, total, members,
                loadAverage());
    }

    private static long cpuTicks(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).strip();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (proc(5) fields 14, 15)
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the CPU time of " + pidFile, e);
        }
    }
}
