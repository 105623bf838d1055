package org.vifd.bench.ovn;

import static org.vifd.bench.BenchStats.loadAverage;
import static org.vifd.bench.BenchStats.percentile;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vifd.agent.dhcp.DhcpFlows;
import org.vifd.agent.dhcp.DhcpPort;
import org.vifd.agent.dhcp.DhcpServer;
import org.vifd.agent.dhcp.DhcpSettings;
import org.vifd.agent.dhcp.DhcpWiring;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentChange;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.ovn.OvnNbIntentSource;
import org.vifd.agent.ovn.OvnNbMapper;
import org.vifd.agent.wiring.WiredPort;
import org.vifd.agent.wiring.WiringChange;
import org.vifd.bench.BenchOptions;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsdbCluster;

/**
 * Issue 9's binding change through the OVN Northbound source: a real NB ovsdb-server holding {@code hosts × perHost}
 * Logical_Switch_Ports with DHCP_Options on one network, all of them local to one {@link OvnNbIntentSource} (the
 * worst case: every port on this host), whose changes go to the agent's DHCP path ({@link DhcpWiring}, on a loop
 * thread as in the agent). Each change is one OVSDB transaction setting one port's {@code addresses}; the time is
 * from just before the transaction is sent to the new snapshot published with the port's new address (checked).
 *
 * <p>Apart, on the same views: what the source's mapping costs per change with its memo (unchanged rows shared) and
 * without (every row mapped, then whole intents diffed: the path before the memo).
 */
