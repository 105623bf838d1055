package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.UdpDatagram;
import org.vifd.openflow.protocol.AggregateStats;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.SwitchConfig;

/** Bytes OVS sent (captured once, golden/README.md) decode to the values `ovs-ofctl ofp-print` shows for them. */
class OvsMessagesGoldenTest {

    static InboundMessage decode(String name) throws DecodeException {
        return MessageCodec.decode(Unpooled.wrappedBuffer(OfpPrint.hexFixture(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ovs-hello-of15", "ovs-get-config-reply-of13", "ovs-barrier-reply-of13",
        "ovs-nxt-packet-in2-userdata-of13", "ovs-nxt-packet-in2-of13", "ovs-packet-in-of13",
        "ovs-flow-stats-reply-of13", "ovs-aggregate-reply-of13", "ovs-features-reply-of14",
        "ovs-echo-request-of13", "ovs-nxt-packet-in2-dhcp-discover-of13"})
    void theOracleStillPrintsEachFixtureAsRecorded(String name) {
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
    }

    @Test
    void helloWithoutBitmapOffersEveryVersionUpToTheHeaders() throws Exception {
        InboundMessage m = decode("ovs-hello-of15.hex");
        assertThat(m.xid()).isEqualTo(0xb);
        assertThat(((Hello) m.message()).versions()).contains(OfVersion.OF_1_3, OfVersion.OF_1_4, OfVersion.OF_1_5)
                .hasSize(6);
    }

    @Test
    void featuresReply() throws Exception {
        FeaturesReply f = (FeaturesReply) decode("ovs-features-reply-of14.hex").message();
        assertThat(f.datapathIdHex()).isEqualTo("0000aa1df4b3ba41");
        assertThat(f.nTables()).isEqualTo(254);
        assertThat(f.nBuffers()).isZero();
    }

    @Test
    void getConfigReply() throws Exception {
        SwitchConfig c = (SwitchConfig) decode("ovs-get-config-reply-of13.hex").message();
        assertThat(c.reply()).isTrue();
        assertThat(c.missSendLen()).isZero();
    }

    @Test
    void packetIn2CarriesUserdataInPortReasonAndTheFrame() throws Exception {
        PacketIn p = (PacketIn) decode("ovs-nxt-packet-in2-userdata-of13.hex").message();
        assertThat(p.format()).isEqualTo(PacketIn.Format.NXT_PACKET_IN2);
        assertThat(p.userdata()).containsExactly(1, 2, 3, 4);
        assertThat(p.inPort()).isEqualTo(1);
        assertThat(p.reason()).isEqualTo(PacketIn.REASON_ACTION);
        assertThat(p.cookie()).isZero();
        assertThat(p.totalLength()).isEqualTo(47);
        assertUdpFrame(p.data(), 9999, 0x7c1e);
        PacketIn plain = (PacketIn) decode("ovs-nxt-packet-in2-of13.hex").message();
        assertThat(plain.userdata()).isEmpty();
        assertUdpFrame(plain.data(), 9998, 0x7c1f);
    }

    @Test
    void packetIn2OfARealDhcpDiscoverFromUdhcpc() throws Exception {
        PacketIn p = (PacketIn) decode("ovs-nxt-packet-in2-dhcp-discover-of13.hex").message();
        assertThat(p.format()).isEqualTo(PacketIn.Format.NXT_PACKET_IN2);
        assertThat(p.userdata()).containsExactly(0, 0, 0, 5);
        assertThat(p.inPort()).isEqualTo(5);
        assertThat(p.totalLength()).isEqualTo(342);
        assertThat(p.data()).hasSize(342);
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(p.data())).value();
        assertThat(eth.src().toString()).isEqualTo("fa:16:3e:12:34:56");
        assertThat(eth.dst().isBroadcast()).isTrue();
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        assertThat(ip.src()).isEqualTo(Ipv4Address.parse("0.0.0.0"));
        assertThat(ip.dst()).isEqualTo(Ipv4Address.parse("255.255.255.255"));
        assertThat(ip.checksumValid()).isTrue();
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        assertThat(udp.srcPort()).isEqualTo(68);
        assertThat(udp.dstPort()).isEqualTo(67);
        assertThat(udp.checksum()).isEqualTo(0x81cf);
        assertThat(udp.checksumValid4(ip.src(), ip.dst())).isTrue();
        // RFC 2131 §2: BOOTREQUEST, and the magic cookie after the 236-byte fixed part.
        assertThat(udp.payload().get(0)).isEqualTo((byte) 1);
        assertThat(udp.payload().getInt(236)).isEqualTo(0x63825363);
    }

    @Test
    void standardPacketIn() throws Exception {
        PacketIn p = (PacketIn) decode("ovs-packet-in-of13.hex").message();
        assertThat(p.format()).isEqualTo(PacketIn.Format.STANDARD);
        assertThat(p.inPort()).isEqualTo(1);
        assertThat(p.bufferId()).isEqualTo(PacketIn.NO_BUFFER);
        assertThat(p.totalLength()).isEqualTo(47);
        assertUdpFrame(p.data(), 9998, 0x7c1f);
    }

    static void assertUdpFrame(byte[] data, int dstPort, int csum) {
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(data)).value();
        assertThat(eth.src().toString()).isEqualTo("02:00:00:00:00:01");
        assertThat(eth.dst().isBroadcast()).isTrue();
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        assertThat(ip.src()).isEqualTo(Ipv4Address.parse("10.0.0.1"));
        assertThat(ip.ttl()).isEqualTo(64);
        assertThat(ip.checksumValid()).isTrue();
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        assertThat(udp.srcPort()).isEqualTo(1234);
        assertThat(udp.dstPort()).isEqualTo(dstPort);
        assertThat(udp.checksum()).isEqualTo(csum);
        assertThat(udp.checksumValid4(ip.src(), ip.dst())).isTrue();
    }

