package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;

/**
 * What we encode, `ovs-ofctl ofp-print` must print as the text captured once from it (golden/ours/NAME.txt; see
 * golden/README.md), and decoding our own bytes must give back the message. Run with -Dgolden.capture=DIR to
 * (re)write the fixtures from the oracle after reviewing them by hand.
 */
class EncodingGoldenTest {

    @TestFactory
    Stream<DynamicTest> ovsOfctlPrintsOurEncodingAsTheCapturedText() {
        String capture = System.getProperty("golden.capture");
        return GoldenCases.all().entrySet().stream().map((Map.Entry<String, GoldenCases.Case> e) ->
                DynamicTest.dynamicTest(e.getKey(), () -> {
                    GoldenCases.Case c = e.getValue();
                    byte[] bytes = MessageCodec.toBytes(c.message(), c.version(), c.xid());
                    String live = OfpPrint.print(bytes);
                    if (capture != null) {
                        OfpPrint.write(Path.of(capture, e.getKey() + ".hex"), HexFormat.of().formatHex(bytes));
                        OfpPrint.write(Path.of(capture, e.getKey() + ".txt"), live);
                    }
                    assertThat(live).as("ofp-print of %s", e.getKey())
                            .isEqualTo(OfpPrint.fixture("ours/" + e.getKey() + ".txt"));
                    assertThat(HexFormat.of().formatHex(bytes)).as("bytes of %s", e.getKey())
                            .isEqualTo(OfpPrint.fixture("ours/" + e.getKey() + ".hex"));
                    InboundMessage back = MessageCodec.decode(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
                    assertThat(back.xid()).isEqualTo(c.xid());
                    assertThat(back.version()).isEqualTo(c.version());
                    if (!(c.message() instanceof org.vifd.openflow.protocol.AsyncConfig)) {
                        assertThat(back.message()).isEqualTo(c.message());
                    }
                }));
    }
}
