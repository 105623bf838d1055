package org.vifd.bench.dhcp;

import java.util.ArrayList;
import java.util.List;

import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentParser;
import org.vifd.agent.intent.InvalidIntentException;

/**
 * The hosts every contender serves, rendered in each one's own form: a vifd intent (Neutron API shapes), a
 * dnsmasq hosts file and options file as neutron-dhcp-agent writes them, OVN Logical_Switch_Ports with DHCP_Options.
 * One subnet with gateway {@code .1}, the DHCP port at {@code .2}, DNS 20.20.20.53 and 8.8.8.8, one host route,
 * MTU 1400, domain openstacklocal, lease 86400 s.
 *
 * @param cidr    the subnet, e.g. 20.20.20.0/24
 * @param netmask its mask in dotted form (dnsmasq's --dhcp-range)
 * @param gateway the router address
 * @param server  the DHCP port's address (vifd's and dnsmasq's server identifier)
 * @param hosts   the ports
 */
record ServedHosts(String cidr, String netmask, String gateway, String server, List<Host> hosts) {
    static final String SERVER_MAC = "fa:16:3e:00:00:02";
    static final String NETWORK = "net1";
    static final String SUBNET = "sub1";

    record Host(String portId, String mac, String ip) {
        String hostname() {
            return "host-" + ip.replace('.', '-');
        }
    }

    ServedHosts {
        hosts = List.copyOf(hosts);
    }

    /** The same, with one host's address changed. */
    ServedHosts withAddress(String portId, String ip) {
        List<Host> changed = new ArrayList<>(hosts.size());
        for (Host h : hosts) {
            changed.add(h.portId().equals(portId) ? new Host(h.portId(), h.mac(), ip) : h);
        }
        return new ServedHosts(cidr, netmask, gateway, server, changed);
    }

    String network() {
        return cidr.substring(0, cidr.indexOf('/'));
    }

    int prefixLength() {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    String intentJson() {
        StringBuilder ports = new StringBuilder();
        ports.append("{\"id\": \"dhcp-port\", \"network_id\": \"").append(NETWORK).append("\", \"mac_address\": \"")
                .append(SERVER_MAC).append("\", \"device_owner\": \"network:dhcp\", \"fixed_ips\": [{\"subnet_id\": \"")
                .append(SUBNET).append("\", \"ip_address\": \"").append(server).append("\"}]}");
        for (Host h : hosts) {
            ports.append(", {\"id\": \"").append(h.portId()).append("\", \"network_id\": \"").append(NETWORK)
                    .append("\", \"mac_address\": \"").append(h.mac())
                    .append("\", \"device_owner\": \"compute:nova\", \"fixed_ips\": [{\"subnet_id\": \"")
                    .append(SUBNET).append("\", \"ip_address\": \"").append(h.ip()).append("\"}]}");
        }
        return "{\"networks\": [{\"id\": \"" + NETWORK + "\", \"name\": \"n1\", \"provider:network_type\": \"flat\","
                + " \"provider:physical_network\": \"physnet1\", \"mtu\": 1400}],"
                + " \"subnets\": [{\"id\": \"" + SUBNET + "\", \"network_id\": \"" + NETWORK + "\","
                + " \"cidr\": \"" + cidr + "\", \"ip_version\": 4, \"gateway_ip\": \"" + gateway + "\","
                + " \"dns_nameservers\": [\"20.20.20.53\", \"8.8.8.8\"],"
                + " \"host_routes\": [{\"destination\": \"10.10.0.0/16\", \"nexthop\": \"" + gateway + "\"}],"
                + " \"enable_dhcp\": true}],"
                + " \"ports\": [" + ports + "]}";
    }

    Intent intent() {
        return intent(intentJson());
    }

    /** {@link #intentJson} text parsed as the file source parses it. */
    Intent intent(String json) {
        try {
            return IntentParser.parse(json, IntentParser.Format.JSON, "dhcp-bench-intent.json");
        } catch (InvalidIntentException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * neutron-dhcp-agent's host file line for a port without extra_dhcp_opts: {@code MAC,HOSTNAME.DOMAIN.,IP}
     * (the agent adds {@code set:port-ID} only for ports with extra options).
     */
    String dnsmasqHosts() {
        StringBuilder b = new StringBuilder(hosts.size() * 64);
        for (Host h : hosts) {
            b.append(h.mac()).append(',').append(h.hostname()).append(".openstacklocal.,").append(h.ip())
                    .append('\n');
        }
        return b.toString();
    }

    /** neutron-dhcp-agent's options file for the subnet's tag. */
    String dnsmasqOpts() {
        String routes = "10.10.0.0/16," + gateway + ",0.0.0.0/0," + gateway;
        return "tag:tag0,option:dns-server,20.20.20.53,8.8.8.8\n"
                + "tag:tag0,option:classless-static-route," + routes + "\n"
                + "tag:tag0,249," + routes + "\n"
                + "tag:tag0,option:router," + gateway + "\n";
    }

    /** {@code ovn-nbctl create DHCP_Options} arguments with the same options. */
    List<String> ovnDhcpOptions() {
        return List.of("create", "DHCP_Options", "cidr=" + cidr, "options:lease_time=86400",
                "options:router=" + gateway, "options:server_id=" + server, "options:server_mac=" + SERVER_MAC,
                "options:dns_server={20.20.20.53,8.8.8.8}", "options:domain_name=\"\\\"openstacklocal\\\"\"" /* ovsdb string inside a quoted arg */,
                "options:mtu=1400", "options:classless_static_route={10.10.0.0/16," + gateway + ",0.0.0.0/0,"
                        + gateway + "}");
    }
}