public final class OvnBindingBenchmark {
    private OvnBindingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> opts = BenchOptions.parse(args, "hosts", "ports-per-host", "changes");
        int hosts = opts.getOrDefault("hosts", 100);
        int perHost = opts.getOrDefault("ports-per-host", 100);
        int changes = opts.getOrDefault("changes", 32);
        Path stateDir = Files.createTempDirectory("ovnbind");
        try (OvsdbCluster cluster = OvnNb.start(1, hosts, perHost, 1)) {
            String db = cluster.remotes();
            Set<String> local = new HashSet<>();
            for (int h = 0; h < hosts; h++) {
                local.addAll(OvnNb.portsOf(h, perHost));
            }

            DhcpServer server = DhcpServer.open(stateDir, DhcpResponderConfig.defaults());
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(
                    r -> new Thread(r, "ovnbind-agent-loop"));
            DhcpWiring wiring = new DhcpWiring(server.service(), DhcpSettings.DEFAULTS, DhcpFlows.PuntLimits.DEFAULTS,
                    loop);
            Map<String, WiredPort> wired = new HashMap<>();
            int ofport = 10;
            for (String p : local) {
                wired.put(p, new WiredPort(p, "tap" + ofport, ofport++, "net0", 1));
            }
            OvsdbSession session = OvsdbSession.builder(db).name("ovnbind").leaderOnly(false).build();
            OvnNbIntentSource source = OvnNbIntentSource.builder(session).reportUp(false).build();
            LinkedBlockingQueue<long[]> published = new LinkedBlockingQueue<>();
            Intent[] held = {null};
            source.addChangeListener(change -> {
                long heard = System.nanoTime();
                loop.execute(() -> {
                    // As the agent: the reconciler hands the source's delta on to the DHCP wiring.
                    IntentDelta delta = change.deltaFrom(held[0]);
                    wiring.wiringChanged(new WiringChange(held[0], change.intent(), delta, wired, Set.of()), null, 1);
                    held[0] = change.intent();
                    published.add(new long[] {heard, System.nanoTime(), delta.ports().size()});
                });
            });
            source.start();
            source.setLocalPorts(local);
            Intent first = source.ready().get(300, TimeUnit.SECONDS);
            loop.submit(() -> {
                held[0] = first;
                wiring.wiringChanged(first, wired, null, 1);
            }).get(60, TimeUnit.SECONDS);
            published.clear();
            System.out.printf(Locale.ROOT, "source ready: %s; DHCP snapshot %d ports; loadavg %s%n", first,
                    server.service().snapshot().size(), loadAverage());

            OvsdbSession writer = OvsdbSession.builder(db).name("ovnbind-writer").leaderOnly(false).build();
            writer.start().get(30, TimeUnit.SECONDS);
            String target = OvnNb.portName(hosts / 2, perHost / 2);
            String mac = OvnNb.mac(0, hosts / 2, perHost / 2);
            List<Double> live = new ArrayList<>();
            List<Double> toSource = new ArrayList<>();
            List<Double> sourceToPublished = new ArrayList<>();
            OvnNbMapper.Memo memo = new OvnNbMapper.Memo();
            ReplicaView lastView = source.view();
            Intent prevShared = OvnNbMapper.map(lastView, memo).intent();
            List<Double> withMemo = new ArrayList<>();
            List<Double> withoutMemo = new ArrayList<>();
            for (int i = 0; i < changes + 4; i++) {
                String ip = "10.0.250." + (10 + i % 200);
                Transaction tx = new Transaction("OVN_Northbound");
                tx.update("Logical_Switch_Port", List.of(Condition.equal("name", target)),
                        Row.builder().put("addresses", OvsSet.ofStrings(mac + " " + ip)).build());
                long s0 = System.nanoTime();
                writer.transact(tx);
                // The first publication with the new address (a change of other rows may come first).
                long[] p;
                String bound;
                do {
                    p = published.poll(30, TimeUnit.SECONDS);
                    if (p == null) {
                        throw new IllegalStateException("change " + i + " never reached the DHCP wiring");
                    }
                    bound = bindingOf(server.service().snapshot().ports(), target);
                } while (!ip.equals(bound));
                // The source's own mapping apart, on the view it saw: with memo (one row changed) and without.
                ReplicaView view = source.view();
                Intent before = OvnNbMapper.map(lastView).intent();
                long m0 = System.nanoTime();
                Intent shared = OvnNbMapper.map(view, memo).intent();
                IntentDelta fast = IntentDelta.between(prevShared, shared);
                long m1 = System.nanoTime();
                Intent full = OvnNbMapper.map(view).intent();
                IntentDelta slow = IntentDelta.between(before, full);
                long m2 = System.nanoTime();
                lastView = view;
                prevShared = shared;
                if (i < 4) {
                    continue; // warm-up
                }
                if (slow.ports().size() != 1 || fast.ports().size() < 1) {
                    throw new IllegalStateException("change " + i + ": deltas " + fast + " / " + slow);
                }
                live.add((p[1] - s0) / 1e6);
                toSource.add((p[0] - s0) / 1e6);
                sourceToPublished.add((p[1] - p[0]) / 1e6);
                withMemo.add((m1 - m0) / 1e6);
                withoutMemo.add((m2 - m1) / 1e6);
                System.out.printf(Locale.ROOT, "  change %2d %s -> %s: live after %.2f ms (tx -> source's change %.2f,"
                                + " -> published %.2f; delta %d ports); mapping+diff apart: memo %.2f ms, full %.2f ms%n",
                        i - 4, target, ip, live.get(live.size() - 1), toSource.get(toSource.size() - 1),
                        sourceToPublished.get(sourceToPublished.size() - 1), p[2], withMemo.get(withMemo.size() - 1),
                        withoutMemo.get(withoutMemo.size() - 1));
            }
            System.out.printf(Locale.ROOT, "%d ports, %d changes: live median %.2f ms p99 %.2f ms; tx -> source's"
                            + " change median %.2f; source -> published median %.2f; mapping+diff per change: memo"
                            + " median %.2f ms p99 %.2f, full (before) median %.2f ms p99 %.2f; loadavg %s%n",
                    hosts * perHost, live.size(), percentile(live, 50), percentile(live, 99), percentile(toSource, 50),
                    percentile(sourceToPublished, 50), percentile(withMemo, 50), percentile(withMemo, 99), percentile(withoutMemo, 50),
                    percentile(withoutMemo, 99), loadAverage());
            source.close();
            writer.close();
            session.close();
            loop.shutdown();
            server.close();
        }
    }

    private static String bindingOf(List<DhcpPort> ports, String portId) {
        for (DhcpPort p : ports) {
            if (p.portId().equals(portId)) {
                return p.binding().ip().toString();
            }
        }
        return null;
    }
}
