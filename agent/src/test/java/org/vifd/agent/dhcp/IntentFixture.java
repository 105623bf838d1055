package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.List;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentParser;
import org.vifd.agent.intent.InvalidIntentException;

/**
 * An intent in Neutron's API shapes for the DHCP tests: network {@code net1} (flat, MTU 1400) with subnet
 * {@code sub1} 20.20.20.0/24 (gateway .1, DNS 20.20.20.53 and 8.8.8.8, host route 10.10.0.0/16 via .254), its
 * {@code network:dhcp} port at .2 (MAC fa:16:3e:00:00:02) unless left out, and the VM ports added.
 */
final class IntentFixture {
    static final String NETWORK = "net1";
    static final String SUBNET = "sub1";
    static final String SERVER_IP = "20.20.20.2";
    static final String SERVER_MAC = "fa:16:3e:00:00:02";
    static final String GATEWAY = "20.20.20.1";

    private final List<String> ports = new ArrayList<>();
    private boolean dhcpPort = true;

    IntentFixture withoutDhcpPort() {
        dhcpPort = false;
        return this;
    }

    IntentFixture port(String id, String mac, String ip) {
        return port(id, mac, ip, "");
    }

    /** @param extra more JSON members of the port ({@code "extra_dhcp_opts": [...]}), with a leading comma */
    IntentFixture port(String id, String mac, String ip, String extra) {
        ports.removeIf(p -> p.contains("\"id\": \"" + id + "\""));
        ports.add("{\"id\": \"" + id + "\", \"network_id\": \"" + NETWORK + "\", \"mac_address\": \"" + mac
                + "\", \"device_owner\": \"compute:nova\", \"fixed_ips\": [{\"subnet_id\": \"" + SUBNET
                + "\", \"ip_address\": \"" + ip + "\"}]" + extra + "}");
        return this;
    }

    IntentFixture remove(String id) {
        ports.removeIf(p -> p.contains("\"id\": \"" + id + "\""));
        return this;
    }

    String json() {
        List<String> all = new ArrayList<>(ports);
        if (dhcpPort) {
            all.add(0, "{\"id\": \"dhcp-port\", \"network_id\": \"" + NETWORK + "\", \"mac_address\": \"" + SERVER_MAC
                    + "\", \"device_owner\": \"network:dhcp\", \"fixed_ips\": [{\"subnet_id\": \"" + SUBNET
                    + "\", \"ip_address\": \"" + SERVER_IP + "\"}]}");
        }
        return "{\"networks\": [{\"id\": \"" + NETWORK + "\", \"name\": \"n1\", \"provider:network_type\": \"flat\","
                + " \"provider:physical_network\": \"physnet1\", \"mtu\": 1400}],"
                + " \"subnets\": [{\"id\": \"" + SUBNET + "\", \"network_id\": \"" + NETWORK + "\","
                + " \"cidr\": \"20.20.20.0/24\", \"ip_version\": 4, \"gateway_ip\": \"" + GATEWAY + "\","
                + " \"dns_nameservers\": [\"20.20.20.53\", \"8.8.8.8\"],"
                + " \"host_routes\": [{\"destination\": \"10.10.0.0/16\", \"nexthop\": \"20.20.20.254\"}],"
                + " \"enable_dhcp\": true}],"
                + " \"ports\": [" + String.join(", ", all) + "]}";
    }

    Intent intent() {
        try {
            return IntentParser.parse(json(), IntentParser.Format.JSON, "test-intent.json");
        } catch (InvalidIntentException e) {
            throw new AssertionError(e);
        }
    }
}
