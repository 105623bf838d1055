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
import org.vifd.testkit.OvsSandbox;

/**
 * What the flow-text sandbox tests ask of ovs-ofctl, the independent oracle: the flows a bridge holds as it prints
 * them, flows installed from text by it, and the flow corpora it is compared on.
 */
final class OfctlFlows {
    private OfctlFlows() {
    }

    /** The flow lines of a resource: blank lines and # comments left out. */
    static List<String> lines(String resource) throws IOException {
        try (InputStream in = OfctlFlows.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }

    /** {@code ovs-ofctl -O VERSION dump-flows --no-stats BRIDGE}: the flow lines, sorted (the reply header left out). */
    static List<String> dump(OvsSandbox sb, String version, String bridge) {
        String out = sb.ofctl("-O", version, "dump-flows", "--no-stats", bridge).ok().stdout();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("OFPST"))
                .sorted().toList();
    }

    /** {@code ovs-ofctl -O OpenFlow13 add-flows BRIDGE FILE} with these lines. */
    static void addFlows(OvsSandbox sb, String bridge, List<String> flows) throws IOException {
        Path file = Files.createTempFile("openflow-flows-", ".flows");
        try {
            Files.write(file, flows);
            sb.ofctl("-O", "OpenFlow13", "add-flows", bridge, file.toString()).ok();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** OVS's lines are exactly ours; on failure, says which lines only one side printed. */
    static void assertSameFlows(List<String> ovs, List<String> ours) {
        List<String> onlyOurs = new ArrayList<>(ours);
        onlyOurs.removeAll(ovs);
        List<String> onlyOvs = new ArrayList<>(ovs);
        onlyOvs.removeAll(ours);
        assertThat(onlyOurs).as("printed by us, not by ovs-ofctl (which printed %s)", onlyOvs).isEmpty();
        assertThat(onlyOvs).as("printed by ovs-ofctl, not by us").isEmpty();
        assertThat(ovs).containsExactlyElementsOf(ours);
    }
}
