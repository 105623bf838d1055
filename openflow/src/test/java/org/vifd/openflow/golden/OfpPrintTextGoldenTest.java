package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.text.MessageText;

/**
 * The whole-message printer against `ovs-ofctl ofp-print` (OVS 3.1): (1) live, for every message of
 * {@link GoldenCases} and {@link OfpPrintCases}, our text of the message equals what ofp-print prints for our
 * encoding of it, and printing our decode of those bytes gives the same; (2) recorded, for every captured fixture
 * pair golden/**&#47;NAME.hex + NAME.txt (what OVS, ovs-ofctl or we sent, and ofp-print's text of it), our print of
 * the decoded hex is the text, except the fixtures listed in {@link #NOT_PRINTED} (what MessageText does not print
 * as OVS does yet; see /work/notes/of1.md).
 */
class OfpPrintTextGoldenTest {
    /** Fixtures whose text we do not reproduce, with the reason. The test fails if one of them starts to match. */
    static final Map<String, String> NOT_PRINTED = new LinkedHashMap<>();

    static {
    }

    static Map<String, GoldenCases.Case> liveCases() {
        Map<String, GoldenCases.Case> all = new LinkedHashMap<>(GoldenCases.all());
        all.putAll(OfpPrintCases.all());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> ourTextIsOvsOfctlOfpPrintOfOurBytes() {
        return liveCases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            GoldenCases.Case c = e.getValue();
            byte[] bytes = MessageCodec.toBytes(c.message(), c.version(), c.xid());
            String ovs = OfpPrint.print(bytes);
            assertThat(MessageText.print(c.message(), c.version(), c.xid())).as("text of the message").isEqualTo(ovs);
            assertThat(MessageText.print(bytes)).as("text of the decoded bytes").isEqualTo(ovs);
        }));
    }

    @TestFactory
    Stream<DynamicTest> ourTextOfEveryRecordedMessageIsOvsOfctlsText() throws IOException, URISyntaxException {
        Path root = Path.of(OfpPrint.class.getResource("/golden").toURI());
        List<String> names;
        try (Stream<Path> w = Files.walk(root)) {
            names = w.map(p -> root.relativize(p).toString()).filter(n -> n.endsWith(".hex"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
        }
        assertThat(names).containsAll(NOT_PRINTED.keySet());
        return names.stream().map(n -> DynamicTest.dynamicTest(n, () -> {
            String ours = MessageText.print(OfpPrint.hexFixture(n + ".hex"));
            String ovs = OfpPrint.fixture(n + ".txt");
            if (NOT_PRINTED.containsKey(n)) {
                assertThat(ours).as("%s is listed as not printed (%s) but now matches: take it off the list", n,
                        NOT_PRINTED.get(n)).isNotEqualTo(ovs);
            } else {
                assertThat(ours).isEqualTo(ovs);
            }
        }));
    }

    @Test
    void everyErrorCodeIsNamedAsOvsOfctlNamesIt() {
        // golden/error-names.txt: the first line ofp-print printed for an OFPT_ERROR of each code (ErrorNamesGoldenTest).
        List<String> ovs = OfpPrint.fixture("error-names.txt").lines().toList();
        List<org.vifd.openflow.protocol.ErrorCode> known = org.vifd.openflow.protocol.ErrorCode.known();
        assertThat(ovs).hasSameSizeAs(known);
        for (int i = 0; i < known.size(); i++) {
            org.vifd.openflow.protocol.ErrorCode c = known.get(i);
            String ours = MessageText.print(new org.vifd.openflow.protocol.ErrorMessage(c.type(), c.code(), 0,
                    new byte[0]), ErrorNamesGoldenTest.versionFor(c), 1).lines().findFirst().orElseThrow();
            assertThat(ours).as("%s", c).isEqualTo(ovs.get(i));
        }
    }

    @Test
    void garbageAndTruncatedMessagesPrintAnErrorInsteadOfThrowing() throws Exception {
        byte[] ok = MessageCodec.toBytes(GoldenCases.dhcpPunt(), org.vifd.openflow.OfVersion.OF_1_3, 1);
        String shape = "(?s)(OFPT_|OFPST_|NXT_|ONFT_|\\*\\*\\*decode error).*";
        for (int len = 0; len < ok.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(ok, len);
            assertThat(MessageText.print(cut)).as("first %d bytes", len).startsWith("***decode error");
        }
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[8 + r.nextInt(120)];
            r.nextBytes(junk);
            junk[0] = (byte) (4 + r.nextInt(3));
            junk[2] = 0;
            junk[3] = (byte) junk.length;
            assertThat(MessageText.print(junk)).matches(shape);
        }
        InboundMessage in = MessageCodec.decode(Unpooled.wrappedBuffer(ok));
        assertThat(MessageText.print(in)).startsWith("OFPT_FLOW_MOD (OF1.3) (xid=0x1): ADD table:77");
    }
}
