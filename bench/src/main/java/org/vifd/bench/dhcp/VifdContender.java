package org.vifd.bench.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.vifd.agent.dhcp.DhcpBindingsBuilder;
import org.vifd.agent.dhcp.DhcpFlows;
import org.vifd.agent.dhcp.DhcpPort;
import org.vifd.agent.dhcp.DhcpPortKeys;
import org.vifd.agent.dhcp.DhcpServer;
import org.vifd.agent.dhcp.DhcpSettings;
import org.vifd.agent.intent.Intent;
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
 * lease journal on a real file, and snapshots built by {@link DhcpBindingsBuilder} and published.
 *
 * <p>The per-port and global rate limits are raised for the throughput run (the defaults, 40 packets/s per port
 * at the meter and 20 messages/s per port and 20,000/s overall in the responder, are a flood guard and would cap
 * the test, not measure the server); the flood phase keeps them ({@code defaultLimits}).
 *
 * <p>Diagnostic switch: {@code -Ddhcpbench.noMeter=true} installs the punt flows without the meter instruction.
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
    private final DhcpPortKeys keys = new DhcpPortKeys();
    private final Map<String, Long> wired = new HashMap<>();
    private DhcpFlows flows;

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
        controller = OpenFlowController.builder().packetInHandler(server.service()).threads(1).build();
        sw = controller.connect("unix:" + sb.mgmtSocket("br-int")).orTimeout(30, TimeUnit.SECONDS).join();
        List<OfMessage> batch = new ArrayList<>();
        batch.add(FlowMod.add().tableId(0).priority(0).instructions(Instruction.gotoTable(DhcpFlows.TABLE_DHCP))
                .build());
        batch.add(FlowMod.add().tableId(DhcpFlows.TABLE_DHCP).priority(0)
                .instructions(Instruction.apply(Action.normal())).build());
        batch.addAll(flows.tableDefaults());
        for (ServedHosts.Host h : hosts.hosts()) {
            wired.put(h.portId(), FILLER_OFPORT_BASE + wired.size());
        }
        for (LoadVm vm : vms) {
            wired.put(vm.portId, vm.ofport);
        }
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(hosts.intent(), wired, keys, DhcpSettings.DEFAULTS);
        if (!r.problems().isEmpty()) {
            throw new IllegalStateException("vifd refused ports: " + r.problems());
        }
        for (DhcpPort p : r.snapshot().ports()) {
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
        server.service().publish(r.snapshot());
    }

    /**
     * A binding change as the agent loop makes it: the snapshot rebuilt from the (already parsed) intent and
     * published; no flow changes (the port key stays, the responder reads the new binding on the next packet).
     *
     * @return {@link System#nanoTime()} when the built snapshot was handed to {@code publish}
     */
    long publish(Intent intent) {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent, wired, keys, DhcpSettings.DEFAULTS);
        long publishAt = System.nanoTime();
        server.service().publish(r.snapshot());
        return publishAt;
    }

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
