package org.vifd.openflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SandboxSwitchExtension;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.testkit.OvsSandbox;

/**
 * br-int as ovn-controller programs it (flows/ovn-br-int-of13.flows, 601 flows captured from a real OVN chassis:
 * logical switch with port security, port-group ACLs, DHCP, a router with SNAT and a load balancer). Every line
 * parses, encodes and decodes to itself in OpenFlow 1.3 and 1.5 and prints back character for character; the
 * OpenFlow 1.5 dump of the same bridge parses to the same flows; and installed from OUR bytes on a fresh bridge, OVS
 * dumps exactly the captured text again, in both versions.
 */
class OvnFlowsSandboxTest {
    @RegisterExtension
    static final SandboxSwitchExtension OF = SandboxSwitchExtension.on("br-ovn");

    static List<String> of13() throws Exception {
        return OfctlFlows.lines("/flows/ovn-br-int-of13.flows");
    }

    @Test
    void everyOvnFlowParsesEncodesAndPrintsBackIdentically() throws Exception {
        List<String> lines = of13();
        assertThat(lines).hasSize(601);
        List<String> wrong = new ArrayList<>();
        for (String line : lines) {
            FlowMod m = FlowText.parse(line);
            for (OfVersion v : new OfVersion[] {OfVersion.OF_1_3, OfVersion.OF_1_5}) {
                FlowMod back = (FlowMod) MessageCodec.decode(Unpooled.wrappedBuffer(MessageCodec.toBytes(m, v, 7)))
                        .message();
                if (!back.equals(m)) {
                    wrong.add(v + " round trip: " + line);
                }
            }
            String printed = FlowText.print(m, FlowText.Options.NO_STATS);
            if (!printed.equals(line)) {
                wrong.add("printed " + printed + "\n   ovs " + line);
            }
        }
        assertThat(wrong).isEmpty();
        // The corpus holds what made it worth capturing.
        assertThat(String.join("\n", lines)).contains("push:", "pop:", "nat(src)", "dec_ttl()",
                "set_field:ANY->in_port", "conjunction(", "controller(userdata=", "pause)", "clone(", "learn(",
                "ct(commit,zone=NXM_NX_REG13[0..15]", "OXM_OF_PKT_REG4[", "group:1");
    }

    @Test
    void theOpenFlow15DumpParsesToTheSameFlows() throws Exception {
        Map<String, FlowMod> byMatch = new HashMap<>();
        for (String line : of13()) {
            byMatch.put(line.substring(0, line.indexOf(" actions=")), FlowText.parse(line));
        }
        List<String> of15 = OfctlFlows.lines("/flows/ovn-br-int-of15.flows");
        assertThat(of15).hasSize(byMatch.size());
        for (String line : of15) {
            assertThat(FlowText.parse(line)).as(line)
                    .isEqualTo(byMatch.get(line.substring(0, line.indexOf(" actions="))));
        }
    }

    @Test
    void installedFromOurBytesOvsDumpsTheCapturedFlows() throws Exception {
        OvsSandbox sb = OF.sandbox();
        sb.ofctl("del-flows", "br-ovn").ok();
        for (String g : OfctlFlows.lines("/flows/ovn-br-int.groups")) {
            sb.ofctl("-O", "OpenFlow15", "add-group", "br-ovn", g).ok();
        }
        List<String> lines = of13();
        List<FlowMod> mods = new ArrayList<>();
        for (String line : lines) {
            mods.add(FlowText.parse(line));
        }
        try {
            OF.sw().apply(FlowBatch.of(mods)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the switch refused some of our flows: " + e.getCause().getMessage(), e);
        }
        assertThat(OfctlFlows.dump(sb, "OpenFlow13", "br-ovn")).containsExactlyElementsOf(lines.stream().sorted().toList());
        assertThat(OfctlFlows.dump(sb, "OpenFlow15", "br-ovn")).containsExactlyElementsOf(
                OfctlFlows.lines("/flows/ovn-br-int-of15.flows").stream().sorted().toList());
    }
}
