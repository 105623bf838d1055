package org.vifd.tools.of;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FlowModCommand;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class FlowLinesAndPortDescriptionTest {

    @Test
    void addFlowsFileSkipsCommentsAndReadsCommandPrefixesWithLineNumbers() {
        List<FlowLines.Line> lines = FlowLines.parse(List.of("# header", "", "  table=1,actions=drop",
                "delete_strict priority=5,in_port=1", "modify\tin_port=2,actions=NORMAL", "addx=1,actions=drop"));
        assertThat(lines).containsExactly(
                new FlowLines.Line(3, FlowModCommand.ADD, "table=1,actions=drop"),
                new FlowLines.Line(4, FlowModCommand.DELETE_STRICT, "priority=5,in_port=1"),
                new FlowLines.Line(5, FlowModCommand.MODIFY, "in_port=2,actions=NORMAL"),
                new FlowLines.Line(6, FlowModCommand.ADD, "addx=1,actions=drop"));
    }

    @Test
    void anOpenFlow13PortDescriptionDecodesItsFields() {
        byte[] body = new byte[64];
        body[3] = 7;                                   // port_no 7
        body[8] = (byte) 0xfa; body[9] = 0x16; body[13] = 1; // hw_addr fa:16:00:00:00:01
        System.arraycopy("tap0".getBytes(), 0, body, 16, 4);
        body[35] = 1;                                  // config PORT_DOWN
        body[39] = 4;                                  // state LIVE
        body[42] = 0x08; body[43] = 0x40;              // curr 10GB-FD COPPER
        body[57] = (byte) 0x98; body[58] = (byte) 0x96; body[59] = (byte) 0x80; // curr_speed 10,000,000 kbps
        PortDescription p = PortDescription.decodeAll(body, OfVersion.OF_1_3).get(0);
        assertThat(p.portNo()).isEqualTo(7);
        assertThat(p.name()).isEqualTo("tap0");
        assertThat(p.macText()).isEqualTo("fa:16:00:00:00:01");
        StringBuilder s = new StringBuilder();
        SwitchPrinter.appendPort(s, p);
        assertThat(s.toString()).isEqualTo(" 7(tap0): addr:fa:16:00:00:00:01\n     config:     PORT_DOWN\n"
                + "     state:      LIVE\n     current:    10GB-FD COPPER\n     speed: 10000 Mbps now, 0 Mbps max\n");
    }

    @Test
    void aTruncatedPortDescriptionIsAnErrorNamingTheOffset() {
        assertThatThrownBy(() -> PortDescription.decodeAll(new byte[70], OfVersion.OF_1_3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 64");
        assertThatThrownBy(() -> PortDescription.decodeAll(new byte[8], OfVersion.OF_1_4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 0");
    }

    @Property(tries = 300)
    void hostilePortDescriptionsNeverCrashOrHang(@ForAll @Size(max = 600) byte[] body) {
        for (OfVersion v : List.of(OfVersion.OF_1_3, OfVersion.OF_1_4)) {
            assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                try {
                    assertThat(PortDescription.decodeAll(body, v)).isNotNull();
                } catch (IllegalArgumentException expected) {
                    assertThat(expected.getMessage()).contains("offset");
                }
            });
        }
    }
}
