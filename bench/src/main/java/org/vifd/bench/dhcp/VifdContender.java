package org.vifd.bench.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.vifd.agent.dhcp.DhcpFlows;
import org.vifd.agent.dhcp.DhcpPort;
import org.vifd.agent.dhcp.DhcpServer;
import org.vifd.agent.dhcp.DhcpSettings;
import org.vifd.agent.dhcp.DhcpWiring;
import org.vifd.agent.wiring.WiredPort;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentChange;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.wiring.WiringChange;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.OpenFlowController;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.testkit.OvsSandbox;

/**
 * vifd's DHCP as the agent runs it, minus the agent loop (its wiring is not finished): an OpenFlow connection to
 * br-int's management socket with {@link org.vifd.agent.dhcp.DhcpService} as packet-in handler on one event loop,
 * a NORMAL base pipeline (table 0 → 60, 60 → NORMAL), {@link DhcpFlows}' meters and flows for the VMs' ports, the
 * lease journal on a real file, and snapshots built and published by the agent's {@link DhcpWiring} (full build
 * first, then incremental updates).
 *
 * <p>The per-port rate limits are raised for the throughput run (the defaults, 40 packets/s per port at the meter
 * and 20 messages/s per port in the responder, are a flood guard and would cap the test, not measure the server);
 * the flood phase keeps them ({@code defaultLimits}). The responder's overall default (200,000 messages/s since
 * {@link DhcpResponderConfig#DEFAULT_GLOBAL_RATE}) no longer caps a host below OVN's rate; it is raised here too so
 * that only the switch path is measured.
 *
 * <p>The OpenFlow connection uses Netty's native epoll transport (as the agent does) and answers the packet-ins
 * of one socket read with one flush: both cut the CPU per exchange of the JVM and of ovs-vswitchd.
 *
 * <p>Diagnostic switches: {@code -Ddhcpbench.noMeter=true} installs the punt flows without the meter instruction;
 * {@code -Ddhcpbench.nio=true} makes the OpenFlow connection use NIO instead of the native epoll transport.
 */
final class VifdContender implements DhcpContender {
    /** Filler ports get ofports above every real one; they have no flows, only bindings. */
    static final long FILLER_OFPORT_BASE = 100_000;

    private final boolean defaultLimits;
    private OvsSandbox sb;
    private Path stateDir;
    private DhcpServer server;
    private OpenFlowController controller;
    private SwitchConnection sw;
    private final Map<String, WiredPort> wired = new HashMap<>();
    private DhcpFlows flows;
    /** The agent loop's stand-in: DhcpWiring runs on it, as in the agent. */
    private ScheduledExecutorService loop;
    private DhcpWiring wiring;

    VifdContender(boolean defaultLimits) {
        this.defaultLimits = defaultLimits;
    }

    @Override
    public String name() {
        return "vifd";
    }

    @Override
    public int vmTag() {
        return 1;
    }

    @Override
    public void prepare(OvsSandbox sb) throws IOException {
        this.sb = sb;
        this.stateDir = Files.createTempDirectory(Path.of("/tmp"), "dhcpbench-vifd-");
    }

