package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vifd.agent.wiring.WiredPort;
import org.vifd.agent.wiring.WiringChange;
import org.vifd.dhcp.DhcpResponder;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.LeaseRecorder;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.OfMessage;

/** {@link DhcpWiring} against a recording switch: what it sends on each wiring change, reprogram and failure. */
class DhcpWiringTest {
    static final int RUN = 0x1234;
    final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    final RecordingSwitch sw = new RecordingSwitch();
    final DhcpService service = new DhcpService(new DhcpResponder(DhcpResponderConfig.defaults(),
            DhcpSnapshot.EMPTY.bindings(), LeaseRecorder.NONE));
    final DhcpWiring wiring = new DhcpWiring(service, DhcpSettings.DEFAULTS, DhcpFlows.PuntLimits.DEFAULTS, loop);
    final IntentFixture intent = new IntentFixture()
            .port("p1", "fa:16:3e:00:00:11", "20.20.20.11")
            .port("p2", "fa:16:3e:00:00:12", "20.20.20.12");

    static final Map<String, WiredPort> BOTH = Map.of(
            "p1", new WiredPort("p1", "tap1", 5, IntentFixture.NETWORK, 1),
            "p2", new WiredPort("p2", "tap2", 6, IntentFixture.NETWORK, 1));

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    void onLoop(Runnable r) throws Exception {
        loop.submit(r).get(10, TimeUnit.SECONDS);
    }

    void change(Map<String, WiredPort> wired) throws Exception {
        onLoop(() -> wiring.wiringChanged(intent.intent(), wired, sw, RUN));
    }

    List<OfMessage> last() {
        return sw.batches.get(sw.batches.size() - 1).messages();
    }

    static long meters(List<OfMessage> batch, MeterMod.Command command) {
        return batch.stream().filter(m -> m instanceof MeterMod mm && mm.command() == command).count();
    }

    @Test
    void theFirstChangeClearsMetersAndInstallsDefaultsAndEveryPortWithTheRunsCookie() throws Exception {
        change(BOTH);
        assertThat(sw.batches).hasSize(1);
        List<OfMessage> batch = last();
        assertThat(batch.get(0)).isEqualTo(new MeterMod(MeterMod.Command.DELETE, 0, MeterMod.METER_ALL, List.of()));
        assertThat(meters(batch, MeterMod.Command.ADD)).isEqualTo(2);
        assertThat(batch).filteredOn(m -> m instanceof FlowMod).allSatisfy(m -> {
            long cookie = ((FlowMod) m).cookie();
            assertThat(cookie >>> 32).isEqualTo(RUN);
            assertThat((cookie >>> 28) & 0xf).isEqualTo(DhcpFlows.PURPOSE_CODE);
        });
        // Each port's meter goes before the flow that names it.
        int meterIndex = batch.indexOf(batch.stream().filter(m -> m instanceof MeterMod mm
                && mm.command() == MeterMod.Command.ADD).findFirst().orElseThrow());
        int puntIndex = batch.indexOf(batch.stream().filter(m -> m instanceof FlowMod f
                && f.tableId() == DhcpFlows.TABLE_PUNT && f.priority() == DhcpFlows.PRIORITY_PORT_PUNT)
                .findFirst().orElseThrow());
        assertThat(meterIndex).isLessThan(puntIndex);
        assertThat(service.snapshot().ports()).extracting(DhcpPort::portId).containsExactlyInAnyOrder("p1", "p2");
    }

    @Test
    void anUnchangedWiringSendsNothingAndABindingChangeOnlyPublishes() throws Exception {
        change(BOTH);
        change(BOTH);
        assertThat(sw.batches).hasSize(1);
        intent.port("p1", "fa:16:3e:00:00:11", "20.20.20.21");
        change(BOTH);
        assertThat(sw.batches).as("same ofport, MAC and server: no flow changes").hasSize(1);
        assertThat(service.snapshot().ports()).filteredOn(p -> p.portId().equals("p1"))
                .extracting(p -> p.binding().ip()).containsExactly(Ipv4Address.parse("20.20.20.21"));
    }

