package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vifd.agent.config.AgentConfig;
import org.vifd.dhcp.ClasslessRoute;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.MacAddress;
import org.vifd.dhcp.PortBinding;
import org.vifd.dhcp.Subnet;

class DhcpBindingsBuilderTest {
    final DhcpPortKeys keys = new DhcpPortKeys();

    DhcpBindingsBuilder.Result build(IntentFixture f, Map<String, Long> wired, DhcpSettings settings) {
        return DhcpBindingsBuilder.build(f.intent(), wired, keys, settings);
    }

    @Test
    void aWiredPortGetsItsAddressAndTheSubnetAsNeutronDescribesIt() {
        IntentFixture f = new IntentFixture().port("vm1", "fa:16:3e:00:01:04", "20.20.20.4");
        DhcpBindingsBuilder.Result r = build(f, Map.of("vm1", 3L), DhcpSettings.DEFAULTS);
        assertThat(r.problems()).isEmpty();
        DhcpPort p = r.snapshot().ports().get(0);
        assertThat(p.ofport()).isEqualTo(3);
        assertThat(p.arpResponder()).isTrue();
        PortBinding b = p.binding();
        assertThat(b.ip()).isEqualTo(Ipv4Address.parse("20.20.20.4"));
        assertThat(b.mac()).isEqualTo(MacAddress.parse("fa:16:3e:00:01:04"));
        assertThat(b.effectiveHostname()).isEqualTo("host-20-20-20-4");
        Subnet s = b.subnet();
        assertThat(s.serverId()).isEqualTo(Ipv4Address.parse(IntentFixture.SERVER_IP));
        assertThat(s.serverMac()).isEqualTo(MacAddress.parse(IntentFixture.SERVER_MAC));
        assertThat(s.gateway()).isEqualTo(Ipv4Address.parse(IntentFixture.GATEWAY));
        assertThat(s.mtu()).isEqualTo(1400);
        assertThat(s.domain()).isEqualTo("openstacklocal");
        assertThat(s.leaseTime()).isEqualTo(Duration.ofDays(1));
        assertThat(s.dnsServers()).containsExactly(Ipv4Address.parse("20.20.20.53"), Ipv4Address.parse("8.8.8.8"));
        assertThat(s.hostRoutes()).containsExactly(ClasslessRoute.of("10.10.0.0/16", "20.20.20.254"));
        assertThat(r.snapshot().bindings().get(p.portKey())).contains(b);
    }

    @Test
    void withoutADhcpPortTheGatewayIsTheServerIdentifierAndArpIsLeftAlone() {
        IntentFixture f = new IntentFixture().withoutDhcpPort().port("vm1", "fa:16:3e:00:01:04", "20.20.20.4");
        DhcpPort p = build(f, Map.of("vm1", 3L), DhcpSettings.DEFAULTS.withMetadataRoute(true)).snapshot().ports()
                .get(0);
        assertThat(p.serverIp()).isEqualTo(Ipv4Address.parse(IntentFixture.GATEWAY));
        assertThat(p.serverMac()).isEqualTo(DhcpBindingsBuilder.GATEWAY_SERVER_MAC);
        assertThat(p.arpResponder()).isFalse();
        // A metadata route via the gateway would change nothing: only with a DHCP port.
        assertThat(p.binding().subnet().hostRoutes()).noneMatch(r -> r.destination().equals(DhcpBindingsBuilder.METADATA));
    }

    @Test
    void metadataRouteViaTheDhcpPortWhenConfigured() {
        IntentFixture f = new IntentFixture().port("vm1", "fa:16:3e:00:01:04", "20.20.20.4");
        assertThat(build(f, Map.of("vm1", 3L), DhcpSettings.DEFAULTS).snapshot().ports().get(0).binding().subnet()
                .hostRoutes()).doesNotContain(ClasslessRoute.of("169.254.169.254/32", IntentFixture.SERVER_IP));
        assertThat(build(f, Map.of("vm1", 3L), DhcpSettings.DEFAULTS.withMetadataRoute(true)).snapshot().ports()
                .get(0).binding().subnet().hostRoutes())
                .contains(ClasslessRoute.of("169.254.169.254/32", IntentFixture.SERVER_IP));
    }

    @Test
    void aBadExtraDhcpOptIsAProblemOfThatPortOnly() {
        IntentFixture f = new IntentFixture()
                .port("bad", "fa:16:3e:00:01:04", "20.20.20.4",
                        ", \"extra_dhcp_opts\": [{\"opt_name\": \"router\", \"opt_value\": \"not-an-address\"}]")
                .port("good", "fa:16:3e:00:01:05", "20.20.20.5",
                        ", \"extra_dhcp_opts\": [{\"opt_name\": \"bootfile-name\", \"opt_value\": \"pxelinux.0\"}]");
        DhcpBindingsBuilder.Result r = build(f, Map.of("bad", 3L, "good", 4L), DhcpSettings.DEFAULTS);
        assertThat(r.problems()).containsOnlyKeys("bad");
        assertThat(r.problems().get("bad")).contains("not-an-address");
        assertThat(r.snapshot().ports()).extracting(DhcpPort::portId).containsExactly("good");
    }

    @Test
    void portsNotWiredOrWithoutOfportAreNotServedAndTheirKeysAreFreed() {
        IntentFixture f = new IntentFixture().port("a", "fa:16:3e:00:01:04", "20.20.20.4")
                .port("b", "fa:16:3e:00:01:05", "20.20.20.5");
        build(f, Map.of("a", 3L, "b", 4L), DhcpSettings.DEFAULTS);
        assertThat(keys.size()).isEqualTo(2);
        DhcpBindingsBuilder.Result r = build(f, Map.of("a", 3L, "b", -1L, "ghost", 9L), DhcpSettings.DEFAULTS);
        assertThat(r.snapshot().ports()).extracting(DhcpPort::portId).containsExactly("a");
        assertThat(keys.peek("b")).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void theDhcpPortItselfIsNotServed() {
        IntentFixture f = new IntentFixture();
        assertThat(build(f, Map.of("dhcp-port", 3L), DhcpSettings.DEFAULTS).snapshot().size()).isZero();
    }

    @Test
    void settingsFromTheAgentConfigMapNeutronsInfiniteLease() {
        DhcpSettings s = DhcpSettings.from(new AgentConfig.Dhcp("example.org", -1), false);
        assertThat(s.leaseTime().getSeconds()).isEqualTo(0xffff_fffeL);
        assertThat(s.dnsDomain()).isEqualTo("example.org");
        assertThat(DhcpSettings.from(AgentConfig.DEFAULTS.dhcp(), false)).isEqualTo(DhcpSettings.DEFAULTS);
    }
}
