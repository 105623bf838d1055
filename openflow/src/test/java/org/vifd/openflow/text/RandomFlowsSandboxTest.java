package org.vifd.openflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SandboxSwitchExtension;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.testkit.OvsSandbox;

/**
 * 200 random flows (RandomFlows, fixed seed) against a real ovs-vswitchd: installed from OUR encoding on one
 * bridge and by `ovs-ofctl add-flows` from OUR printed text on another, `ovs-ofctl dump-flows --no-stats` of both
 * must be exactly our print of the flows — so OVS accepts our bytes and our text, and prints what we print.
 */
class RandomFlowsSandboxTest {
    /**
     * Seed 5 by default (the first whose 200 flows hold every form the generator knows); {@code -Drandomflows.seed=N}
     * explores others while hunting bugs.
     */
    static final long SEED = Long.getLong("randomflows.seed", 5);
    static final int COUNT = 200;

    @RegisterExtension
    static final SandboxSwitchExtension OF = SandboxSwitchExtension.on("br-rf1", "br-rf2");

    @Test
    void ovsAcceptsOurBytesAndOurTextAndDumpsWhatWePrint() throws Exception {
        Random r = new Random(SEED);
        List<String> texts = new ArrayList<>();
        List<FlowMod> mods = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            // A distinct priority per flow: no two flows replace each other.
            String text = RandomFlows.flow(r, r.nextInt(20), 100 + i);
            FlowMod m = FlowText.parse(text);
            texts.add(text);
            mods.add(m);
            printed.add(FlowText.print(m, FlowText.Options.NO_STATS));
        }
        List<String> expected = printed.stream().sorted().toList();
        if (SEED == 5) {
            // The default corpus exercises every kind of field and action the generator knows.
            assertThat(String.join("\n", printed)).contains("ct_state=", "conj_id=", "conjunction(", "nat(src=",
                    "nat(dst=", "meter:", "group:", "nd_target=", "nd_sll=", "nd_tll=", "mpls_label=", "push_mpls:",
                    "pop_mpls:", "ct_state=-trk", "dec_mpls_ttl", "set_mpls_ttl(",
                    // ct marks and labels, matched and set by ct(commit,exec(...))
                    "ct_mark=", "ct_label=", "exec(", "->ct_mark", "->ct_label", "NXM_NX_CT_MARK[", "NXM_NX_CT_LABEL[",
                    // every flow-spec form and option of learn
                    "learn(", "delete_learned", "send_flow_rem", "fin_idle_timeout=", "fin_hard_timeout=", "limit=",
                    "result_dst=", "load:NXM_NX_REG", "output:NXM_OF_IN_PORT[]", "NXM_NX_TUN_ID[]",
                    "NXM_OF_IP_SRC[]=NXM_OF_IP_DST[]",
                    // the other Nicira actions
                    "clone(", "check_pkt_larger(", "multipath(", "bundle(", "bundle_load(", "output:NXM_NX_REG",
                    "set_queue:", "fin_timeout(", "dec_ttl(", "note:", ",ct)", "output(port=");
        }

        OvsSandbox sb = OF.sandbox();
        // The bridges start with OVS's default "priority=0 actions=NORMAL" flow.
        sb.ofctl("del-flows", "br-rf1").ok();
        sb.ofctl("del-flows", "br-rf2").ok();
        // Flows may reference meters 1..METERS and groups 1..GROUPS: OVS refuses a flow whose meter or group is missing.
        for (String br : List.of("br-rf1", "br-rf2")) {
            for (int i = 1; i <= RandomFlows.METERS; i++) {
                sb.ofctl("-O", "OpenFlow13", "add-meter", br, "meter=" + i + " pktps bands=type=drop rate=100").ok();
            }
            for (int i = 1; i <= RandomFlows.GROUPS; i++) {
                sb.ofctl("-O", "OpenFlow13", "add-group", br, "group_id=" + i + ",type=all,bucket=output:" + i).ok();
            }
        }
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            try {
                OF.sw().apply(FlowBatch.of(mods.get(i))).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                rejected.add(texts.get(i) + " -> " + e.getCause().getMessage());
            }
        }
        assertThat(rejected).as("flows the switch rejected").isEmpty();
        OfctlFlows.assertSameFlows(OfctlFlows.dump(sb, "OpenFlow13", "br-rf1"), expected);

        OfctlFlows.addFlows(sb, "br-rf2", printed);
        OfctlFlows.assertSameFlows(OfctlFlows.dump(sb, "OpenFlow13", "br-rf2"), expected);
    }
}
