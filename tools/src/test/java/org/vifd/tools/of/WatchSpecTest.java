package org.vifd.tools.of;

import org.junit.jupiter.api.Test;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.text.FlowText;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code watch:} text of ovs-ofctl(8) monitor turned into the openflow library's FlowMonitorRequest. (The
 * library tests the request/update codec; MonitorSandboxTest checks the whole output against ovs-ofctl.)
 */
class WatchSpecTest {

    private static FlowMod flow(String text) {
        return FlowText.parse(text, FlowModCommand.DELETE, Map.of());
    }

    @Test
    void emptySpecWatchesEverythingEverywhere() {
        FlowMonitorRequest all = WatchSpec.parse(1, "", WatchSpecTest::flow);
        assertThat(all.monitorId()).isEqualTo(1);
        assertThat(all.flags()).isEqualTo(FlowMonitorRequest.INITIAL | FlowMonitorRequest.ADD
                | FlowMonitorRequest.REMOVED | FlowMonitorRequest.MODIFY | FlowMonitorRequest.INSTRUCTIONS);
        assertThat(all.tableId()).isEqualTo(FlowMonitorRequest.TABLE_ALL);
        assertThat(all.outPort()).isEqualTo(OfPort.ANY);
        assertThat(all.outGroup()).isEqualTo(FlowMonitorRequest.GROUP_ANY);
        assertThat(all.command()).isEqualTo(FlowMonitorRequest.COMMAND_ADD);
        assertThat(all.match()).isEqualTo(Match.ALL);
    }

    @Test
    void bangWordsClearFlagsAndTheRestIsTableOutPortAndMatch() {
        FlowMonitorRequest some = WatchSpec.parse(2, "!initial,!actions,udp,table=3,out_port=2",
                WatchSpecTest::flow);
        assertThat(some.flags()).isEqualTo(FlowMonitorRequest.ADD | FlowMonitorRequest.REMOVED
                | FlowMonitorRequest.MODIFY);
        assertThat(some.tableId()).isEqualTo(3);
        assertThat(some.outPort()).isEqualTo(2);
        assertThat(some.match()).isEqualTo(flow("udp").match());

        FlowMonitorRequest anyTable = WatchSpec.parse(3, "!own tcp", WatchSpecTest::flow);
        assertThat(anyTable.flags()).isEqualTo(WatchSpec.DEFAULT_FLAGS);
        assertThat(anyTable.tableId()).isEqualTo(FlowMonitorRequest.TABLE_ALL);
        assertThat(anyTable.match()).isEqualTo(flow("tcp").match());
    }

    @Test
    void specsThatWatchNothingOrUnknownWordsAreRefused() {
        assertThatThrownBy(() -> WatchSpec.parse(3, "!add,!delete,!modify", WatchSpecTest::flow))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one of add, delete, modify");
        assertThatThrownBy(() -> WatchSpec.parse(3, "!sideways", WatchSpecTest::flow))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown keyword !sideways");
    }
}