    @Override
    public void serve(ServedHosts hosts, List<LoadVm> vms) throws IOException {
        DhcpResponderConfig config = defaultLimits ? DhcpResponderConfig.defaults()
                : DhcpResponderConfig.builder().perPortRate(1_000_000, 1_000_000).globalRate(10_000_000, 10_000_000)
                .build();
        flows = new DhcpFlows(1, defaultLimits ? DhcpFlows.PuntLimits.DEFAULTS
                : new DhcpFlows.PuntLimits(1_000_000, 1_000_000, 1536));
        server = DhcpServer.open(stateDir, config);
        // -Ddhcpbench.flushDelayMicros=N: let packet-outs wait up to N µs for company (ConnectionConfig).
        long flushDelay = Long.getLong("dhcpbench.flushDelayMicros", 0);
        controller = OpenFlowController.builder().packetInHandler(server.service()).threads(1)
                .config(org.vifd.openflow.connection.ConnectionConfig.builder()
                        .packetOutFlushDelay(java.time.Duration.ofNanos(flushDelay * 1000)).build())
                .nativeTransport(!Boolean.getBoolean("dhcpbench.nio")).build();
        sw = controller.connect("unix:" + sb.mgmtSocket("br-int")).orTimeout(30, TimeUnit.SECONDS).join();
        List<OfMessage> batch = new ArrayList<>();
        batch.add(FlowMod.add().tableId(0).priority(0).instructions(Instruction.gotoTable(DhcpFlows.TABLE_DHCP))
                .build());
        batch.add(FlowMod.add().tableId(DhcpFlows.TABLE_DHCP).priority(0)
                .instructions(Instruction.apply(Action.normal())).build());
        batch.addAll(flows.tableDefaults());
        for (ServedHosts.Host h : hosts.hosts()) {
            wired.put(h.portId(), new WiredPort(h.portId(), "filler" + wired.size(), FILLER_OFPORT_BASE + wired.size(),
                    ServedHosts.NETWORK, 1));
        }
        for (LoadVm vm : vms) {
            wired.put(vm.portId, new WiredPort(vm.portId, "vm-" + vm.portId, vm.ofport, ServedHosts.NETWORK, 1));
        }
        // The agent's DHCP wiring, without a switch connection: it builds and publishes the snapshot (the first
        // change a full build, later ones incremental); this run installs the VMs' flows itself (below), so the
        // fillers' fake ofports never reach vswitchd.
        loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "dhcpbench-agent-loop"));
        wiring = new DhcpWiring(server.service(), DhcpSettings.DEFAULTS, DhcpFlows.PuntLimits.DEFAULTS, loop);
        Intent intent = hosts.intent();
        current = intent;
        onLoop(() -> wiring.wiringChanged(intent, wired, null, 1));
        if (!wiring.problems().isEmpty()) {
            throw new IllegalStateException("vifd refused ports: " + wiring.problems());
        }
        // Warm the incremental path as a running agent's is: a filler's address changed and back, 25 times.
        ServedHosts.Host filler = hosts.hosts().get(hosts.hosts().size() - 1);
        Intent moved = hosts.withAddress(filler.portId(), "20.20.20.211").intent();
        for (int i = 0; i < 25; i++) {
            publish(moved);
            publish(intent);
        }
        for (DhcpPort p : server.service().snapshot().ports()) {
            if (p.ofport() < FILLER_OFPORT_BASE) {
                batch.add(flows.meter(p, MeterMod.Command.ADD));
                for (FlowMod f : flows.portFlows(p)) {
                    if (Boolean.getBoolean("dhcpbench.noMeter") && f.tableId() == DhcpFlows.TABLE_PUNT) {
                        f = FlowMod.add().cookie(f.cookie()).tableId(f.tableId()).priority(f.priority()).match(f.match())
                                .instructions(Instruction.apply(org.vifd.openflow.action.Action.Controller
                                        .withUserdata(DhcpFlows.userdata(p.portKey()), 1536))).build();
                    }
                    batch.add(f);
                }
            }
        }
        sw.apply(FlowBatch.of(batch)).orTimeout(30, TimeUnit.SECONDS).join();
    }

    private void onLoop(Runnable r) {
        try {
            loop.submit(r).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("agent loop task failed", e);
        }
    }

    /**
     * A binding change as the agent makes it, from the moment the new (already parsed) intent is in the source:
     * the source's diff against the intent in force ({@link IntentChange#between}, on the caller's thread as on the
     * source's), then on the loop {@link DhcpWiring#wiringChanged(WiringChange, SwitchConnection, int)} with that
     * delta, as the reconciler hands it on: the changed port re-decided and recompiled, the snapshot edited
     * copy-on-write, published; no flow changes (the port key stays, the responder reads the new binding on the
     * next packet). The reconciler's own pass (O(changed) too) is not in this path: the bench has no OVSDB.
     *
     * @return {@link System#nanoTime()} when the loop had published the new snapshot
     */
    long publish(Intent intent) {
        return publish(intent, null);
    }

    /**
     * {@link #publish(Intent)}, or with {@code knownDelta} non-null as a source that knows what it changed hands it
     * over (no diff: the agent's own part alone).
     */
    long publish(Intent intent, IntentDelta knownDelta) {
        long d0 = System.nanoTime();
        IntentChange change = knownDelta != null ? new IntentChange(current, intent, knownDelta)
                : IntentChange.between(current, intent);
        lastDiffNanos = System.nanoTime() - d0;
        current = intent;
        long[] publishedAt = new long[1];
        onLoop(() -> {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            wiring.wiringChanged(new WiringChange(change.before(), change.intent(), change.delta(), wired, Set.of()),
                    null, 1);
            publishedAt[0] = System.nanoTime();
            lastUpdateNanos = publishedAt[0] - t0;
            lastUpdateCpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
        });
        return publishedAt[0];
    }

    /** The intent in force (the source's). */
    private Intent current;
    /** Wall time of the last {@link #publish}'s diff (the source's part). */
    long lastDiffNanos;
    /** Wall and CPU time of the last {@link #publish}'s work on the loop (update and publish, no queueing). */
    long lastUpdateNanos;
    long lastUpdateCpuNanos;

    /** The benchmark's own JVM: the hot path runs in it (with the JIT and GC threads, counted too). */
    @Override
    public List<Long> serverPids() {
        return List.of(ProcessHandle.current().pid());
    }

    String counters() {
        return server == null ? "" : server.service().counters().toString();
    }

    @Override
    public void close() {
        if (loop != null) {
            loop.shutdownNow();
        }
        if (controller != null) {
            controller.close();
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (stateDir != null) {
            LoadVm.deleteTree(stateDir);
        }
    }

}
