package org.vifd.agent.ovn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;

/** The real {@code ovn-nbctl} (ovn-central) against a Northbound cluster: how the tests write what Neutron would. */
final class Nbctl {
    private final String remotes;

    Nbctl(String remotes) {
        this.remotes = remotes;
    }

    /** One ovn-nbctl run (several commands may be chained with "--"); fails the test on a non-zero exit. */
    String run(String... args) {
        return tryRun(args).ok().out();
    }

    ExecResult tryRun(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovn-nbctl", "--db=" + remotes, "--timeout=10"));
        cmd.addAll(List.of(args));
        return Exec.run(Duration.ofSeconds(15), Map.of(), cmd);
    }

    /**
     * A Neutron-style provider network: switch {@code neutron-<id>} with network_name and mtu, its localnet port
     * {@code provnet-<id>} (tag = VLAN, none = flat), and a subnet's DHCP_Options row. Answers the row's uuid.
     */
    String network(String id, String name, String physnet, Integer vlan, String cidr, String subnetId, String gateway,
                   String serverId) {
        String ls = "neutron-" + id;
        String ln = "provnet-" + id;
        run("ls-add", ls, "--", "set", "Logical_Switch", ls, "external_ids:\"neutron:network_name\"=" + name,
                "external_ids:\"neutron:mtu\"=1450",
                "--", "lsp-add", ls, ln, "--", "lsp-set-type", ln, "localnet", "--", "lsp-set-addresses", ln, "unknown",
                "--", "lsp-set-options", ln, "network_name=" + physnet);
        if (vlan != null) {
            run("set", "Logical_Switch_Port", ln, "tag=" + vlan);
        }
        run("dhcp-options-create", cidr, "subnet_id=" + subnetId);
        String uuid = run("--bare", "--columns=_uuid", "find", "DHCP_Options", "external_ids:subnet_id=" + subnetId);
        run("dhcp-options-set-options", uuid, "lease_time=43200", "router=" + gateway, "server_id=" + serverId,
                "server_mac=fa:16:3e:00:00:01", "mtu=1450", "dns_server={8.8.8.8}",
                "domain_name=\"openstacklocal\"");
        return uuid;
    }

    /** A VM port (iface-id {@code name}) on network {@code id} with DHCP, as Neutron creates one for Nova. */
    void vmPort(String networkId, String name, String mac, String ip, String dhcpUuid) {
        run("lsp-add", "neutron-" + networkId, name, "--", "lsp-set-addresses", name, mac + " " + ip,
                "--", "lsp-set-port-security", name, mac + " " + ip, "--", "lsp-set-dhcpv4-options", name, dhcpUuid,
                "--", "set", "Logical_Switch_Port", name, "external_ids:\"neutron:device_owner\"=\"compute:nova\"");
    }
}
