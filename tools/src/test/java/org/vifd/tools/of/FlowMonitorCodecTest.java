package org.vifd.tools.of;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.text.FlowText;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The flow-monitor codec kept in tools until the openflow module has one (OpenFlow 1.4.1 §7.3.5.19): request
 * encoding from ovs-ofctl's watch: syntax, update decoding, and that hostile update bodies only ever produce a
 * DecodeException, in bounded time. (Printing is checked against ovs-ofctl in MonitorSandboxTest.)
 */
class FlowMonitorCodecTest {

    private static FlowMod flow(String text) {
        return FlowText.parse(text, FlowModCommand.DELETE, Map.of());
    }

    /** An ofp_flow_update_full as §7.3.5.19.2 lays it out, with the given match and no instructions. */
    private static byte[] fullUpdate(int event, int table, int reason, int idle, int hard, int priority, long cookie,
                                     Match match) {
        ByteBuf b = Unpooled.buffer();
        b.writeShort(0).writeShort(event).writeByte(table).writeByte(reason).writeShort(idle).writeShort(hard)
                .writeShort(priority).writeZero(4).writeLong(cookie);
        match.encode(b);
        b.setShort(0, b.readableBytes());
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        return bytes;
    }

    @Test
    void watchSpecBecomesFlagsTableAndMatch() {
        FlowMonitorRequest all = FlowMonitorRequest.parse(1, "", FlowMonitorCodecTest::flow);
        assertThat(all.flags()).isEqualTo(FlowMonitorRequest.DEFAULT_FLAGS);
        assertThat(all.tableId()).isEqualTo(FlowMod.TABLE_ALL);
        assertThat(all.outPort()).isEqualTo(OfPort.ANY);
        assertThat(all.match()).isEqualTo(Match.ALL);

        FlowMonitorRequest some = FlowMonitorRequest.parse(2, "!initial,!actions,udp,table=3",
                FlowMonitorCodecTest::flow);
        assertThat(some.flags()).isEqualTo(FlowMonitorRequest.ADD | FlowMonitorRequest.REMOVED
                | FlowMonitorRequest.MODIFY);
        assertThat(some.tableId()).isEqualTo(3);
        assertThat(some.match()).isEqualTo(flow("udp").match());

        assertThatThrownBy(() -> FlowMonitorRequest.parse(3, "!add,!delete,!modify", FlowMonitorCodecTest::flow))
                .hasMessageContaining("at least one of add, delete, modify");
        assertThatThrownBy(() -> FlowMonitorRequest.parse(3, "!sideways", FlowMonitorCodecTest::flow))
                .hasMessageContaining("unknown keyword !sideways");
    }

    @Test
    void requestBodyFollowsTheSpecLayout() {
        FlowMonitorRequest r = new FlowMonitorRequest(7, 2, FlowMod.GROUP_ANY, FlowMonitorRequest.DEFAULT_FLAGS, 0xff,
                Match.ALL);
        var mp = r.toMultipart();
        assertThat(mp.multipartType()).isEqualTo(FlowMonitorRequest.OFPMP_FLOW_MONITOR);
        byte[] body = mp.body();
        // monitor_id, out_port, out_group, flags, table_id, command, then an empty ofp_match padded to 8 bytes.
        assertThat(Arrays.copyOfRange(body, 0, 16)).containsExactly(0, 0, 0, 7, 0, 0, 0, 2, -1, -1, -1, -1, 0, 0x1f,
                -1, 0);
        assertThat(Arrays.copyOfRange(body, 16, body.length)).containsExactly(0, 1, 0, 4, 0, 0, 0, 0);
    }

    @Test
    void updatesDecodeAndFormatAsOvsPrintsThem() throws DecodeException {
        Match udp = flow("udp").match();
        byte[] added = fullUpdate(FlowUpdate.ADDED, 0, 0, 50, 0, 200, 5, udp);
        byte[] removed = fullUpdate(FlowUpdate.REMOVED, 2, 2, 0, 9, 200, 0, udp);
        byte[] abbrev = {0, 8, 0, 4, 0, 0, 0, 0x2a};
        ByteBuf body = Unpooled.wrappedBuffer(added, removed, abbrev);
        List<FlowUpdate> updates = FlowUpdate.decodeAll(body, 16);
        assertThat(updates).hasSize(3);
        assertThat(updates.get(0).priority()).isEqualTo(200);
        assertThat(updates.get(0).format(Map.of())).isEqualTo("event=ADDED table=0 idle_timeout=50 cookie=0x5 udp");
        assertThat(updates.get(1).format(Map.of()))
                .isEqualTo("event=DELETED reason=delete table=2 hard_timeout=9 cookie=0 udp");
        assertThat(updates.get(2).format(Map.of())).isEqualTo("event=ABBREV xid=0x2a");
    }

    @Property(tries = 300)
    void hostileBodiesOnlyEverFailWithADecodeException(@ForAll @Size(max = 200) byte[] noise,
                                                       @ForAll @IntRange(min = 0, max = 200) int cut) {
        byte[] valid = fullUpdate(FlowUpdate.MODIFIED, 1, 0, 0, 0, 1, 1, flow("tcp,tp_dst=22").match());
        byte[] truncated = Arrays.copyOf(valid, Math.min(cut, valid.length));
        byte[] spliced = Arrays.copyOf(valid, valid.length + noise.length);
        System.arraycopy(noise, 0, spliced, valid.length, noise.length);
        for (byte[] input : List.of(noise, truncated, spliced)) {
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                try {
                    FlowUpdate.decodeAll(Unpooled.wrappedBuffer(input), 16);
                } catch (DecodeException expected) {
                    assertThat(expected.offset()).isGreaterThanOrEqualTo(16);
                }
            });
        }
    }
}
