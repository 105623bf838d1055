package org.vifd.agent.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;

/**
 * What the agent does for DHCP, reduced to the DHCP part: an OpenFlow connection to br-int's management socket
 * with {@link DhcpService} as packet-in handler, base flows (table 0 → 60, table 60 → NORMAL), and for each intent
 * the snapshot built, published and its ports' meters and flows installed.
 */
final class DhcpAgentHarness implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final OvsSandbox sb;
    final Path stateDir;
    final DhcpPortKeys keys = new DhcpPortKeys();
    final DhcpFlows flows = new DhcpFlows(1, DhcpFlows.PuntLimits.DEFAULTS);
    private final Map<Integer, DhcpPort> installed = new HashMap<>();
    private final Map<String, Long> wired = new HashMap<>();
    private DhcpServer server;
    private OpenFlowController controller;
    private SwitchConnection sw;

    /** A harness whose state (the lease journal) lives in a new temp dir named {@code prefix…}, deleted on close. */
    DhcpAgentHarness(OvsSandbox sb, String stateDirPrefix) {
        this.sb = sb;
        try {
            this.stateDir = Files.createTempDirectory(Path.of("/tmp"), stateDirPrefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the journal, connects, installs the base flows. */
    DhcpAgentHarness start() {
        try {
            server = DhcpServer.open(stateDir, DhcpResponderConfig.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        controller = OpenFlowController.builder().packetInHandler(server.service()).threads(1).build();
        sw = controller.connect("unix:" + sb.mgmtSocket("br-int")).orTimeout(20, TimeUnit.SECONDS).join();
        List<OfMessage> base = new ArrayList<>();
        base.add(FlowMod.add().tableId(0).priority(0).instructions(Instruction.gotoTable(DhcpFlows.TABLE_DHCP))
                .build());
        base.add(FlowMod.add().tableId(DhcpFlows.TABLE_DHCP).priority(0)
                .instructions(Instruction.apply(Action.normal())).build());
        base.addAll(flows.tableDefaults());
        apply(base);
        return this;
    }

    /** An agent restart: connection and journal closed, a new server on the same state dir; flows stay. */
    DhcpAgentHarness restart(Intent intent) {
        closeServer();
        installed.clear();
        start();
        // The meters and flows are still there: publish only (what the agent does after reading the flow dump).
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent, wired, keys, settings);
        server.service().publish(r.snapshot());
        r.snapshot().ports().forEach(p -> installed.put(p.portKey(), p));
        return this;
    }

    DhcpSettings settings = DhcpSettings.DEFAULTS;

    void wire(String portId, long ofport) {
        wired.put(portId, ofport);
    }

    /** A VM (the testkit's) plugged into br-int under Neutron port {@code portId}, and wired at its ofport. */
    NamespaceVm plugVm(String portId, String mac) {
        NamespaceVm vm = NamespaceVm.create(sb, "vifd-dh", mac).plugInto("br-int", portId);
        wire(portId, vm.ofport());
        return vm;
    }

    void unwire(String portId) {
        wired.remove(portId);
    }

    /** Builds and publishes the snapshot, then installs meters and flows of new or changed ports. */
    DhcpBindingsBuilder.Result apply(Intent intent) {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent, wired, keys, settings);
        List<OfMessage> batch = new ArrayList<>();
        Map<Integer, DhcpPort> now = new HashMap<>();
        for (DhcpPort p : r.snapshot().ports()) {
            now.put(p.portKey(), p);
            DhcpPort old = installed.get(p.portKey());
            if (old != null && old.ofport() == p.ofport() && old.mac().equals(p.mac())
                    && old.serverIp().equals(p.serverIp()) && old.arpResponder() == p.arpResponder()) {
                continue; // a binding change only: no flow changes
            }
            if (old != null) {
                batch.add(DhcpFlows.deletePortFlows(old.portKey()));
            }
            batch.add(flows.meter(p, old == null ? MeterMod.Command.ADD : MeterMod.Command.MODIFY));
            batch.addAll(flows.portFlows(p));
        }
        for (DhcpPort old : installed.values()) {
            if (!now.containsKey(old.portKey())) {
                batch.add(DhcpFlows.deletePortFlows(old.portKey()));
                batch.add(DhcpFlows.deleteMeter(old.portKey()));
            }
        }
        if (!batch.isEmpty()) {
            apply(batch);
        }
        installed.clear();
        installed.putAll(now);
        server.service().publish(r.snapshot());
        return r;
    }

    private void apply(List<OfMessage> messages) {
        sw.apply(FlowBatch.of(messages)).orTimeout(20, TimeUnit.SECONDS).join();
    }

    DhcpServer server() {
        return server;
    }

    DhcpService service() {
        return server.service();
    }

    SwitchConnection connection() {
        return sw;
    }

    String dumpFlows(int table) {
        return sb.ofctl("-O", "OpenFlow13", "--no-stats", "dump-flows", "br-int", "table=" + table).ok().out();
    }

    private void closeServer() {
        if (controller != null) {
            controller.close();
            controller = null;
        }
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = null;
        }
    }

    @Override
    public void close() {
        try {
            closeServer();
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // best effort: a temp dir
            }
        }
    }
}