    @Test
    void flowStatsReplyDecodesEveryFlowWithMatchAndActions() throws Exception {
        MultipartReply r = (MultipartReply) decode("ovs-flow-stats-reply-of13.hex").message();
        List<FlowStats> flows = FlowStats.decodeAll(Unpooled.wrappedBuffer(r.body()), OfVersion.OF_1_3);
        assertThat(flows).hasSize(3);
        FlowStats userdata = flows.get(0);
        assertThat(userdata.priority()).isEqualTo(100);
        assertThat(userdata.packetCount()).isEqualTo(1);
        assertThat(userdata.byteCount()).isEqualTo(47);
        assertThat(userdata.durationSec()).isEqualTo(16);
        assertThat(userdata.match()).isEqualTo(Match.builder().ethType(0x0800).ipProto(17).udpDst(9999).build());
        assertThat(userdata.instructions()).containsExactly(Instruction.apply(
                Action.Controller.withUserdata(new byte[] {1, 2, 3, 4}, 200)));
        assertThat(flows.get(1).instructions()).containsExactly(Instruction.apply(
                new Action.Output(OfPort.CONTROLLER, 128)));
        assertThat(flows.get(2).match()).isEqualTo(Match.ALL);
        assertThat(flows.get(2).instructions()).containsExactly(Instruction.apply(Action.normal()));
    }

    @Test
    void aggregateReply() throws Exception {
        MultipartReply r = (MultipartReply) decode("ovs-aggregate-reply-of13.hex").message();
        AggregateStats a = AggregateStats.decode(Unpooled.wrappedBuffer(r.body()), OfVersion.OF_1_3);
        assertThat(a).isEqualTo(new AggregateStats(2, 94, 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ovs-nxt-packet-in2-userdata-of13", "ovs-packet-in-of13", "ovs-flow-stats-reply-of13",
        "ovs-features-reply-of14", "ovs-hello-of15"})
    void everyTruncationOfARealMessageIsADecodeErrorOrAValueNeverAnotherException(String name) {
        byte[] full = OfpPrint.hexFixture(name + ".hex");
        for (int len = 8; len < full.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            cut[2] = (byte) (len >> 8);
            cut[3] = (byte) len;
            try {
                MessageCodec.decode(Unpooled.wrappedBuffer(cut));
            } catch (DecodeException e) {
                assertThat(e.offset()).isBetween(0, len);
            }
        }
        // Multipart bodies are decoded after reassembly: truncations there too.
        if (name.contains("flow-stats")) {
            for (int len = 0; len < full.length - 16; len++) {
                try {
                    FlowStats.decodeAll(Unpooled.wrappedBuffer(full, 16, len), OfVersion.OF_1_3);
                } catch (DecodeException e) {
                    assertThat(e.getMessage()).isNotEmpty();
                }
            }
        }
    }
}
