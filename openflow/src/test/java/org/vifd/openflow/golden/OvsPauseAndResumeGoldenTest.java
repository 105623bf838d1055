package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.Resume;

/**
 * controller(pause): the NXT_PACKET_IN2 with its continuation as OVS 3.1 sent it, and the NXT_RESUME that
 * `ovs-ofctl monitor ... resume` sent back for it (golden/README.md "pause and resume capture").
 */
class OvsPauseAndResumeGoldenTest {
    static final String PAUSED = "ovs-nxt-packet-in2-pause-of13";
    static final String RESUME = "ofctl/ofctl-nxt-resume-of13";

    static InboundMessage decode(String name) throws Exception {
        return MessageCodec.decode(Unpooled.wrappedBuffer(OfpPrint.hexFixture(name + ".hex")));
    }

    @ParameterizedTest
    @ValueSource(strings = {PAUSED, RESUME})
    void theOracleStillPrintsEachFixtureAsRecorded(String name) {
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
    }

    @Test
    void thePausedPacketInDecodesToWhatOvsPrintedAndKeepsItsContinuation() throws Exception {
        // "cookie=0x5 total_len=47 in_port=1 (via action) data_len=47 (unbuffered) userdata=01.02
        //  continuation.bridge=... continuation.actions=unroll_xlate(table=0, cookie=0),resubmit(,1)"
        InboundMessage in = decode(PAUSED);
        PacketIn p = (PacketIn) in.message();
        assertThat(p.cookie()).isEqualTo(5);
        assertThat(p.tableId()).isZero();
        assertThat(p.reason()).isEqualTo(PacketIn.REASON_ACTION);
        assertThat(p.inPort()).isEqualTo(1);
        assertThat(p.totalLength()).isEqualTo(47);
        assertThat(p.userdata()).containsExactly(1, 2);
        assertThat(p.isPaused()).isTrue();
        // Nested NXCPT_BRIDGE (0x8000, a 16-byte UUID) comes first.
        assertThat(HexFormat.of().formatHex(p.continuation(), 0, 4)).isEqualTo("80000014");
        assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(p, in.version(), in.xid())))
                .isEqualTo(HexFormat.of().formatHex(OfpPrint.hexFixture(PAUSED + ".hex")));
    }

    @Test
    void ourResumeOfThePausedPacketInIsTheBytesOvsOfctlSent() throws Exception {
        InboundMessage in = decode(PAUSED);
        Resume resume = Resume.of((PacketIn) in.message());
        byte[] ours = MessageCodec.toBytes(resume, OfVersion.OF_1_3, 0);
        assertThat(HexFormat.of().formatHex(ours))
                .isEqualTo(HexFormat.of().formatHex(OfpPrint.hexFixture(RESUME + ".hex")));
        assertThat(decode(RESUME).message()).isEqualTo(resume);
        assertThat(OfpPrint.print(ours)).isEqualTo(OfpPrint.fixture(RESUME + ".txt"));
    }

    @Test
    void aPacketInThatWasNotPausedCannotBeResumed() throws Exception {
        PacketIn notPaused = (PacketIn) decode("ovs-nxt-packet-in2-of13").message();
        assertThat(notPaused.isPaused()).isFalse();
        assertThatThrownBy(() -> Resume.of(notPaused)).isInstanceOf(IllegalArgumentException.class);
    }
}
