package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.vifd.agent.intent.AllowedAddressPair;
import org.vifd.agent.intent.ExtraDhcpOpt;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.HostRoute;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.ovsdb.value.Uuid;

/**
 * The mapping of Northbound rows shaped as Neutron's ML2/OVN driver writes them (neutron/common/ovn and
 * ovn_client.py: switch {@code neutron-<id>} with {@code neutron:network_name}/{@code neutron:mtu}, localnet
 * {@code provnet-<segment>}, DHCP_Options with {@code subnet_id}). The real-peer version is
 * {@link OvnNbIntentSourceSandboxTest}, populated by ovn-nbctl.
 */
class OvnNbMapperTest {
    private static final String NET = "6b1b6c0b-0000-4000-8000-000000000001";
    private static final String SUBNET = "5d0c1b6a-0000-4000-8000-0000000000aa";

    private static Map<String, String> neutronDhcp(String serverId) {
        return Map.of("server_id", serverId, "server_mac", "fa:16:3e:00:00:01", "lease_time", "43200",
                "mtu", "1442", "router", "10.0.0.1", "dns_server", "{8.8.8.8, 1.1.1.1}",
                "domain_name", "\"openstacklocal\"",
                "classless_static_route", "{169.254.169.254/32,10.0.0.2, 0.0.0.0/0,10.0.0.1}");
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void neutronVlanNetworkPortAndSubnetAreMapped() throws Exception {
        NbRows nb = new NbRows();
        Uuid dhcp = nb.dhcpOptions("10.0.0.0/24", neutronDhcp("10.0.0.1"), Map.of("subnet_id", SUBNET));
        Uuid ln = nb.localnet("provnet-seg1", "physnet1", 101L);
        Uuid vm = nb.vmPort("p1", "fa:16:3e:aa:bb:cc 10.0.0.5", "fa:16:3e:aa:bb:cc 10.0.0.5", null, dhcp,
                Map.of("neutron:device_owner", "compute:nova"));
        nb.lswitch("neutron-" + NET, Map.of("neutron:network_name", "private", "neutron:mtu", "1450"), ln, vm);

        MappingResult r = nb.map();

        assertThat(r.problems()).isEmpty();
        Intent i = r.intent();
        assertThat(i.networks()).containsExactly(new Network(NET, "private", NetworkType.VLAN, "physnet1", 101, 1450, true));
        assertThat(i.subnets()).containsExactly(new Subnet(SUBNET, NET, IpPrefix.parse("10.0.0.0/24"),
                Optional.of(ip("10.0.0.1")), List.of(ip("8.8.8.8"), ip("1.1.1.1")),
                List.of(new HostRoute(IpPrefix.parse("169.254.169.254/32"), ip("10.0.0.2"))), true, 4));
        assertThat(i.ports()).as("server_id is the gateway: no DHCP identity port").hasSize(1);
        Port p = i.port("p1").orElseThrow();
        assertThat(p.networkId()).isEqualTo(NET);
        assertThat(p.macAddress()).isEqualTo(MacAddress.parse("fa:16:3e:aa:bb:cc"));
        assertThat(p.fixedIps()).containsExactly(new FixedIp(SUBNET, ip("10.0.0.5")));
        assertThat(p.adminStateUp()).isTrue();
        assertThat(p.portSecurityEnabled()).isTrue();
        assertThat(p.allowedAddressPairs()).isEmpty();
        assertThat(p.deviceOwner()).isEqualTo("compute:nova");
        assertThat(p.extraDhcpOpts()).containsExactly(new ExtraDhcpOpt("domain-name", "openstacklocal", 4),
                new ExtraDhcpOpt("lease-time", "43200", 4));
    }

    @Test
    void serverIdOtherThanTheGatewayBecomesTheSubnetsDhcpPort() {
        NbRows nb = new NbRows();
        Uuid dhcp = nb.dhcpOptions("10.0.0.0/24", neutronDhcp("10.0.0.2"), Map.of("subnet_id", SUBNET));
        Uuid ln = nb.localnet("provnet-seg1", "physnet1", null);
        Uuid vm = nb.vmPort("p1", "fa:16:3e:aa:bb:cc 10.0.0.5", "fa:16:3e:aa:bb:cc 10.0.0.5", null, dhcp, Map.of());
        nb.lswitch("neutron-" + NET, Map.of(), ln, vm);

        Intent i = nb.map().intent();

        assertThat(i.network(NET).orElseThrow().networkType()).as("no tag: flat").isEqualTo(NetworkType.FLAT);
        Port server = i.port(OvnNbMapper.DHCP_PORT_PREFIX + SUBNET).orElseThrow();
        assertThat(server.deviceOwner()).isEqualTo("network:dhcp");
        assertThat(server.macAddress()).isEqualTo(MacAddress.parse("fa:16:3e:00:00:01"));
        assertThat(server.fixedIps()).extracting(FixedIp::ipAddress).extracting(InetAddress::getHostAddress)
                .containsExactly("10.0.0.2");
        assertThat(i.network(NET).orElseThrow().mtu()).as("no neutron:mtu: the DHCP mtu").isEqualTo(1442);
    }

    @Test
    void adminStateSecurityAndAllowedAddressPairs() {
        NbRows nb = new NbRows();
        Uuid ln = nb.localnet("ln", "physnet1", 7L);
        Uuid off = nb.vmPort("off", "fa:16:3e:00:00:02 10.0.0.6", null, false, null,
                Map.of("neutron:cidrs", "10.0.0.6/24"));
        Uuid pairs = nb.vmPort("pairs", "fa:16:3e:00:00:03 10.0.0.7",
                "fa:16:3e:00:00:03 10.0.0.7 10.0.0.100 192.168.0.0/16", true, null,
                Map.of("neutron:cidrs", "10.0.0.7/24"));
        nb.lswitch("sw", Map.of(), ln, off, pairs);

        MappingResult r = nb.map();

        assertThat(r.problems()).isEmpty();
        Port p = r.intent().port("off").orElseThrow();
        assertThat(p.adminStateUp()).isFalse();
        assertThat(p.portSecurityEnabled()).isFalse();
        assertThat(r.intent().network("sw")).as("a switch not named by Neutron keeps its name as id").isPresent();
        assertThat(r.intent().subnet(p.fixedIps().get(0).subnetId()).orElseThrow().enableDhcp())
                .as("subnet from neutron:cidrs has no DHCP").isFalse();
        Port q = r.intent().port("pairs").orElseThrow();
        assertThat(q.allowedAddressPairs()).extracting(AllowedAddressPair::ipAddress).extracting(IpPrefix::toString)
                .containsExactlyInAnyOrder("10.0.0.100/32", "192.168.0.0/16");
    }

    @Test
    void aSwitchWithoutLocalnetIsAProblemAndTheRestStillMaps() {
        NbRows nb = new NbRows();
        Uuid tunnelled = nb.vmPort("t1", "fa:16:3e:00:00:04 10.1.0.4", null, null, null,
                Map.of("neutron:cidrs", "10.1.0.4/24"));
        nb.lswitch("neutron-geneve", Map.of(), tunnelled);
        Uuid ln = nb.localnet("ln", "physnet1", 5L);
        Uuid ok = nb.vmPort("ok", "fa:16:3e:00:00:05 10.0.0.5", null, null, null,
                Map.of("neutron:cidrs", "10.0.0.5/24"));
        nb.lswitch("neutron-vlan", Map.of(), ln, ok);

        MappingResult r = nb.map();

        assertThat(r.intent().ports()).extracting(Port::id).containsExactly("ok");
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.row()).isEqualTo("neutron-geneve");
            assertThat(p.reason()).contains("no localnet port");
            assertThat(p.pending()).isFalse();
        });
        assertThat(r.hasPending()).isFalse();
    }

    @Test
    void portsWhoseRowsAreNotHereYetArePendingAndLeftOut() {
        NbRows nb = new NbRows();
        Uuid missingDhcp = nb.uuid();
        nb.vmPort("noswitch", "fa:16:3e:00:00:06 10.0.0.6", null, null, null, Map.of());
        Uuid ln = nb.localnet("ln", "physnet1", 5L);
        Uuid waiting = nb.vmPort("nodhcp", "fa:16:3e:00:00:07 10.0.0.7", null, null, missingDhcp, Map.of());
        nb.lswitch("sw", Map.of(), ln, waiting);

        MappingResult r = nb.map();

        assertThat(r.intent().ports()).isEmpty();
        assertThat(r.hasPending()).isTrue();
        assertThat(r.problems()).filteredOn(MappingProblem::pending).extracting(MappingProblem::row)
                .containsExactlyInAnyOrder("noswitch", "nodhcp");
    }

    @Test
    void aPendingPortKeepsItsPreviousVersion() {
        NbRows full = new NbRows();
        Uuid dhcp = full.dhcpOptions("10.0.0.0/24", neutronDhcp("10.0.0.1"), Map.of("subnet_id", SUBNET));
        Uuid ln = full.localnet("ln", "physnet1", 5L);
        Uuid vm = full.vmPort("p1", "fa:16:3e:aa:bb:cc 10.0.0.5", null, null, dhcp, Map.of());
        Uuid sw = full.lswitch("sw", Map.of("neutron:mtu", "1442"), ln, vm);
        Intent before = full.map().intent();
        // The port now points at a DHCP_Options row the replica has not received yet.
        full.ports.put(vm, new NbRows().vmPortRow(vm, "p1", "fa:16:3e:aa:bb:cc 10.0.0.5", Uuid.random()));

        MappingResult pending = full.map();
        Intent kept = OvnNbIntentSource.keepPending(pending, before, Set.of("p1"));
        Intent unplugged = OvnNbIntentSource.keepPending(pending, before, Set.of());

        assertThat(pending.intent().ports()).isEmpty();
        assertThat(kept).isEqualTo(before);
        assertThat(unplugged.ports()).as("no longer plugged here: not kept").isEmpty();
        assertThat(sw).isNotNull();
    }

    @Test
    void badValuesAreProblemsNotExceptions() {
        NbRows nb = new NbRows();
        Uuid dhcp = nb.dhcpOptions("not-a-cidr", Map.of(), Map.of());
        Uuid ln = nb.localnet("ln", null, null);
        Uuid vm = nb.vmPort("p1", "zz:zz 10.0.0.5", null, null, dhcp, Map.of());
        nb.lswitch("sw", Map.of("neutron:mtu", "huge"), ln, vm);

        MappingResult r = nb.map();

        assertThat(r.intent().ports()).isEmpty();
        assertThat(r.problems()).extracting(MappingProblem::reason)
                .anyMatch(s -> s.contains("options:network_name"));
    }

    @Property(tries = 300)
    void hostileValuesNeverThrow(@ForAll @StringLength(max = 40) String addresses, @ForAll @StringLength(max = 20) String cidr,
                                 @ForAll @StringLength(max = 30) String option, @ForAll @StringLength(max = 12) String mtu) {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            NbRows nb = new NbRows();
            Uuid dhcp = nb.dhcpOptions(cidr, Map.of("router", option, "dns_server", option,
                    "classless_static_route", option, "server_id", option, "server_mac", option, "lease_time", option,
                    option.isEmpty() ? "x" : option, option), Map.of());
            Uuid ln = nb.localnet("ln", option, 4095L);
            Uuid vm = nb.vmPort(addresses.isEmpty() ? "p" : addresses, addresses, addresses, null, dhcp,
                    Map.of("neutron:cidrs", addresses));
            nb.lswitch(option, Map.of("neutron:mtu", mtu), ln, vm);
            MappingResult r = nb.map();
            assertThat(r.intent()).isNotNull();
        });
    }

    @Test
    void optionValuesInOvnTextForm() {
        assertThat(OvnOptionValue.items("{8.8.8.8, 1.1.1.1}")).containsExactly("8.8.8.8", "1.1.1.1");
        assertThat(OvnOptionValue.items("10.0.0.1")).containsExactly("10.0.0.1");
        assertThat(OvnOptionValue.string("\"open\\\"stack\"")).isEqualTo("open\"stack");
        assertThat(OvnOptionValue.dnsmasqForm("{10.0.0.3, 10.0.0.4}")).isEqualTo("10.0.0.3,10.0.0.4");
        assertThat(OvnOptionValue.dnsmasqForm("\"pxelinux.0\"")).isEqualTo("pxelinux.0");
    }
}
