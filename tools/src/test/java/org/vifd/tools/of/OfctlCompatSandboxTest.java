package org.vifd.tools.of;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.tools.VifctlInvocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vifctl of} against ovs-ofctl on the same switch: the same flow commands applied through each tool to twin
 * bridges leave the same flow tables, and vifctl prints a bridge's flows, ports and tables as ovs-ofctl does.
 */
class OfctlCompatSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true)
            .bridges("br-v", "br-o", "br-b", "br-s").build();

    @TempDir
    Path tmp;

    private static OvsSandbox sb() {
        return OVS.sandbox();
    }

    private static VifctlInvocation vifctl(String... args) {
        List<String> all = new ArrayList<>(List.of("of", "--rundir=" + sb().dir()));
        all.addAll(List.of(args));
        return VifctlInvocation.run(all.toArray(String[]::new));
    }

    private static VifctlInvocation ok(VifctlInvocation r) {
        assertThat(r.exitCode()).as("vifctl failed: %s", r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    private static String ofctlDump(String bridge, String... filter) {
        List<String> args = new ArrayList<>(List.of("-O", "OpenFlow13", "dump-flows", "--no-stats", bridge));
        args.addAll(List.of(filter));
        return sb().ofctl(args.toArray(String[]::new)).ok().stdout();
    }

    /** Runs one step through ovs-ofctl on br-o and through vifctl on br-v. */
    private void both(String command, String... args) {
        List<String> o = new ArrayList<>();
        List<String> v = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        List<String> flags = new ArrayList<>();
        for (String a : args) {
            (a.startsWith("--") ? flags : rest).add(a);
        }
        o.clear();
        o.addAll(List.of("-O", "OpenFlow13"));
        o.addAll(flags);
        o.add(command);
        o.add("br-o");
        o.addAll(rest);
        v.clear();
        v.addAll(flags);
        v.add(command);
        v.add("br-v");
        v.addAll(rest);
        sb().ofctl(o.toArray(String[]::new)).ok();
        ok(vifctl(v.toArray(String[]::new)));
    }

    @Test
    void flowCommandsLeaveTheSameTablesAsOvsOfctlAndDumpPrintsTheSame() throws IOException {
        Path file = tmp.resolve("flows.txt");
        Files.writeString(file, String.join("\n",
                "# base pipeline",
                "table=0,priority=0,actions=drop",
                "table=0,priority=10,in_port=1,dl_vlan=5,actions=mod_vlan_vid:7,resubmit(,23)",
                "",
                "table=0, priority=20, in_port=2, dl_src=fa:16:3e:00:00:01 actions=goto_table:24",
                "table=24,priority=5,arp,arp_spa=10.0.0.5,arp_sha=fa:16:3e:00:00:01,actions=goto_table:25",
                "table=25,priority=9,ip,nw_src=10.0.0.5,dl_src=fa:16:3e:00:00:01,actions=NORMAL",
                "table=25,priority=8,ip,nw_src=10.0.0.6,dl_src=fa:16:3e:00:00:02,actions=NORMAL",
                "table=60,priority=100,udp,tp_src=68,tp_dst=67,actions=goto_table:77",
                "add table=77,cookie=0x1234,priority=3,in_port=3,actions=controller(userdata=01.02.03)",
                "table=77,priority=4,in_port=3,actions=drop", ""));
        both("del-flows");
        both("add-flows", file.toString());
        both("add-flow", "table=23,priority=1,actions=NORMAL");
        both("mod-flows", "table=25,ip,actions=output:9");
        both("mod-flows", "--strict", "table=24,priority=5,arp,arp_spa=10.0.0.5,arp_sha=fa:16:3e:00:00:01,actions=drop");
        both("del-flows", "--strict", "table=77,priority=4,in_port=3");
        both("del-flows", "in_port=1");
        both("del-flows", "cookie=0x1234/0xffffffffffffffff");

        String reference = ofctlDump("br-o");
        assertThat(reference).contains("table=25, priority=9,ip,dl_src=fa:16:3e:00:00:01,nw_src=10.0.0.5 actions=output:9")
                .contains("table=24, priority=5,arp").doesNotContain("in_port=1").doesNotContain("table=77");
        assertThat(VifctlInvocation.sortedLines(ofctlDump("br-v"))).isEqualTo(VifctlInvocation.sortedLines(reference));
        // vifctl prints what ovs-ofctl prints for the same bridge, whole and filtered.
        assertThat(ok(vifctl("dump-flows", "--no-stats", "br-v")).out()).isEqualTo(ofctlDump("br-v"));
        assertThat(ok(vifctl("-O", "OpenFlow13", "dump-flows", "br-v", "table=25")).out()
                .replaceAll("duration=[0-9.]+s", "duration=Xs"))
                .isEqualTo(sb().ofctl("-O", "OpenFlow13", "dump-flows", "br-v", "table=25").ok().stdout()
                        .replaceAll(" \\(xid=0x[0-9a-f]+\\)", "").replaceAll("duration=[0-9.]+s", "duration=Xs"));
    }

    @Test
    void aBundleWithOneBadFlowInstallsNothing() throws IOException {
        ok(vifctl("del-flows", "br-b"));
        ok(vifctl("add-flow", "br-b", "table=0,priority=1,actions=NORMAL"));
        String before = ofctlDump("br-b");
        Path file = tmp.resolve("bundle.txt");
        // goto_table must go forward (OpenFlow 1.3.5 §5.1): the switch refuses the third flow.
        Files.writeString(file, "table=1,priority=2,actions=drop\ntable=2,priority=2,actions=drop\n"
                + "table=5,priority=3,actions=goto_table:1\ntable=3,priority=2,actions=drop\n");

        VifctlInvocation bundled = vifctl("--bundle", "add-flows", "br-b", file.toString());

        assertThat(bundled.exitCode()).isEqualTo(1);
        assertThat(bundled.err().lines()).hasSize(1);
        assertThat(bundled.err()).startsWith("vifctl: br-b: ").contains("line 3").contains("OFPBIC_BAD_TABLE_ID")
                .contains("bundle discarded");
        assertThat(ofctlDump("br-b")).isEqualTo(before);

        // Without --bundle the good flows do go in, as with ovs-ofctl add-flows.
        VifctlInvocation plain = vifctl("add-flows", "br-b", file.toString());
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.err().lines()).hasSize(1);
        assertThat(ofctlDump("br-b")).contains("table=1, priority=2 actions=drop").contains("table=3, priority=2 actions=drop")
                .doesNotContain("table=5");

        ok(vifctl("--bundle", "del-flows", "br-b"));
        assertThat(ofctlDump("br-b")).isEmpty();
    }

    @Test
    void showPortsAndTablesPrintWhatOvsOfctlPrints() {
        sb().vsctl("--may-exist", "add-port", "br-s", "s1", "--", "set", "Interface", "s1", "type=internal",
                "ofport_request=7").ok();
        ok(vifctl("add-flow", "br-s", "table=0,priority=5,in_port=s1,actions=output:s1"));
        assertThat(ok(vifctl("--names", "dump-flows", "--no-stats", "br-s")).out())
                .isEqualTo(sb().ofctl("-O", "OpenFlow13", "--names", "dump-flows", "--no-stats", "br-s").ok().stdout());
        assertThat(ok(vifctl("dump-flows", "--no-stats", "br-s")).out()).contains("in_port=7 actions=output:7");
        for (String command : List.of("show", "dump-ports-desc", "dump-tables")) {
            for (String version : List.of("OpenFlow13", "OpenFlow14")) {
                String expected = sb().ofctl("-O", version, command, "br-s").ok().stdout()
                        .replaceAll(" \\(xid=0x[0-9a-f]+\\)", "");
                assertThat(ok(vifctl("-O", version, command, "br-s")).out()).as(command + " " + version)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void errorsAreOneLineWithExitCodeOneOrTwoForUsage() {
        VifctlInvocation noBridge = vifctl("dump-flows", "br-missing");
        assertThat(noBridge.exitCode()).isEqualTo(1);
        assertThat(noBridge.err()).isEqualTo("vifctl: br-missing is not a bridge or a socket\n");

        VifctlInvocation badFlow = vifctl("add-flow", "br-v", "table=0,nosuchfield=1,actions=drop");
        assertThat(badFlow.exitCode()).isEqualTo(1);
        assertThat(badFlow.err().lines()).hasSize(1);
        assertThat(badFlow.err()).startsWith("vifctl: ").contains("nosuchfield");

        VifctlInvocation noActions = vifctl("add-flow", "br-v", "table=0,priority=1");
        assertThat(noActions.exitCode()).isEqualTo(1);
        assertThat(noActions.err()).contains("must specify an action");

        for (String[] usage : List.of(new String[] {"frobnicate", "br-v"}, new String[] {"add-flow", "br-v"},
                new String[] {"--no-such-option", "show", "br-v"}, new String[] {})) {
            VifctlInvocation r = vifctl(usage);
            assertThat(r.exitCode()).as(String.join(" ", usage)).isEqualTo(2);
            assertThat(r.err().lines()).as(r.err()).hasSize(1);
        }

        VifctlInvocation refused = vifctl("-t", "2", "dump-flows", "tcp:127.0.0.1:1");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("vifctl: tcp:127.0.0.1:1: failed to connect (").hasLineCount(1);
    }
}
