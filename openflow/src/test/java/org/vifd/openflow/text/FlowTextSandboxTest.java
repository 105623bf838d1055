package org.vifd.openflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.connection.ConnectionConfig;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.OpenFlowController;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * The corpora (flows/corpus.flows: neutron OVS-firewall and OVN styles by hand; flows/neutron-ovsfw.flows: neutron's
 * native firewall for three ports) against a real ovs-vswitchd: what OVS installs from the text and dumps with
 * `ovs-ofctl -O OpenFlow13 dump-flows --no-stats` must equal (1) our print of the flow stats we fetch ourselves and
 * (2) what OVS dumps after we parse, encode and install the same text.
 */
class FlowTextSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-ft").build();

    static OpenFlowController controller;
    static SwitchConnection sw;

    @BeforeAll
    static void setUp() throws Exception {
        controller = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_3).build()).build();
        OVS.sandbox().ofctl("-O", "OpenFlow13", "add-meter", "br-ft", "meter=1,pktps,band=type=drop,rate=100").ok();
        OVS.sandbox().ofctl("-O", "OpenFlow13", "add-group", "br-ft", "group_id=4,type=all,bucket=output:1").ok();
        sw = controller.connect("unix:" + OVS.sandbox().mgmtSocket("br-ft")).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void tearDown() {
        if (controller != null) {
            controller.close();
        }
    }

    /** Both corpora as one list, for the unit round trips (FlowTextRoundTripTest). */
    static List<String> corpus() throws IOException {
        List<String> all = new ArrayList<>(lines("/flows/corpus.flows"));
        all.addAll(lines("/flows/neutron-ovsfw.flows"));
        return all;
    }

    /** The flow lines of a resource: blank lines and # comments left out. */
    static List<String> lines(String resource) throws IOException {
        try (InputStream in = FlowTextSandboxTest.class.getResourceAsStream(resource)) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    static List<String> dump(OvsSandbox sb) {
        String out = sb.ofctl("-O", "OpenFlow13", "dump-flows", "--no-stats", "br-ft").ok().stdout();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
    }

    /** The hand-written corpus (127 flows) and the neutron OVS-firewall corpus (228 flows), one at a time. */
    @ParameterizedTest
    @CsvSource({"/flows/corpus.flows,127", "/flows/neutron-ovsfw.flows,228"})
    void ovsOfctlAndWeAgreeOnTheCorpus(String resource, int size) throws Exception {
        List<String> corpus = lines(resource);
        assertThat(corpus).hasSize(size);
        List<String> ovsDump = ourPrintOfOurDumpEqualsOvsOfctlDumpFlows(corpus);
        ourParseEncodeAndInstallGivesWhatOvsOfctlInstalls(corpus, ovsDump);
    }

    /** (1) ovs-ofctl add-flows the text; our print of the flow stats we fetch is what ovs-ofctl dump-flows prints. */
    private static List<String> ourPrintOfOurDumpEqualsOvsOfctlDumpFlows(List<String> corpus) throws Exception {
        OvsSandbox sb = OVS.sandbox();
        Path file = Files.createTempFile("openflow-corpus-", ".flows");
        try {
            Files.write(file, corpus);
            sb.ofctl("-O", "OpenFlow13", "del-flows", "br-ft").ok();
            sb.ofctl("-O", "OpenFlow13", "add-flows", "br-ft", file.toString()).ok();
        } finally {
            Files.deleteIfExists(file);
        }
        List<String> ovsDump = dump(sb);
        assertThat(ovsDump).as("distinct flows").hasSize(corpus.size());
        List<FlowStats> stats = sw.flowStats(FlowStatsRequest.all()).get(20, TimeUnit.SECONDS);
        List<String> ours = new ArrayList<>();
        for (FlowStats f : stats) {
            ours.add(FlowText.print(f, FlowText.Options.NO_STATS));
        }
        ours.sort(null);
        List<String> onlyOurs = new ArrayList<>(ours);
        onlyOurs.removeAll(ovsDump);
        List<String> onlyOvs = new ArrayList<>(ovsDump);
        onlyOvs.removeAll(ours);
        assertThat(onlyOurs).as("printed by us, not by ovs-ofctl (which printed %s)", onlyOvs).isEmpty();
        assertThat(ours).containsExactlyElementsOf(ovsDump);
        return ovsDump;
    }

    /** (2) We parse, encode and install the same text: OVS dumps what it dumped after ovs-ofctl installed it. */
    private static void ourParseEncodeAndInstallGivesWhatOvsOfctlInstalls(List<String> corpus, List<String> ovsDump)
            throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.ofctl("-O", "OpenFlow13", "del-flows", "br-ft").ok();
        List<String> rejected = new ArrayList<>();
        for (String line : corpus) {
            FlowMod mod = FlowText.parse(line);
            try {
                sw.apply(FlowBatch.of(mod)).get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                rejected.add(line + " -> " + e.getCause().getMessage());
            }
        }
        assertThat(rejected).as("flows the switch rejected").isEmpty();
        List<String> after = dump(sb);
        List<String> onlyOurs = new ArrayList<>(after);
        onlyOurs.removeAll(ovsDump);
        assertThat(onlyOurs).as("installed from our encoding, not by ovs-ofctl").isEmpty();
        assertThat(after).containsExactlyElementsOf(ovsDump);
    }
}
