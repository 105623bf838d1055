package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.ErrorMessage;
import org.vifd.openflow.protocol.ErrorType;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.text.MessageText;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;

/**
 * Every (type, code) we name, we print as `ovs-ofctl ofp-print` prints an OFPT_ERROR carrying it (fixture
 * golden/error-names.txt, captured once with -Dgolden.capture=DIR, see golden/README.md; re-run live here). Where OVS
 * names a code otherwise than the OpenFlow 1.3.5 spec, MessageText holds the one table of its names: this test checks
 * that table against ovs-ofctl, and keeps no copy of it.
 */
class ErrorNamesGoldenTest {
    static OfVersion versionFor(ErrorCode c) {
        return c.type() >= 14 || (c.type() == 1 && c.code() >= 14) ? OfVersion.OF_1_4 : OfVersion.OF_1_3;
    }

    @Test
    void everyNamedCodeIsNamedAsOvsOfctlNamesIt() throws Exception {
        List<ErrorCode> known = ErrorCode.known();
        assertThat(known).hasSizeGreaterThan(140);
        StringBuilder script = new StringBuilder();
        List<byte[]> messages = new ArrayList<>();
        for (ErrorCode c : known) {
            byte[] b = MessageCodec.toBytes(new ErrorMessage(c.type(), c.code(), 0, new byte[0]), versionFor(c), 1);
            messages.add(b);
            script.append("ovs-ofctl ofp-print ").append(HexFormat.of().formatHex(b)).append(" | head -1\n");
            InboundMessage back = MessageCodec.decode(io.netty.buffer.Unpooled.wrappedBuffer(b));
            ErrorMessage e = (ErrorMessage) back.message();
            assertThat(ErrorCode.valueOf(e.errorType(), e.code())).isSameAs(c);
        }
        Exec.require("ovs-ofctl");
        ExecResult r = Exec.run(Duration.ofSeconds(60), "sh", "-c", script.toString());
        String live = r.stdout().strip();
        String capture = System.getProperty("golden.capture");
        if (capture != null) {
            OfpPrint.write(Path.of(capture, "error-names.txt"), live);
        }
        assertThat(live).isEqualTo(OfpPrint.fixture("error-names.txt"));
        List<String> lines = live.lines().toList();
        assertThat(lines).hasSameSizeAs(known);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            // ovs-ofctl's first line of each: "OFPT_ERROR (OF1.3) (xid=0x1): NAME".
            String ours = MessageText.print(messages.get(i)).lines().findFirst().orElse("");
            if (!ours.equals(lines.get(i))) {
                mismatches.add(known.get(i).type() + "/" + known.get(i).code() + " ours " + ours + " ovs "
                        + lines.get(i));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void unknownTypesAndCodesAreValuesNotExceptions() {
        ErrorCode c = ErrorCode.valueOf(5, 99);
        assertThat(c.isKnown()).isFalse();
        assertThat(c.name()).isEqualTo("FLOW_MOD_FAILED(99)");
        assertThat(ErrorCode.valueOf(200, 1).name()).isEqualTo("UNKNOWN(200)(1)");
        assertThat(ErrorCode.valueOf(0xffff, 7, 0x2320).name()).isEqualTo("EXPERIMENTER(0x2320,7)");
        assertThat(ErrorType.valueOf(6)).isEqualTo(ErrorType.GROUP_MOD_FAILED);
        assertThat(ErrorType.valueOf(99).toString()).isEqualTo("UNKNOWN(99)");
        assertThat(ErrorCode.GROUP_MOD_GROUP_EXISTS.isKnown()).isTrue();
    }

    @Test
    void errorsOvsSentDecodeToTheirNames() throws Exception {
        for (String[] f : new String[][] {{"ovs-error-group-exists-of13", "OFPGMFC_GROUP_EXISTS"},
            {"ovs-error-unknown-meter-of13", "OFPMMFC_UNKNOWN_METER"}}) {
            byte[] bytes = OfpPrint.hexFixture(f[0] + ".hex");
            assertThat(OfpPrint.print(bytes)).isEqualTo(OfpPrint.fixture(f[0] + ".txt"));
            ErrorMessage e = (ErrorMessage) MessageCodec.decode(io.netty.buffer.Unpooled.wrappedBuffer(bytes))
                    .message();
            assertThat(ErrorCode.valueOf(e.errorType(), e.code()).name()).isEqualTo(f[1]);
            // The data is the start of the request that failed (OpenFlow 1.3.5 §7.4.4): a GROUP_MOD / METER_MOD.
            assertThat(e.data()[1]).isEqualTo((byte) (f[1].startsWith("OFPGMFC") ? 15 : 29));
            assertThat(e.toException(1).getMessage()).contains(f[1]);
        }
    }
}
