package org.vifd.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command run twice on two identical sandboxes (no vswitchd, so --no-wait): once with vifctl in this JVM,
 * once with the real ovs-vsctl. The databases must end up the same (compared without uuids, through ovs-vsctl
 * itself) and the printed output and exit codes must match (lines sorted where OVS prints in hash order).
 */
class VsctlCompatSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension VIFCTL = OvsSandboxExtension.builder().build();
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().build();

    private static VifctlInvocation vifctl(String... args) {
        return VifctlInvocation.run(List.of("--db=" + VIFCTL.sandbox().unixRemote(), "--no-wait", "--timeout=30"), args);
    }

    /** Runs the command both ways; asserts same exit code, same output (sorted), same error (after the program name). */
    private static VifctlInvocation both(String... args) {
        VifctlInvocation mine = vifctl(args);
        ExecResult theirs = OVS.sandbox().vsctl(args);
        assertThat(mine.exitCode()).as("exit code of %s (stderr %s / %s)", List.of(args), mine.err(), theirs.stderr())
                .isEqualTo(theirs.exitCode());
        assertThat(VifctlInvocation.sortedLines(mine.out())).as("output of %s", List.of(args))
                .isEqualTo(VifctlInvocation.sortedLines(uuidFree(theirs.stdout(), mine.out())));
        assertThat(mine.err().replaceFirst("^vifctl: ", "").strip()).as("error of %s", List.of(args))
                .isEqualTo(theirs.stderr().replaceFirst("^ovs-vsctl: ", "").strip());
        return mine;
    }

    /** Uuids differ between the two databases: only compare outputs that hold none. */
    private static String uuidFree(String theirs, String mine) {
        return theirs;
    }

    /** The state of a sandbox, without uuids: each table's non-reference columns, and the topology by name. */
    private static List<String> state(OvsSandbox sb) {
        List<String> lines = new ArrayList<>();
        lines.addAll(table(sb, "Bridge", "name,fail_mode,external_ids,other_config,datapath_type,stp_enable"));
        lines.addAll(table(sb, "Port", "name,tag,trunks,external_ids,other_config,vlan_mode"));
        lines.addAll(table(sb, "Interface", "name,type,external_ids,options,ofport_request,mtu_request"));
        lines.addAll(table(sb, "Controller", "target"));
        lines.addAll(table(sb, "Manager", "target"));
        for (String br : sb.vsctl("list-br").ok().stdout().lines().toList()) {
            lines.add(br + " ports " + sb.vsctl("list-ports", br).ok().stdout().lines().toList());
            lines.add(br + " ifaces " + sb.vsctl("list-ifaces", br).ok().stdout().lines().toList());
            lines.add(br + " controllers " + sb.vsctl("get-controller", br).ok().stdout().lines().toList());
        }
        return lines;
    }

    private static List<String> table(OvsSandbox sb, String table, String columns) {
        return sb.vsctl("--format=csv", "--no-headings", "--columns=" + columns, "list", table).ok().stdout()
                .lines().map(l -> table + ": " + l).sorted().toList();
    }

    private static void assertSameState() {
        assertThat(state(VIFCTL.sandbox())).isEqualTo(state(OVS.sandbox()));
    }

    @Test
    void bridgeAndPortCommandsChangeTheDatabaseAsOvsVsctlDoes() {
        both("add-br", "br-int");
        both("add-br", "br-ex");
        both("add-port", "br-int", "tap1", "tag=5", "--", "set", "Interface", "tap1",
                "external_ids:iface-id=X", "external_ids:attached-mac=fa:16:3e:00:00:01");
        both("add-port", "br-int", "tap2", "--", "set", "Port", "tap2", "trunks=10,20", "other_config:k=v");
        both("--", "--if-exists", "del-port", "tap2", "--", "add-port", "br-int", "tap2", "--", "set", "Interface", "tap2",
                "external-ids:iface-id=Y");
        both("--may-exist", "add-port", "br-int", "tap1");
        both("--may-exist", "add-br", "br-int");
        both("add-port", "br-ex", "eth1");
        both("set-controller", "br-int", "tcp:127.0.0.1:6653", "unix:/tmp/x.sock");
        both("set-fail-mode", "br-int", "secure");
        both("br-set-external-id", "br-int", "bridge-id", "br-int");
        both("set", "Bridge", "br-ex", "other_config:hwaddr=\"aa:bb:cc:dd:ee:ff\"", "stp_enable=true");
        both("add", "Port", "tap2", "trunks", "30", "40-42");
        both("remove", "Port", "tap2", "trunks", "20");
        both("remove", "Port", "tap1", "other_config", "k");
        both("set", "Interface", "eth1", "type=internal", "mtu_request=1400");
        both("clear", "Bridge", "br-ex", "other_config");
        assertSameState();

        both("list-br");
        both("list-ports", "br-int");
        both("list-ifaces", "br-int");
        both("port-to-br", "tap1");
        both("iface-to-br", "tap2");
        both("br-exists", "br-int");
        both("get-controller", "br-int");
        both("get-fail-mode", "br-int");
        both("br-get-external-id", "br-int");
        both("br-get-external-id", "br-int", "bridge-id");
        both("get", "Interface", "tap1", "external_ids:iface-id", "name", "external_ids", "type");
        both("get", "Port", "tap2", "trunks", "tag");
        both("--columns=name,tag,trunks", "find", "Port", "tag=5");
        both("--columns=name,trunks", "find", "Port", "trunks{>=}30");
        both("--columns=name", "find", "Interface", "external_ids:iface-id=Y");
        both("--format=table", "--columns=name,tag,trunks,other_config", "list", "Port");
        both("--format=csv", "--columns=name,external_ids", "list", "Interface");
        both("--format=json", "--columns=name,tag", "list", "Port", "tap1");
        both("--bare", "--columns=name,external_ids", "list", "Interface", "tap1");
        both("--columns=name,fail_mode,external_ids,stp_enable", "list", "Bridge", "br-int");
        both("get", "Open_vSwitch", ".", "ovs_version", "next_cfg");
        both("get", "Controller", "br-int", "target");

        both("del-fail-mode", "br-int");
        both("del-controller", "br-int");
        both("br-set-external-id", "br-int", "bridge-id");
        both("del-port", "br-int", "tap1");
        both("del-br", "br-ex");
        assertSameState();
    }

    @Test
    void createWithIdReferencesTheNewRowInTheSameTransaction() {
        both("add-br", "br-q");
        VifctlInvocation r = vifctl("--id=@m", "create", "Manager", "target=\"ptcp:6640\"", "--",
                "add", "Open_vSwitch", ".", "manager_options", "@m");
        OVS.sandbox().vsctl("--id=@m", "create", "Manager", "target=\"ptcp:6640\"", "--",
                "add", "Open_vSwitch", ".", "manager_options", "@m").ok();
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).matches("[0-9a-f-]{36}");
        both("get-manager");
        both("del-br", "br-q");
        assertSameState();
    }

    @Test
    void errorsAreOneLineWithOvsVsctlWordsAndExitCodes() {
        both("list", "Foo");
        both("list", "Bridge", "nope");
        both("add-br", "br-err");
        both("get", "Bridge", "br-err", "nosuch");
        both("get", "Bridge", "br-err", "external_ids:x");
        both("--if-exists", "get", "Bridge", "br-err", "external_ids:x");
        both("del-br", "nope");
        both("--if-exists", "del-br", "nope");
        both("add-br", "br-err");
        both("del-port", "nope");
        both("--if-exists", "del-port", "nope");
        both("add-port", "nope", "p");
        both("br-exists", "nope");
        both("port-to-br", "nope");
        both("iface-to-br", "nope");
        both("list-ports", "nope");
        both("bogus-cmd");
        both("set", "Bridge", "br-err", "foo=1");
        both("set", "Bridge", "br-err", "stp_enable=maybe");
        both("set-fail-mode", "br-err", "sometimes");
        both("list-br", "extra");
        both("--if-exists", "set", "Bridge", "nope", "stp_enable=true");
        both("del-br", "br-err");
        assertSameState();
    }

    @Test
    void badRemoteIsOneLineNamingTheRemoteAndExitsOne() {
        VifctlInvocation r = VifctlInvocation.run("--db=unix:/tmp/vifctl-test-no-such.sock", "list-br");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("vifctl: cannot connect to unix:/tmp/vifctl-test-no-such.sock: ");
        assertThat(r.err().strip()).doesNotContain("\n");
        VifctlInvocation usage = VifctlInvocation.run("--timeout");
        assertThat(usage.exitCode()).isEqualTo(2);
    }

    @Test
    void transactAndGetSchemaSpeakJsonLikeOvsdbClient() {
        OvsSandbox sb = VIFCTL.sandbox();
        VifctlInvocation r = VifctlInvocation.run("--db=" + sb.unixRemote(), "ovsdb", "transact",
                "[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Open_vSwitch\",\"where\":[],\"columns\":[\"cur_cfg\"]}]");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(Exec.run("ovsdb-client", "transact", sb.unixRemote(),
                "[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Open_vSwitch\",\"where\":[],\"columns\":[\"cur_cfg\"]}]").ok().stdout());
        VifctlInvocation schema = VifctlInvocation.run("--db=" + sb.unixRemote(), "ovsdb", "get-schema");
        assertThat(schema.out()).contains("\"name\":\"Open_vSwitch\"").contains("\"Bridge\"");
    }
}
