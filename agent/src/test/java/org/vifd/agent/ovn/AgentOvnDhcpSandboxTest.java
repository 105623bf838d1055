package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
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
import org.vifd.testkit.NamespaceVm;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.testkit.OvsdbCluster;

/**
 * Issue 11's end-to-end case: two provider networks (VLAN 101 and 102 on physnet1) and two VMs defined only with
 * {@code ovn-nbctl} in a 3-member Northbound cluster, DHCP_Options as Neutron's ML2/OVN writes them (router,
 * server_id, server_mac, dns_server, domain_name, mtu, lease_time, classless_static_route). The whole agent reads
 * them ({@code intent_ovn_nb}); two namespace VMs plugged into the sandbox's br-int with iface-id = the
 * Logical_Switch_Port name run the real ISC dhclient. Each gets its address, routes, MTU and server identity from
 * vifd, and the ports turn {@code up} in the Northbound. Network 1's server_id is its gateway (as Neutron writes it
 * when the subnet has one); network 2's is another address, which the DHCP service then answers as.
 */
class AgentOvnDhcpSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).build();
    private static final Duration WIRED = Duration.ofSeconds(45);
    private static final String MAC1 = "fa:16:3e:41:00:0b";
    private static final String MAC2 = "fa:16:3e:42:00:0c";

    private static OvsdbCluster cluster;
    private static Nbctl nbctl;
    private static Agent agent;
    private static Path dir;
    private static NamespaceVm vm1;
    private static NamespaceVm vm2;

    @BeforeAll
    static void start() throws Exception {
        Exec.require("ovn-nbctl");
        Exec.require("dhclient");
        cluster = OvsdbCluster.create(Path.of("/usr/share/ovn/ovn-nb.ovsschema"), 3);
        nbctl = new Nbctl(cluster.remotes());
        network("h1", 101, "10.41.0", "10.41.0.1", "fa:16:3e:41:00:01");
        network("h2", 102, "10.42.0", "10.42.0.2", "fa:16:3e:42:00:02");
        nbctl.vmPort("h1", "h-vm1", MAC1, "10.41.0.11", dhcpUuid("sub-h1"));
        nbctl.vmPort("h2", "h-vm2", MAC2, "10.42.0.12", dhcpUuid("sub-h2"));

        OvsSandbox sb = OVS.sandbox();
        dir = Files.createTempDirectory(Path.of("/tmp"), "vifd-ovndhcp-");
        Path yaml = SandboxAgentConfig.write(dir, sb, "intent_ovn_nb: " + cluster.remotes());
        agent = new Agent(AgentConfigReader.read(yaml), Clock.systemUTC());
        agent.start();
        SandboxAgentConfig.awaitBridges(sb, WIRED);
        vm1 = NamespaceVm.create(sb, "ovndhcp", MAC1).plugInto("br-int", "h-vm1");
        vm2 = NamespaceVm.create(sb, "ovndhcp", MAC2).plugInto("br-int", "h-vm2");
    }

    /**
     * A Neutron-style VLAN network on physnet1 with MTU 1400 and its subnet {@code PREFIX.0/24}, gateway
     * {@code PREFIX.1}, the metadata host route via {@code PREFIX.2}.
     */
    private static void network(String id, int vlan, String prefix, String serverId, String serverMac) {
        nbctl.network(id, "net-" + id, "physnet1", vlan, prefix + ".0/24", "sub-" + id, prefix + ".1", serverId);
        nbctl.run("set", "Logical_Switch", "neutron-" + id, "external_ids:\"neutron:mtu\"=1400");
        nbctl.run("dhcp-options-set-options", dhcpUuid("sub-" + id), "lease_time=3600", "router=" + prefix + ".1",
                "server_id=" + serverId, "server_mac=" + serverMac, "mtu=1400", "dns_server={" + prefix + ".53}",
                "domain_name=\"openstacklocal\"",
                "classless_static_route={169.254.169.254/32," + prefix + ".2, 0.0.0.0/0," + prefix + ".1}");
    }

    private static String dhcpUuid(String subnetId) {
        return nbctl.run("--bare", "--columns=_uuid", "find", "DHCP_Options", "external_ids:subnet_id=" + subnetId);
    }

    @AfterAll
    static void stop() throws IOException {
        for (NamespaceVm vm : new NamespaceVm[] {vm1, vm2}) {
            if (vm != null) {
                vm.close();
            }
        }
        if (agent != null) {
            agent.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void vmsDefinedWithOvnNbctlAreWiredAndGetTheirDhcpConfiguration() {
        await("up in the Northbound").atMost(WIRED).untilAsserted(() -> {
            assertThat(nbctl.run("get", "Logical_Switch_Port", "h-vm1", "up")).isEqualTo("true");
            assertThat(nbctl.run("get", "Logical_Switch_Port", "h-vm2", "up")).isEqualTo("true");
        });
        OvsSandbox sb = OVS.sandbox();
        assertThat(sb.vsctl("get", "Port", vm1.hostIf(), "other_config:segmentation_id").out()).contains("101");
        assertThat(sb.vsctl("get", "Port", vm2.hostIf(), "other_config:segmentation_id").out()).contains("102");

        assertThat(vm1.dhclient(Duration.ofSeconds(60)).exitCode()).as("dhclient in vm1").isZero();
        assertThat(vm2.dhclient(Duration.ofSeconds(60)).exitCode()).as("dhclient in vm2").isZero();

        assertThat(vm1.addresses()).contains("inet 10.41.0.11/24");
        assertThat(vm1.routes()).contains("default via 10.41.0.1 dev eth0")
                .contains("169.254.169.254 via 10.41.0.2 dev eth0");
        assertThat(vm1.exec("ip", "link", "show", "dev", "eth0").ok().out()).contains("mtu 1400");
        assertThat(read(vm1.resolvConf())).contains("nameserver 10.41.0.53").contains("search openstacklocal");
        assertThat(read(vm1.dir().resolve("dhclient.leases"))).contains("fixed-address 10.41.0.11;",
                "option dhcp-server-identifier 10.41.0.1;", "option dhcp-lease-time 3600;",
                "option interface-mtu 1400;", "option domain-name \"openstacklocal\";");

        assertThat(vm2.addresses()).contains("inet 10.42.0.12/24");
        assertThat(vm2.routes()).contains("default via 10.42.0.1 dev eth0");
        assertThat(vm2.exec("ip", "link", "show", "dev", "eth0").ok().out()).contains("mtu 1400");
        assertThat(read(vm2.dir().resolve("dhclient.leases"))).as("server_id names the DHCP server")
                .contains("fixed-address 10.42.0.12;", "option dhcp-server-identifier 10.42.0.2;");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
