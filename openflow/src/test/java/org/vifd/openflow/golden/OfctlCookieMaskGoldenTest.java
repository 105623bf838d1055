package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.text.FlowText;

/**
 * {@code cookie=VALUE/MASK} (and /-1) in del-flows, mod-flows (also --strict) and the dump-flows / dump-aggregate
 * filter: our parse of each argument in golden/ofctl/ofctl-cookie-masks-of13.tsv encodes to the very message
 * ovs-ofctl -O OpenFlow13 sent for it, and decoding that message gives our parse back.
 */
class OfctlCookieMaskGoldenTest {
    @TestFactory
    Stream<DynamicTest> ourParseOfEachCommandIsTheMessageOvsOfctlSent() {
        return OfpPrint.fixture("ofctl/ofctl-cookie-masks-of13.tsv").lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t"))
                .map(c -> DynamicTest.dynamicTest(c[0] + " " + c[1], () -> {
                    byte[] ofctl = HexFormat.of().parseHex(c[2]);
                    OfMessage ours = parse(c[0], c[1]);
                    int xid = Unpooled.wrappedBuffer(ofctl).getInt(4);
                    assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(ours, OfVersion.OF_1_3, xid)))
                            .isEqualTo(c[2]);
                    assertThat(MessageCodec.decode(Unpooled.wrappedBuffer(ofctl)).message()).isEqualTo(ours);
                }));
    }

    static OfMessage parse(String command, String arg) {
        boolean strict = arg.startsWith("--strict ");
        String text = strict ? arg.substring("--strict ".length()) : arg;
        return switch (command) {
            case "del-flows" -> FlowText.parse(text, strict ? FlowModCommand.DELETE_STRICT : FlowModCommand.DELETE,
                    Map.of());
            case "mod-flows" -> FlowText.parse(text, strict ? FlowModCommand.MODIFY_STRICT : FlowModCommand.MODIFY,
                    Map.of());
            case "dump-flows" -> FlowText.parseStatsRequest(text, false, Map.of());
            case "dump-aggregate" -> FlowText.parseStatsRequest(text, true, Map.of());
            default -> throw new IllegalArgumentException(command);
        };
    }
}
