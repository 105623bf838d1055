package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.text.FlowText;

/**
 * OFPMP_FLOW_MONITOR (OpenFlow 1.4.1 §7.3.5.19) against what OVS 3.1 sent for {@code ovs-ofctl -O OpenFlow14 monitor
 * $S watch:} (golden/README.md, "flow monitor"): our request is ovs-ofctl's bytes, our decode of each update is what
 * ovs-ofctl printed, and the updates re-encode to vswitchd's bytes.
 */
class OvsFlowMonitorGoldenTest {
    static InboundMessage decode(String name) throws Exception {
        return MessageCodec.decode(Unpooled.wrappedBuffer(OfpPrint.hexFixture(name + ".hex")));
    }

    @Test
    void ourWatchRequestIsTheOneOvsOfctlSends() throws Exception {
        byte[] ofctl = OfpPrint.hexFixture("ofctl/ofctl-flow-monitor-request-of14.hex");
        // "id=0 flags=initial,add,delete,modify,actions,own"
        FlowMonitorRequest watch = FlowMonitorRequest.add(0, FlowMonitorRequest.INITIAL | FlowMonitorRequest.ADD
                | FlowMonitorRequest.REMOVED | FlowMonitorRequest.MODIFY | FlowMonitorRequest.INSTRUCTIONS
                | FlowMonitorRequest.ONLY_OWN);
        int xid = Unpooled.wrappedBuffer(ofctl).getInt(4);
        byte[] ours = MessageCodec.toBytes(watch.toMultipart(), OfVersion.OF_1_4, xid);
        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(ofctl));

        MultipartRequest in = (MultipartRequest) decode("ofctl/ofctl-flow-monitor-request-of14").message();
        assertThat(in.multipartType()).isEqualTo(MultipartType.FLOW_MONITOR);
        assertThat(FlowMonitorRequest.decodeAll(Unpooled.wrappedBuffer(in.body()), OfVersion.OF_1_4))
                .containsExactly(watch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"initial", "added", "modified", "deleted", "abbrev", "paused", "resumed"})
    void updatesDecodeToWhatOvsOfctlPrintedAndReEncodeByteExact(String event) throws Exception {
        String name = "ovs-flow-monitor-reply-" + event + "-of14";
        byte[] ovs = OfpPrint.hexFixture(name + ".hex");
        InboundMessage in = decode(name);
        MultipartReply reply = (MultipartReply) in.message();
        assertThat(reply.multipartType()).isEqualTo(MultipartType.FLOW_MONITOR);
        List<FlowUpdate> updates = FlowUpdate.decodeAll(Unpooled.wrappedBuffer(reply.body()), in.version());
        assertThat(updates).hasSize(1);
        String printed = OfpPrint.fixture(name + ".txt").lines().toList().get(1).strip();
        assertThat(FlowText.print(updates.get(0), Map.of())).isEqualTo(printed);

        ByteBuf body = Unpooled.buffer();
        updates.get(0).encode(body, OfVersion.OF_1_4);
        byte[] b = new byte[body.readableBytes()];
        body.readBytes(b);
        byte[] ours = MessageCodec.toBytes(new MultipartReply(reply.multipartType(), reply.flags(), b),
                OfVersion.OF_1_4, Unpooled.wrappedBuffer(ovs).getInt(4));
        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(ovs));
    }

    /** OVS's own ABBREV, PAUSED and RESUMED (captured by OvsFlowMonitorPauseSandboxTest) decode to their types. */
    @Test
    void ovsAbbrevPausedAndResumedDecodeToTheirTypes() throws Exception {
        assertThat(only("abbrev")).isEqualTo(new FlowUpdate.Abbrev(0x77));
        assertThat(only("paused")).isEqualTo(new FlowUpdate.Paused(FlowUpdate.PAUSED));
        assertThat(only("resumed")).isEqualTo(new FlowUpdate.Paused(FlowUpdate.RESUMED));
    }

    private static FlowUpdate only(String event) throws Exception {
        InboundMessage in = decode("ovs-flow-monitor-reply-" + event + "-of14");
        assertThat(in.xid()).as("unsolicited").isZero();
        List<FlowUpdate> updates = FlowUpdate.decodeAll(
                Unpooled.wrappedBuffer(((MultipartReply) in.message()).body()), in.version());
        assertThat(updates).hasSize(1);
        return updates.get(0);
    }

    @Test
    void abbrevPausedResumedAndUnknownEventsRoundTripAndOvsReadsThem() throws Exception {
        List<FlowUpdate> updates = List.of(new FlowUpdate.Abbrev(0x1234), new FlowUpdate.Paused(FlowUpdate.PAUSED),
                new FlowUpdate.Paused(FlowUpdate.RESUMED));
        ByteBuf body = Unpooled.buffer();
        for (FlowUpdate u : updates) {
            u.encode(body, OfVersion.OF_1_4);
        }
        byte[] b = new byte[body.readableBytes()];
        body.getBytes(0, b);
        assertThat(FlowUpdate.decodeAll(body, OfVersion.OF_1_4)).isEqualTo(updates);
        String ovs = OfpPrint.print(MessageCodec.toBytes(new MultipartReply(MultipartType.FLOW_MONITOR, 0, b),
                OfVersion.OF_1_4, 0));
        assertThat(ovs.lines().skip(1).map(String::strip).toList())
                .isEqualTo(updates.stream().map(u -> FlowText.print(u, Map.of())).toList());
        assertThat(ovs).contains("event=ABBREV xid=0x1234", "event=PAUSED", "event=RESUMED");

        byte[] unknown = HexFormat.of().parseHex("0010000900000000deadbeef00000000");
        FlowUpdate u = FlowUpdate.decodeAll(Unpooled.wrappedBuffer(unknown), OfVersion.OF_1_4).get(0);
        assertThat(u).isEqualTo(new FlowUpdate.Unknown(9, unknown));
        ByteBuf again = Unpooled.buffer();
        u.encode(again, OfVersion.OF_1_4);
        assertThat(again.readableBytes()).isEqualTo(unknown.length);
    }
}
