package org.vifd.openflow.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SandboxSwitchExtension;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.packet.Packets;
import org.vifd.openflow.text.FlowText;

/**
 * controller(pause) against a real ovs-vswitchd: the paused NXT_PACKET_IN2 reaches us with its continuation, the
 * pipeline does not go on by itself, and our NXT_RESUME makes it go on — with the registers we put into the
 * metadata, as OVN's native DHCP does (it answers in the packet and sets a register bit before resuming).
 */
class PauseAndResumeSandboxTest {
    static final Queue<PacketIn> packetIns = new ConcurrentLinkedQueue<>();

    @RegisterExtension
    static final SandboxSwitchExtension OF = SandboxSwitchExtension.on((c, p) -> packetIns.add(p), "br-res");

    static final byte[] FRAME = Packets.udp4(MacAddress.parse("02:00:00:00:00:01"),
            MacAddress.parse("02:00:00:00:00:02"), -1, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
            1234, 9999, "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    @BeforeEach
    void flows() throws Exception {
        OF.sw().apply(FlowBatch.of(FlowMod.delete().build(),
                FlowText.parse("table=0,priority=10,cookie=0x5,udp,tp_dst=9999,"
                        + "actions=controller(pause,userdata=01.02),resubmit(,1)"),
                FlowText.parse("table=1,priority=20,cookie=0x7,reg0=7,udp,actions=LOCAL"),
                FlowText.parse("table=1,priority=10,cookie=0x1,udp,actions=LOCAL"))).get(10, TimeUnit.SECONDS);
        packetIns.clear();
    }

    static long packets(long cookie) throws Exception {
        return OF.sw().flowStats(FlowStatsRequest.byCookie(1, cookie, -1L)).get(10, TimeUnit.SECONDS).stream()
                .mapToLong(FlowStats::packetCount).sum();
    }

    static PacketIn pausedPacketIn() throws Exception {
        // The packet enters table 0 as if from LOCAL (a packet-out resubmitting to table 0).
        assertThat(OF.sw().send(PacketOut.of(OfPort.LOCAL, List.of(Action.Resubmit.toTable(0)), FRAME))
                .get(10, TimeUnit.SECONDS)).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> !packetIns.isEmpty());
        PacketIn p = packetIns.poll();
        assertThat(p.format()).isEqualTo(PacketIn.Format.NXT_PACKET_IN2);
        assertThat(p.userdata()).containsExactly(1, 2);
        assertThat(p.tableId()).isZero();
        assertThat(p.isPaused()).isTrue();
        return p;
    }

    @Test
    void thePausedPipelineWaitsAndOurResumeContinuesIt() throws Exception {
        PacketIn p = pausedPacketIn();
        OF.sw().barrier().get(10, TimeUnit.SECONDS);
        assertThat(packets(1)).isZero();
        OF.sw().send(Resume.of(p)).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> packets(1) == 1);
        assertThat(packets(7)).isZero();
        assertThat(packetIns).isEmpty();
    }

    @Test
    void registersTheControllerSetsInTheMetadataTakeEffectOnResume() throws Exception {
        PacketIn p = pausedPacketIn();
        Resume r = Resume.of(p);
        PacketIn withReg = new PacketIn(p.format(), p.reason(), p.tableId(), p.cookie(), p.bufferId(),
                p.totalLength(), p.match().toBuilder().reg(0, 7).build(), p.data(), null, p.continuation());
        assertThat(withReg.match().get(OxmField.reg(0))).isPresent();
        OF.sw().send(new Resume(withReg)).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> packets(7) == 1);
        assertThat(packets(1)).isZero();
        assertThat(r).isNotEqualTo(new Resume(withReg));
    }
}
