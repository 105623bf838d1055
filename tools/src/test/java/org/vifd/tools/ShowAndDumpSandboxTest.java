package org.vifd.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** vifctl show and vifctl ovsdb dump/list-dbs/list-tables against ovs-vsctl show and ovsdb-client on the same database. */
class ShowAndDumpSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().build();

    private static final OvsSandboxExtension VIFCTL = OVS;

    @Test
    void showAndDumpPrintWhatOvsVsctlAndOvsdbClientPrint() {
        OvsSandbox sb = VIFCTL.sandbox();
        List<String> db = List.of("--db=" + sb.unixRemote(), "--no-wait");
        assertThat(VifctlInvocation.run(db, "--may-exist", "add-br", "br-show", "--", "add-port", "br-show", "p1", "tag=7",
                "--", "set-controller", "br-show", "tcp:127.0.0.1:6653", "--", "set", "Interface", "p1", "type=internal")
                .exitCode()).isZero();
        VifctlInvocation show = VifctlInvocation.run(db, "show");
        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).isEqualTo(sb.vsctl("show").ok().stdout());
        VifctlInvocation dump = VifctlInvocation.run(db, "ovsdb", "dump");
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        assertThat(VifctlInvocation.sortedLines(dump.out())).isEqualTo(VifctlInvocation.sortedLines(sb.ovsdbClient("dump").ok().stdout()));
        VifctlInvocation dumpPort = VifctlInvocation.run(db, "ovsdb", "dump", "Open_vSwitch", "Port", "name", "tag");
        assertThat(dumpPort.exitCode()).as(dumpPort.err()).isZero();
        assertThat(dumpPort.out()).isEqualTo(sb.ovsdbClient("dump", "Open_vSwitch", "Port", "name", "tag").ok().stdout());
        VifctlInvocation dbs = VifctlInvocation.run(db, "ovsdb", "list-dbs");
        assertThat(VifctlInvocation.sortedLines(dbs.out())).isEqualTo(VifctlInvocation.sortedLines(sb.ovsdbClient("list-dbs").ok().stdout()));
        VifctlInvocation tables = VifctlInvocation.run(db, "ovsdb", "list-tables");
        assertThat(VifctlInvocation.sortedLines(tables.out())).isEqualTo(VifctlInvocation.sortedLines(sb.ovsdbClient("list-tables").ok().stdout()));
    }

}
