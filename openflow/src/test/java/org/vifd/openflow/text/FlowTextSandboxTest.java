package org.vifd.openflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SandboxSwitchExtension;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.testkit.OvsSandbox;

/**
 * The corpora (flows/corpus.flows: neutron OVS-firewall and OVN styles by hand; flows/neutron-ovsfw.flows: neutron's
 * native firewall for three ports) against a real ovs-vswitchd: what OVS installs from the text and dumps with
 * `ovs-ofctl -O OpenFlow13 dump-flows --no-stats` must equal (1) our print of the flow stats we fetch ourselves and
 * (2) what OVS dumps after we parse, encode and install the same text.
 */
class FlowTextSandboxTest {
    @RegisterExtension
    static final SandboxSwitchExtension OF = SandboxSwitchExtension.on("br-ft");

    @BeforeAll
    static void meterAndGroup() {
        OF.sandbox().ofctl("-O", "OpenFlow13", "add-meter", "br-ft", "meter=1,pktps,band=type=drop,rate=100").ok();
        OF.sandbox().ofctl("-O", "OpenFlow13", "add-group", "br-ft", "group_id=4,type=all,bucket=output:1").ok();
    }

    /** Both corpora as one list, for the unit round trips (FlowTextRoundTripTest). */
    static List<String> corpus() throws IOException {
        List<String> all = new ArrayList<>(OfctlFlows.lines("/flows/corpus.flows"));
        all.addAll(OfctlFlows.lines("/flows/neutron-ovsfw.flows"));
        return all;
    }

    /** The hand-written corpus (127 flows) and the neutron OVS-firewall corpus (228 flows), one at a time. */
    @ParameterizedTest
    @CsvSource({"/flows/corpus.flows,127", "/flows/neutron-ovsfw.flows,228"})
    void ovsOfctlAndWeAgreeOnTheCorpus(String resource, int size) throws Exception {
        List<String> corpus = OfctlFlows.lines(resource);
        assertThat(corpus).hasSize(size);
        List<String> ovsDump = ourPrintOfOurDumpEqualsOvsOfctlDumpFlows(corpus);
        ourParseEncodeAndInstallGivesWhatOvsOfctlInstalls(corpus, ovsDump);
    }

    /** (1) ovs-ofctl add-flows the text; our print of the flow stats we fetch is what ovs-ofctl dump-flows prints. */
    private static List<String> ourPrintOfOurDumpEqualsOvsOfctlDumpFlows(List<String> corpus) throws Exception {
        OvsSandbox sb = OF.sandbox();
        sb.ofctl("-O", "OpenFlow13", "del-flows", "br-ft").ok();
        OfctlFlows.addFlows(sb, "br-ft", corpus);
        List<String> ovsDump = OfctlFlows.dump(sb, "OpenFlow13", "br-ft");
        assertThat(ovsDump).as("distinct flows").hasSize(corpus.size());
        List<FlowStats> stats = OF.sw().flowStats(FlowStatsRequest.all()).get(20, TimeUnit.SECONDS);
        List<String> ours = new ArrayList<>();
        for (FlowStats f : stats) {
            ours.add(FlowText.print(f, FlowText.Options.NO_STATS));
        }
        ours.sort(null);
        OfctlFlows.assertSameFlows(ovsDump, ours);
        return ovsDump;
    }

    /** (2) We parse, encode and install the same text: OVS dumps what it dumped after ovs-ofctl installed it. */
    private static void ourParseEncodeAndInstallGivesWhatOvsOfctlInstalls(List<String> corpus, List<String> ovsDump)
            throws Exception {
        OvsSandbox sb = OF.sandbox();
        sb.ofctl("-O", "OpenFlow13", "del-flows", "br-ft").ok();
        List<String> rejected = new ArrayList<>();
        for (String line : corpus) {
            FlowMod mod = FlowText.parse(line);
            try {
                OF.sw().apply(FlowBatch.of(mod)).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                rejected.add(line + " -> " + e.getCause().getMessage());
            }
        }
        assertThat(rejected).as("flows the switch rejected").isEmpty();
        List<String> after = OfctlFlows.dump(sb, "OpenFlow13", "br-ft");
        List<String> onlyOurs = new ArrayList<>(after);
        onlyOurs.removeAll(ovsDump);
        assertThat(onlyOurs).as("installed from our encoding, not by ovs-ofctl").isEmpty();
        assertThat(after).containsExactlyElementsOf(ovsDump);
    }
}
