package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.agent.Agent;
import org.vifd.agent.SandboxAgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.testkit.OvsdbCluster;

/**
 * The whole agent with {@code intent_ovn_nb}: networks and ports created with ovn-nbctl in a 3-member Northbound
 * cluster, ports plugged into a real OVS as Nova would (iface-id, attached-mac). A port plugged here is wired with
 * its provider network's local VLAN and reported up in the Northbound; a port of another host is never wired.
 */
class AgentOvnSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    private static final Duration WIRED = Duration.ofSeconds(45);

    private static OvsdbCluster cluster;
    private static Nbctl nbctl;
    private static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        Exec.require("ovn-nbctl");
        cluster = OvsdbCluster.create(Path.of("/usr/share/ovn/ovn-nb.ovsschema"), 3);
        nbctl = new Nbctl(cluster.remotes());
        String d1 = nbctl.network("e1", "net-e1", "physnet1", 201, "10.7.0.0/24", "sub-e1", "10.7.0.1", "10.7.0.2");
        String d2 = nbctl.network("e2", "net-e2", "physnet1", null, "10.8.0.0/24", "sub-e2", "10.8.0.1", "10.8.0.1");
        nbctl.vmPort("e1", "e-vm1", "fa:16:3e:0e:00:01", "10.7.0.11", d1);
        nbctl.vmPort("e2", "e-vm2", "fa:16:3e:0e:00:02", "10.8.0.12", d2);
        nbctl.vmPort("e1", "e-elsewhere", "fa:16:3e:0e:00:03", "10.7.0.13", d1);

        OvsSandbox sb = OVS.sandbox();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-ovn-");
        Path yaml = SandboxAgentConfig.write(dir, sb, "intent_ovn_nb: " + cluster.remotes());
        agent = new Agent(AgentConfigReader.read(yaml), Clock.systemUTC());
        agent.start();
        SandboxAgentConfig.awaitBridges(sb, WIRED);
        plug(sb, "ovnvm1", "e-vm1", "fa:16:3e:0e:00:01");
        plug(sb, "ovnvm2", "e-vm2", "fa:16:3e:0e:00:02");
    }

    private static void plug(OvsSandbox sb, String ifName, String ifaceId, String mac) {
        sb.vsctl("add-port", "br-int", ifName, "--", "set", "Interface", ifName, "type=internal",
                "external_ids:iface-id=" + ifaceId, "external_ids:attached-mac=" + mac,
                "external_ids:iface-status=active").ok();
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void portsPluggedHereAreWiredAndReportedUp() {
        OvsSandbox sb = OVS.sandbox();
        await("up in the Northbound").atMost(WIRED).untilAsserted(() -> {
            assertThat(nbctl.run("get", "Logical_Switch_Port", "e-vm1", "up")).isEqualTo("true");
            assertThat(nbctl.run("get", "Logical_Switch_Port", "e-vm2", "up")).isEqualTo("true");
        });
        String tag1 = sb.vsctl("get", "Port", "ovnvm1", "tag").out();
        String tag2 = sb.vsctl("get", "Port", "ovnvm2", "tag").out();
        assertThat(tag1).as("a local VLAN, not the dead VLAN").isNotIn("[]", "4095").isNotEqualTo(tag2);
        assertThat(sb.vsctl("get", "Port", "ovnvm1", "other_config:segmentation_id").out()).contains("201");
        assertThat(nbctl.run("get", "Logical_Switch_Port", "e-elsewhere", "up")).as("another host's port")
                .isEqualTo("[]");
    }
}
