package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.text.FlowText;

/**
 * Actions of issue 5's second pass (sample with sampling port and direction, learn with limit/result_dst,
 * load/set_field on registers and other fields, mod_tp_src/dst in OpenFlow 1.3): for each line of
 * golden/ofctl/ofctl-flow-mods-actions-of13.tsv, our parse of the add-flow text encodes to the very FLOW_MOD
 * ovs-ofctl sent, its decode is our parse, and our print of it is OVS's dump-flows line.
 */
class OfctlActionsGoldenTest {
    record Row(String text, byte[] ofctl, String dump) {
    }

    static List<Row> rows() {
        return OfpPrint.fixture("ofctl/ofctl-flow-mods-actions-of13.tsv").lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t"))
                .map(c -> new Row(c[0], HexFormat.of().parseHex(c[1]), c[2]))
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> ourParseEncodesToOvsOfctlsBytesAndPrintsAsOvsDumps() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.text(), () -> {
            FlowMod parsed = FlowText.parse(r.text());
            int xid = Unpooled.wrappedBuffer(r.ofctl()).getInt(4);
            assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(parsed, OfVersion.OF_1_3, xid)))
                    .as("encoding").isEqualTo(HexFormat.of().formatHex(r.ofctl()));
            InboundMessage in = MessageCodec.decode(Unpooled.wrappedBuffer(r.ofctl()));
            assertThat(in.message()).as("decoding").isEqualTo(parsed);
            assertThat(FlowText.print((FlowMod) in.message(), FlowText.Options.NO_STATS)).as("printing")
                    .isEqualTo(r.dump());
        }));
    }

    @org.junit.jupiter.api.Test
    void regLoad2PrintsAsOvsOfctlPrintsIt() {
        // OVS prints NXAST_REG_LOAD2 as set_field (golden/ours/flow-mod-reg-load2-of13.txt, ofp-print of our bytes).
        String ovs = OfpPrint.fixture("ours/flow-mod-reg-load2-of13.txt");
        String ours = FlowText.printInstructions(GoldenCases.regLoad2().instructions(), java.util.Map.of());
        assertThat(ovs).endsWith(" actions=" + ours);
        assertThat(ours).isEqualTo("set_field:0x1/0x5->reg0,set_field:fd00::1/ffff::ffff->ipv6_src,"
                + "set_field:0x42->pkt_mark");
    }
}
