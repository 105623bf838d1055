package org.vifd.agent.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vifd.openflow.packet.MacAddress;

class IntentParserTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String NET = "5f0a5a8e-8c3a-4a4e-9b1e-0d4f2b7c0a01";
    static final String SUB = "9e1c2d3f-0000-4000-8000-000000000001";

    static String fixture(String name) throws IOException {
        try (InputStream in = IntentParserTest.class.getResourceAsStream("/intent/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A valid one-network intent with {@code ports} spliced in as the ports list. */
    static String withPorts(String ports) {
        return """
                {"networks": [{"id": "%s", "provider:network_type": "vlan", "provider:physical_network": "physnet1",
                               "provider:segmentation_id": 100}],
                 "subnets": [{"id": "%s", "network_id": "%s", "cidr": "10.1.0.0/24", "gateway_ip": "10.1.0.1"}],
                 "ports": [%s]}
                """.formatted(NET, SUB, NET, ports);
    }

    static List<String> errors(String json) {
        try {
            IntentParser.parse(json, IntentParser.Format.JSON, "intent.json");
        } catch (InvalidIntentException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsEveryNeutronFieldOfTheFixture() throws Exception {
        Intent i = IntentParser.parse(fixture("two-networks.json"), IntentParser.Format.JSON, "two-networks.json");
        assertThat(i.networks()).hasSize(2);
        Network prod = i.network(NET).orElseThrow();
        assertThat(prod).isEqualTo(new Network(NET, "prod", NetworkType.VLAN, "physnet1", 100, 1500, true));
        Network ext = i.network("5f0a5a8e-8c3a-4a4e-9b1e-0d4f2b7c0a02").orElseThrow();
        assertThat(ext.isFlat()).isTrue();
        assertThat(ext.segmentationId()).isZero();
        assertThat(ext.mtu()).as("default").isEqualTo(1500);

        Subnet s = i.subnet(SUB).orElseThrow();
        assertThat(s.cidr()).hasToString("10.1.0.0/24");
        assertThat(s.gatewayIp()).contains(IpAddresses.parse("10.1.0.1"));
        assertThat(s.dnsNameservers()).containsExactly(IpAddresses.parse("10.1.0.2"),
                IpAddresses.parse("2001:db8::53"));
        assertThat(s.hostRoutes()).containsExactly(new HostRoute(IpPrefix.parse("192.168.0.0/16"),
                IpAddresses.parse("10.1.0.254")));
        assertThat(s.enableDhcp()).isTrue();
        assertThat(s.ipVersion()).isEqualTo(4);
        Subnet noGw = i.subnet("9e1c2d3f-0000-4000-8000-000000000002").orElseThrow();
        assertThat(noGw.gatewayIp()).isEmpty();
        assertThat(noGw.enableDhcp()).isFalse();
        assertThat(i.subnet("9e1c2d3f-0000-4000-8000-000000000003").orElseThrow().ipVersion()).isEqualTo(6);
        assertThat(i.subnetsOf(NET)).extracting(Subnet::id).containsExactly(SUB,
                "9e1c2d3f-0000-4000-8000-000000000003");

        Port p = i.port("8a61c8d0-1111-4111-8111-000000000001").orElseThrow();
        assertThat(p.macAddress()).isEqualTo(MacAddress.parse("fa:16:3e:00:00:01"));
        assertThat(p.fixedIps()).containsExactly(new FixedIp(SUB, IpAddresses.parse("10.1.0.11")),
                new FixedIp("9e1c2d3f-0000-4000-8000-000000000003", IpAddresses.parse("2001:db8:1::11")));
        assertThat(p.allowedAddressPairs()).containsExactly(
                new AllowedAddressPair(IpPrefix.parse("10.1.0.100/32"), MacAddress.parse("00:00:5e:00:01:07")),
                new AllowedAddressPair(IpPrefix.parse("10.1.0.128/25"), p.macAddress()));
        assertThat(p.extraDhcpOpts()).containsExactly(new ExtraDhcpOpt("bootfile-name", "pxelinux.0", 4),
                new ExtraDhcpOpt("26", "1450", 4));
        assertThat(p.deviceOwner()).isEqualTo("compute:nova");
        assertThat(p.adminStateUp()).isTrue();
        assertThat(p.portSecurityEnabled()).isTrue();
        Port down = i.port("8a61c8d0-1111-4111-8111-000000000002").orElseThrow();
        assertThat(down.adminStateUp()).isFalse();
        assertThat(down.portSecurityEnabled()).isFalse();
        assertThat(down.deviceOwner()).isEmpty();
        assertThat(i.portsOf(NET)).containsExactly(p);
        assertThat(i.portsOf("nope")).isEmpty();
    }

    @Test
    void yamlAndJsonOfTheSameIntentAreEqual() throws Exception {
        Intent json = IntentParser.parse(fixture("two-networks.json"), IntentParser.Format.JSON, "a");
        Intent yaml = IntentParser.parse(fixture("two-networks.yaml"), IntentParser.Format.YAML, "b");
        assertThat(yaml).isEqualTo(json).hasSameHashCodeAs(json);
    }

    @Test
    void anErrorNamesTheListIndexTheIdAndTheField() {
        assertThatThrownBy(() -> IntentParser.parse(withPorts("""
                {"id": "p0", "network_id": "%s", "mac_address": "fa:16:3e:00:00:01"},
                {"id": "8a61c8d0-1111-4111-8111-000000000001", "network_id": "%s", "mac_address": "zz"}
                """.formatted(NET, NET)), IntentParser.Format.JSON, "intent.json"))
                .isInstanceOfSatisfying(InvalidIntentException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("intent.json: ports[1] (id 8a61c8d0-1111-4111-8111-"
                            + "000000000001): mac_address: \"zz\" is not a MAC");
                    assertThat(e.source()).isEqualTo("intent.json");
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"mac_address\": \"01:00:5e:00:00:01\"                 | mac_address: \"01:00:5e:00:00:01\" is not a unicast MAC",
            "\"mac_address\": 5                                     | mac_address: expected a non-empty string, got 5",
            "\"network_id\": \"other\"                              | network_id: \"other\" is not a network in this intent",
            "\"fixed_ips\": [{\"subnet_id\": \"s9\", \"ip_address\": \"10.1.0.5\"}]       | fixed_ips[0].subnet_id: \"s9\" is not a subnet in this intent",
            "\"fixed_ips\": [{\"subnet_id\": \"SUB\", \"ip_address\": \"10.2.0.5\"}]      | fixed_ips[0].ip_address: \"10.2.0.5\" is outside subnet SUB (10.1.0.0/24)",
            "\"fixed_ips\": [{\"subnet_id\": \"SUB\", \"ip_address\": \"10.1.0.256\"}]    | fixed_ips[0].ip_address: \"10.1.0.256\" is not an IP address",
            "\"fixed_ips\": [{\"subnet_id\": \"SUB\"}]                                    | fixed_ips[0].ip_address: missing",
            "\"fixed_ips\": {}                                      | fixed_ips: expected a list, got {}",
            "\"admin_state_up\": \"yes\"                            | admin_state_up: expected true or false, got \"yes\"",
            "\"allowed_address_pairs\": [{\"ip_address\": \"10.1.0.5/24\"}]             | allowed_address_pairs[0].ip_address: \"10.1.0.5/24\" has host bits set",
            "\"allowed_address_pairs\": [{\"ip_address\": \"x\", \"mac_address\": \"fa:16:3e:00:00:09\"}] | allowed_address_pairs[0].ip_address: \"x\" is not an IP address or CIDR",
            "\"extra_dhcp_opts\": [{\"opt_value\": \"1\"}]          | extra_dhcp_opts[0].opt_name: missing",
            "\"extra_dhcp_opts\": [{\"opt_name\": \"mtu\", \"opt_value\": \"1\", \"ip_version\": 5}] | extra_dhcp_opts[0].ip_version: 5 is neither 4 nor 6",
            "\"device_owner\": []                                   | device_owner: expected a string, got []"})
    void eachBadPortFieldIsNamed(String field, String expected) {
        ObjectNode port = JSON.createObjectNode().put("id", "p1").put("network_id", NET)
                .put("mac_address", "fa:16:3e:00:00:01");
        try {
            port.setAll((ObjectNode) JSON.readTree("{" + field.replace("SUB", SUB) + "}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(errors(withPorts(port.toString()))).containsExactly("ports[0] (id p1): " + expected.replace("SUB", SUB));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"provider:network_type\": \"vxlan\", \"provider:physical_network\": \"p\"                  | provider:network_type: \"vxlan\" is not supported (vlan or flat)",
            "\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"p\"                   | provider:segmentation_id: missing: a vlan network needs its VLAN id (1-4094)",
            "\"provider:network_type\": \"vlan\", \"provider:physical_network\": \"p\", \"provider:segmentation_id\": 4095 | provider:segmentation_id: 4095 is not a VLAN id (1-4094)",
            "\"provider:network_type\": \"flat\", \"provider:physical_network\": \"p\", \"provider:segmentation_id\": 5    | provider:segmentation_id: 5 given for a flat network (must be null)",
            "\"provider:network_type\": \"flat\"                                                         | provider:physical_network: missing",
            "\"provider:network_type\": \"flat\", \"provider:physical_network\": \"p\", \"mtu\": 40      | mtu: 40 is not an MTU (68-65535)",
            "\"provider:network_type\": \"flat\", \"provider:physical_network\": \"p\", \"mtu\": 1.5     | mtu: expected an integer, got 1.5"})
    void eachBadNetworkFieldIsNamed(String fields, String expected) {
        assertThat(errors("{\"networks\": [{\"id\": \"n1\", " + fields + "}]}"))
                .containsExactly("networks[0] (id n1): " + expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"cidr\": \"10.1.0.5/24\"                              | cidr: \"10.1.0.5/24\" has host bits set (10.1.0.0/24 was probably meant)",
            "\"cidr\": \"10.1.0.0\"                                 | cidr: \"10.1.0.0\" has no prefix length",
            "\"cidr\": \"10.1.0.0/33\"                              | cidr: \"10.1.0.0/33\" is not a CIDR",
            "\"cidr\": \"10.1.0.0/24\", \"ip_version\": 6           | ip_version: 6 does not match cidr 10.1.0.0/24",
            "\"cidr\": \"10.1.0.0/24\", \"gateway_ip\": \"10.2.0.1\" | gateway_ip: \"10.2.0.1\" is outside cidr 10.1.0.0/24",
            "\"cidr\": \"10.1.0.0/24\", \"dns_nameservers\": [\"8.8.8.8\", \"dns.example\"] | dns_nameservers[1]: \"dns.example\" is not an IP address",
            "\"cidr\": \"10.1.0.0/24\", \"host_routes\": [{\"destination\": \"0.0.0.0/0\"}] | host_routes[0].nexthop: missing",
            "\"cidr\": \"10.1.0.0/24\", \"host_routes\": [{\"destination\": \"::/0\", \"nexthop\": \"10.1.0.1\"}] | host_routes[0]: IP version differs from the subnet's (IPv4)"})
    void eachBadSubnetFieldIsNamed(String fields, String expected) {
        String json = "{\"networks\": [{\"id\": \"n1\", \"provider:network_type\": \"flat\", "
                + "\"provider:physical_network\": \"p\"}], \"subnets\": [{\"id\": \"s1\", \"network_id\": \"n1\", "
                + fields + "}]}";
        assertThat(errors(json)).containsExactly("subnets[0] (id s1): " + expected);
    }

    @Test
    void everyErrorIsReportedNotOnlyTheFirst() {
        List<String> errs = errors(withPorts("""
                {"id": "p1", "network_id": "%s", "mac_address": "fa:16:3e:00:00:01",
                 "fixed_ips": [{"subnet_id": "%s", "ip_address": "10.1.0.5"}]},
                {"id": "p1", "network_id": "%s", "mac_address": "fa:16:3e:00:00:02"},
                {"id": "p2", "network_id": "%s", "mac_address": "FA:16:3E:00:00:01"},
                {"id": "p3", "network_id": "%s", "mac_address": "fa:16:3e:00:00:03",
                 "fixed_ips": [{"subnet_id": "%s", "ip_address": "10.1.0.5"}]},
                {"network_id": "%s", "mac_address": "fa:16:3e:00:00:04"},
                "not an object"
                """.formatted(NET, SUB, NET, NET, NET, SUB, NET)));
        assertThat(errs).containsExactly(
                "ports[1] (id p1): id: \"p1\" is used by an earlier entry",
                "ports[2] (id p2): mac_address: \"fa:16:3e:00:00:01\" is already used by port p1 on network " + NET,
                "ports[3] (id p3): fixed_ips[0].ip_address: \"10.1.0.5\" is already used by port p1 on subnet "
                        + SUB,
                "ports[4]: id: missing",
                "ports[5]: expected an object, got \"not an object\"");
    }

    @Test
    void theTopLevelIsChecked() throws Exception {
        assertThat(errors("[]")).containsExactly("intent: expected an object with networks, subnets and ports, "
                + "got []");
        assertThat(errors("{\"port\": []}")).containsExactly("port: unknown key (known: networks, subnets, ports)");
        assertThat(errors("{\"ports\": {}}")).containsExactly("ports: expected a list, got {}");
        assertThat(errors("{\"ports\": [], \"ports\": []}")).singleElement().asString()
                .contains("line 1").contains("Duplicate field 'ports'");
        assertThat(errors("{\"ports\": [")).singleElement().asString().startsWith("line 1, column");
        assertThatThrownBy(() -> IntentParser.parse("", IntentParser.Format.YAML, "x.yaml"))
                .hasMessageStartingWith("x.yaml: empty");
        assertThat(IntentParser.parse("{}", IntentParser.Format.JSON, "x")).isEqualTo(Intent.EMPTY);
    }

    @Test
    void errorListsAreCut() {
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            ports.append(i == 0 ? "" : ",").append("{\"id\": \"p").append(i).append("\"}");
        }
        List<String> errs = errors("{\"ports\": [" + ports + "]}");
        assertThat(errs).hasSize(IntentParser.MAX_ERRORS + 1).last().asString().startsWith("too many errors");
    }

    /** Fuzz: any text, JSON or YAML, parses or fails with InvalidIntentException, quickly. */
    @Property(tries = 300)
    void anyTextIsParsedOrRejectedNeverCrashes(@ForAll @StringLength(max = 300) String noise,
                                               @ForAll @IntRange(min = 0, max = 400) int cut) throws Exception {
        String valid = fixture("two-networks.json");
        String[] inputs = {noise, valid.substring(0, Math.min(cut * 4, valid.length())) + noise,
                valid.replace(noise.isEmpty() ? "x" : noise.substring(0, 1), "")};
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String in : inputs) {
                for (IntentParser.Format f : IntentParser.Format.values()) {
                    try {
                        IntentParser.parse(in, f, "fuzz");
                    } catch (InvalidIntentException e) {
                        assertThat(e.errors()).isNotEmpty();
                    }
                }
            }
        });
    }
}
