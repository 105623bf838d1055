package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Brings the test JVM to the state of an agent that has been running: the whole DHCP hot path (OpenFlow
 * packet-in decode, {@link DhcpService}, responder, packet-out encode) exercised some ten thousand times so the JIT
 * has compiled it. A fresh JVM answers its first thousands of packets interpreted, several times slower, which a
 * latency test of a long-running daemon must not measure.
 *
 * <p>It serves one extra VM with the limits raised, drives it with the load generator, then removes every flow and
 * meter it installed, so the test's own {@link DhcpAgentHarness} starts on an empty br-int.
 */
final class HotPathWarmUp {
    private HotPathWarmUp() {
    }

    /** @return the generator's JSON result of the warm-up run */
    static String run(OvsSandbox sb, Path generator, double seconds) throws IOException {
        Path state = Files.createTempDirectory(Path.of("/tmp"), "vifd-dhcp-warm-");
        IntentFixture intent = new IntentFixture().port("port-warm", "fa:16:3e:00:0e:01", "20.20.20.250");
        DhcpServer server = DhcpServer.open(state, DhcpResponderConfig.builder().perPortRate(1_000_000, 1_000_000)
                .globalRate(10_000_000, 10_000_000).build());
        OpenFlowController controller = OpenFlowController.builder().packetInHandler(server.service()).threads(1)
                .build();
        try (NamespaceVm vm = NamespaceVm.create(sb, "vifd-dh", "fa:16:3e:00:0e:01").plugInto("br-int", "port-warm")) {
            SwitchConnection sw = controller.connect("unix:" + sb.mgmtSocket("br-int")).orTimeout(20, TimeUnit.SECONDS)
                    .join();
            DhcpFlows flows = new DhcpFlows(2, new DhcpFlows.PuntLimits(1_000_000, 1_000_000, 1536));
            DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent.intent(), Map.of("port-warm", vm.ofport()),
                    new DhcpPortKeys(), DhcpSettings.DEFAULTS);
            List<OfMessage> batch = new ArrayList<>();
            batch.add(FlowMod.add().tableId(0).priority(0).instructions(Instruction.gotoTable(DhcpFlows.TABLE_DHCP))
                    .build());
            batch.add(FlowMod.add().tableId(DhcpFlows.TABLE_DHCP).priority(0)
                    .instructions(Instruction.apply(Action.normal())).build());
            batch.addAll(flows.tableDefaults());
            for (DhcpPort p : r.snapshot().ports()) {
                batch.add(flows.meter(p, MeterMod.Command.ADD));
                batch.addAll(flows.portFlows(p));
            }
            sw.apply(FlowBatch.of(batch)).orTimeout(20, TimeUnit.SECONDS).join();
            server.service().publish(r.snapshot());
            String out = vm.exec(Duration.ofSeconds((long) seconds + 60), "python3", generator.toString(), "dora",
                    "--inflight", "8", "--duration", Double.toString(seconds)).ok().out();
            assertThat(server.service().counters().acks()).as("warm-up answered: %s", out).isPositive();
            return out.substring(out.lastIndexOf('\n') + 1);
        } finally {
            controller.close();
            server.close();
            sb.ofctl("-O", "OpenFlow13", "del-flows", "br-int").ok();
            sb.ofctl("-O", "OpenFlow13", "del-meters", "br-int").ok();
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
