package org.vifd.bench.ovn;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsdbCluster;

/**
 * The OVN Northbound database the OVN benches run against: an ovsdb-server cluster holding {@code hosts × perHost}
 * logical ports named {@code hHHH-pPP}, spread round-robin over {@code networks} provider networks, each network with
 * a localnet port and DHCP_Options. Written by ovn-nbctl, as Neutron's ML2/OVN driver would shape it.
 */
final class OvnNb {
    static final Path NB_SCHEMA = Path.of("/usr/share/ovn/ovn-nb.ovsschema");

    private OvnNb() {
    }

    /** A cluster of {@code members} NB servers, populated (the time it took is printed); the caller closes it. */
    static OvsdbCluster start(int members, int hosts, int perHost, int networks) {
        Exec.require("ovn-nbctl");
        OvsdbCluster cluster = OvsdbCluster.create(NB_SCHEMA, members);
        try {
            long t0 = System.nanoTime();
            populate(cluster.remotes(), hosts, perHost, networks);
            System.out.printf(Locale.ROOT, "populated %d ports on %d hosts, %d networks in %.1f s%n", hosts * perHost,
                    hosts, networks, (System.nanoTime() - t0) / 1e9);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static String portName(int host, int port) {
        return String.format(Locale.ROOT, "h%03d-p%02d", host, port);
    }

    /** The MAC address {@link #populate} gives a port on network {@code network}. */
    static String mac(int network, int host, int port) {
        return String.format(Locale.ROOT, "fa:16:3e:%02x:%02x:%02x", network, host, port);
    }

    static Set<String> portsOf(int host, int perHost) {
        Set<String> s = new HashSet<>();
        for (int p = 0; p < perHost; p++) {
            s.add(portName(host, p));
        }
        return s;
    }

    /** One ovn-nbctl run of these commands ({@code --}-separated; a leading {@code --} is dropped). */
    static void nbctl(String db, List<String> commands) {
        List<String> cmd = new ArrayList<>(List.of("ovn-nbctl", "--db=" + db, "--timeout=60"));
        cmd.addAll(commands.get(0).equals("--") ? commands.subList(1, commands.size()) : commands);
        Exec.run(Duration.ofSeconds(120), Map.of(), cmd).ok();
    }

    /** Networks with a localnet port and DHCP_Options each; ports spread round-robin over networks. */
    static void populate(String db, int hosts, int perHost, int networks) {
        List<String> dhcp = new ArrayList<>();
        for (int n = 0; n < networks; n++) {
            String ls = "neutron-net" + n;
            nbctl(db, List.of("ls-add", ls, "--", "set", "Logical_Switch", ls,
                    "external_ids:\"neutron:network_name\"=net" + n, "external_ids:\"neutron:mtu\"=1450",
                    "--", "lsp-add", ls, "provnet-" + n, "--", "lsp-set-type", "provnet-" + n, "localnet",
                    "--", "lsp-set-addresses", "provnet-" + n, "unknown",
                    "--", "lsp-set-options", "provnet-" + n, "network_name=physnet1",
                    "--", "set", "Logical_Switch_Port", "provnet-" + n, "tag=" + (100 + n)));
            nbctl(db, List.of("dhcp-options-create", "10." + n + ".0.0/16", "subnet_id=sub" + n));
            String uuid = Exec.run(Duration.ofSeconds(30), "ovn-nbctl", "--db=" + db, "--bare", "--columns=_uuid",
                    "find", "DHCP_Options", "external_ids:subnet_id=sub" + n).ok().out();
            nbctl(db, List.of("dhcp-options-set-options", uuid, "lease_time=43200", "router=10." + n + ".0.1",
                    "server_id=10." + n + ".0.1", "server_mac=fa:16:3e:00:00:01", "mtu=1450"));
            dhcp.add(uuid);
        }
        List<String> batch = new ArrayList<>();
        int i = 0;
        for (int h = 0; h < hosts; h++) {
            for (int p = 0; p < perHost; p++, i++) {
                int n = i % networks;
                String name = portName(h, p);
                String mac = mac(n, h, p);
                String ip = "10." + n + "." + (2 + h) + "." + (2 + p);
                Collections.addAll(batch, "--", "lsp-add", "neutron-net" + n, name,
                        "--", "lsp-set-addresses", name, mac + " " + ip,
                        "--", "lsp-set-port-security", name, mac + " " + ip,
                        "--", "lsp-set-dhcpv4-options", name, dhcp.get(n));
                if (batch.size() >= 1000) {
                    nbctl(db, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            nbctl(db, batch);
        }
    }
}
