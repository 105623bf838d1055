package org.vifd.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OvsSandboxSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    @Test
    void bridgeExistsOnTheUserspaceDatapathAndItsManagementSocketAnswers() {
        OvsSandbox sb = OVS.sandbox();
        assertThat(sb.vsctl("list-br").ok().out()).isEqualTo("br-int");
        assertThat(sb.vsctl("get", "bridge", "br-int", "datapath_type").ok().out()).isEqualTo("netdev");
        assertThat(sb.mgmtSocket("br-int")).exists();
        assertThat(sb.ofctl("-O", "OpenFlow13", "dump-flows", "br-int").ok().out()).contains("actions=NORMAL");
        assertThat(sb.dir().toString()).startsWith("/tmp/vifd-sb-");
    }

    @Test
    void tcpRemoteServesTheDatabase() {
        OvsSandbox sb = OVS.sandbox();
        ExecResult dbs = Exec.run("ovsdb-client", "list-dbs", sb.tcpRemote()).ok();
        assertThat(dbs.out()).contains("Open_vSwitch");
    }

    @Test
    void ovsdbServerRestartsOnTheSameSocketsAndKeepsItsData() {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("--no-wait", "set", "Open_vSwitch", ".", "external_ids:restart-test=1").ok();
        sb.killOvsdbServer();
        assertThat(sb.dbSocket()).doesNotExist();
        sb.startOvsdbServer();
        assertThat(sb.vsctl("--no-wait", "get", "Open_vSwitch", ".", "external_ids:restart-test").ok().out())
                .isEqualTo("\"1\"");
        assertThat(Exec.run("ovsdb-client", "list-dbs", sb.tcpRemote()).ok().out()).contains("Open_vSwitch");
    }

    @Test
    void vswitchdRestartsAndBridgeComesBack() {
        OvsSandbox sb = OVS.sandbox();
        sb.stopVswitchd();
        assertThat(sb.vswitchdRunning()).isFalse();
        sb.startVswitchd();
        assertThat(sb.vsctl("list-br").ok().out()).isEqualTo("br-int");
        assertThat(sb.ofctl("-O", "OpenFlow13", "show", "br-int").ok().out()).contains("dpid:");
    }

    @Test
    void customSchemaSandboxServesOvnNorthbound() {
        try (OvsSandbox nb = OvsSandbox.start(new OvsSandbox.Config(Path.of("/usr/share/ovn/ovn-nb.ovsschema"),
                false, java.util.List.of(), "netdev"))) {
            assertThat(nb.dbName()).isEqualTo("OVN_Northbound");
            assertThat(nb.ovsdbClient("list-tables").ok().out()).contains("Logical_Switch_Port");
            Path dir = nb.dir();
            nb.close();
            assertThat(Files.exists(dir)).isFalse();
        }
    }
}