    @Test
    void aPortThatLeavesLosesItsFlowsAndMeterAndAMovedPortIsReplaced() throws Exception {
        change(BOTH);
        int p2key = service.snapshot().ports().stream().filter(p -> p.portId().equals("p2")).findFirst()
                .orElseThrow().portKey();
        change(Map.of("p1", BOTH.get("p1")));
        assertThat(last()).containsExactly(DhcpFlows.deletePortFlows(p2key), DhcpFlows.deleteMeter(p2key));
        assertThat(service.snapshot().ports()).extracting(DhcpPort::portId).containsExactly("p1");

        change(Map.of("p1", new WiredPort("p1", "tap1", 9, IntentFixture.NETWORK, 1)));
        List<OfMessage> moved = last();
        assertThat(moved.get(0)).isInstanceOf(FlowMod.class);
        assertThat(meters(moved, MeterMod.Command.MODIFY)).isEqualTo(1);
        assertThat(moved).filteredOn(m -> m instanceof FlowMod f && f.command() != org.vifd.openflow.protocol.FlowModCommand.DELETE)
                .allSatisfy(m -> assertThat(((FlowMod) m).match().inPort()).isEqualTo(9));
    }

    @Test
    void aReprogrammedBridgeGetsEverythingAgain() throws Exception {
        change(BOTH);
        onLoop(() -> wiring.bridgeReprogrammed(sw));
        assertThat(sw.batches).hasSize(2);
        assertThat(last()).isEqualTo(sw.batches.get(0).messages());
    }

    @Test
    void aFailedInstallIsRetriedInFull() throws Exception {
        sw.failApply = true;
        change(BOTH);
        assertThat(sw.batches).isEmpty();
        sw.failApply = false;
        Awaitility.await("retried").atMost(Duration.ofSeconds(10)).until(() -> sw.batches.size() == 1);
        assertThat(meters(last(), MeterMod.Command.ADD)).isEqualTo(2);
        assertThat(last().get(0)).isInstanceOf(MeterMod.class);
        assertThat(wiring.installedPorts()).isEqualTo(2);
    }

    @Test
    void withoutASwitchTheSnapshotIsPublishedAndFlowsFollowWhenItIsBack() throws Exception {
        onLoop(() -> wiring.wiringChanged(intent.intent(), BOTH, null, RUN));
        assertThat(service.snapshot().size()).isEqualTo(2);
        assertThat(sw.batches).isEmpty();
        change(BOTH);
        assertThat(sw.batches).hasSize(1);
        assertThat(meters(last(), MeterMod.Command.ADD)).isEqualTo(2);
    }

    @Test
    void theReconcilersChangesApplyTheirDeltaAndAChangeFromAnotherBaseIsDiffed() throws Exception {
        java.util.HashMap<String, WiredPort> lent = new java.util.HashMap<>(BOTH);
        org.vifd.agent.intent.Intent first = intent.intent();
        onLoop(() -> wiring.wiringChanged(new WiringChange(org.vifd.agent.intent.Intent.EMPTY, first,
                org.vifd.agent.intent.IntentDelta.NONE, lent, java.util.Set.of("p1", "p2")), sw, RUN));
        assertThat(service.snapshot().size()).isEqualTo(2);

        // p1's address changes and p2 is unplugged: the change names both, the lent map is then changed back.
        org.vifd.agent.intent.Intent second = intent.port("p1", "fa:16:3e:00:00:11", "20.20.20.31").intent();
        lent.remove("p2");
        onLoop(() -> wiring.wiringChanged(new WiringChange(first, second,
                org.vifd.agent.intent.IntentDelta.ofPorts(java.util.Set.of("p1")), lent, java.util.Set.of("p2")),
                sw, RUN));
        lent.put("p2", BOTH.get("p2"));
        assertThat(service.snapshot().ports()).singleElement().satisfies(p -> {
            assertThat(p.portId()).isEqualTo("p1");
            assertThat(p.binding().ip()).isEqualTo(Ipv4Address.parse("20.20.20.31"));
        });

        // A change whose base is not the intent held (a missed change) names nothing: the intents are diffed.
        org.vifd.agent.intent.Intent third = intent.port("p1", "fa:16:3e:00:00:11", "20.20.20.41").intent();
        onLoop(() -> wiring.wiringChanged(new WiringChange(org.vifd.agent.intent.Intent.EMPTY, third,
                org.vifd.agent.intent.IntentDelta.NONE, Map.of("p1", BOTH.get("p1")), java.util.Set.of()), sw, RUN));
        assertThat(service.snapshot().ports()).singleElement()
                .satisfies(p -> assertThat(p.binding().ip()).isEqualTo(Ipv4Address.parse("20.20.20.41")));
    }
}
