package org.vifd.agent.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vifd.agent.intent.AllowedAddressPair;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.IpAddresses;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;

/** Properties of the pipeline's output; what vswitchd makes of it is FlowPipelineSandboxTest's job. */
class FlowPipelineTest {
    static final Cookies COOKIES = new Cookies(0x12345678);
    static final FlowPipeline P = new FlowPipeline(COOKIES);
    static final MacAddress MAC = MacAddress.parse("fa:16:3e:00:00:01");
    static final MacAddress OTHER_MAC = MacAddress.parse("fa:16:3e:00:00:02");

    static Port port(boolean security, List<AllowedAddressPair> pairs, String... ips) {
        List<FixedIp> fixed = java.util.Arrays.stream(ips).map(ip -> new FixedIp("s", IpAddresses.parse(ip)))
                .toList();
        return new Port("p1", "n1", MAC, fixed, true, security, pairs, List.of(), "");
    }

    @Test
    void cookiesCarryRunPurposeAndKey() {
        long c = COOKIES.port(42);
        assertThat(Cookies.runOf(c)).isEqualTo(0x12345678);
        assertThat(Cookies.purposeOf(c)).contains(Cookies.Purpose.PORT);
        assertThat(Cookies.keyOf(c)).isEqualTo(42);
        assertThat(Cookies.purposeOf(COOKIES.network(7))).contains(Cookies.Purpose.NETWORK);
        assertThat(Cookies.keyOf(COOKIES.network(7))).isEqualTo(7);
        assertThat(Cookies.purposeOf(COOKIES.base())).contains(Cookies.Purpose.BASE);
        assertThat(Cookies.purposeOf(0)).as("a foreign flow").isEmpty();
        assertThat(COOKIES.isOwn(c)).isTrue();
        assertThat(new Cookies(0x12345679).isOwn(c)).isFalse();
        assertThat(Cookies.runOf(new Cookies(-1).base())).isEqualTo(-1);
        assertThatThrownBy(() -> new Cookies(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> COOKIES.port(1L << 28)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cookies.newRun(new SplittableRandom(1)).runId()).isNotZero();
    }

    @Test
    void baseFlowsDropByDefaultInEveryCheckingTableAndCarryTheBaseCookie() {
        List<FlowMod> base = P.integrationBase(List.of(5L, 3L));
        assertThat(base).allSatisfy(f -> assertThat(f.cookie()).isEqualTo(COOKIES.base()));
        for (int table : new int[] {Tables.CLASSIFY, Tables.ARP_CHECK, Tables.SOURCE_CHECK}) {
            assertThat(base).anySatisfy(f -> {
                assertThat(f.tableId()).isEqualTo(table);
                assertThat(f.priority()).isZero();
                assertThat(f.match().entries()).isEmpty();
                assertThat(f.instructions()).as("drop").isEmpty();
            });
        }
        assertThat(base).contains(P.canary());
        assertThat(P.canary().tableId()).isEqualTo(Tables.CANARY);
        assertThat(base).filteredOn(f -> f.match().inPort() >= 0).extracting(f -> f.match().inPort())
                .containsExactly(3L, 5L);
        assertThat(base).filteredOn(f -> f.tableId() == Tables.FORWARD).singleElement()
                .satisfies(f -> assertThat(f.instructions()).containsExactly(Instruction.apply(Action.normal())));
        assertThat(P.integrationBase(List.of(3L, 5L))).as("deterministic").isEqualTo(base);
    }

    @Test
    void vlanAndFlatNetworksTranslateBothWays() {
        NetworkFlows vlan = P.networkFlows(new NetworkWiring("n", NetworkType.VLAN, 100, 3, 1, 2));
        assertThat(vlan.integration()).singleElement().satisfies(f -> {
            assertThat(f.cookie()).isEqualTo(COOKIES.network(3));
            assertThat(f.match().inPort()).isEqualTo(1);
            assertThat(f.match().get(OxmField.VLAN_VID).orElseThrow().longValue()).isEqualTo(0x1000 | 100);
            assertThat(f.instructions()).containsExactly(Instruction.apply(Action.SetField.vlanVid(3)),
                    Instruction.gotoTable(Tables.FORWARD));
        });
        assertThat(vlan.physical()).singleElement().satisfies(f -> {
            assertThat(f.match().inPort()).isEqualTo(2);
            assertThat(f.match().get(OxmField.VLAN_VID).orElseThrow().longValue()).isEqualTo(0x1000 | 3);
            assertThat(f.instructions()).containsExactly(Instruction.apply(Action.SetField.vlanVid(100),
                    Action.normal()));
        });
        NetworkFlows flat = P.networkFlows(new NetworkWiring("n", NetworkType.FLAT, 0, 4, 1, 2));
        assertThat(flat.integration().get(0).match().get(OxmField.VLAN_VID).orElseThrow().longValue()).isZero();
        assertThat(flat.integration().get(0).instructions().get(0)).isEqualTo(Instruction.apply(
                new Action.PushVlan(0x8100), Action.SetField.vlanVid(4)));
        assertThat(flat.physical().get(0).instructions()).containsExactly(Instruction.apply(new Action.PopVlan(),
                Action.normal()));
    }

    @Test
    void everyPortFlowMatchesThePortAndCarriesItsCookie() {
        PortWiring w = PortWiring.of(port(true, List.of(new AllowedAddressPair(IpPrefix.parse("10.0.0.128/25"),
                OTHER_MAC)), "10.0.0.5", "fd00::5"), 9);
        List<FlowMod> flows = P.portFlows(w);
        assertThat(flows).allSatisfy(f -> {
            assertThat(f.command()).isEqualTo(FlowModCommand.ADD);
            assertThat(f.cookie()).isEqualTo(COOKIES.port(9));
            assertThat(f.match().inPort()).isEqualTo(9);
        });
        assertThat(w.sources()).hasSize(2).as("IPv6 adds no IPv4 source");
        assertThat(w.macs()).containsExactly(MAC, OTHER_MAC);
        // Every IPv4 source is checked in table 25 with its own MAC, and its ARP in table 24.
        for (PortWiring.Source s : w.sources()) {
            assertThat(flows).anySatisfy(f -> {
                assertThat(f.tableId()).isEqualTo(Tables.SOURCE_CHECK);
                assertThat(f.match().get(OxmField.ETH_SRC).orElseThrow().longValue()).isEqualTo(s.mac().value());
                assertThat(f.match().get(OxmField.IPV4_SRC).orElseThrow().longValue())
                        .isEqualTo(s.ipv4().ipv4Value() & 0xffffffffL);
            });
            assertThat(flows).anySatisfy(f -> {
                assertThat(f.tableId()).isEqualTo(Tables.ARP_CHECK);
                assertThat(f.match().get(OxmField.ARP_SHA).orElseThrow().longValue()).isEqualTo(s.mac().value());
                assertThat(f.match().get(OxmField.ARP_SPA).orElseThrow().longValue())
                        .isEqualTo(s.ipv4().ipv4Value() & 0xffffffffL);
            });
        }
        assertThat(flows).filteredOn(f -> f.match().get(OxmField.UDP_SRC).isPresent()).singleElement()
                .satisfies(f -> assertThat(f.match().get(OxmField.IPV4_SRC).orElseThrow().longValue()).isZero());
        assertThat(P.portFlows(w)).as("deterministic").isEqualTo(flows);
        assertThat(FlowPipeline.deleteCookie(COOKIES.port(9))).satisfies(d -> {
            assertThat(d.command()).isEqualTo(FlowModCommand.DELETE);
            assertThat(d.cookieMask()).isEqualTo(-1L);
        });
        assertThat(FlowPipeline.deleteRun(0x12345678).cookie()).isEqualTo(COOKIES.run());
    }

    @Test
    void aPortWithoutPortSecurityIsAdmittedUnchecked() {
        List<FlowMod> flows = P.portFlows(PortWiring.of(port(false, List.of(), "10.0.0.5"), 9));
        assertThat(flows).singleElement().satisfies(f -> {
            assertThat(f.tableId()).isEqualTo(Tables.CLASSIFY);
            assertThat(f.instructions()).containsExactly(Instruction.gotoTable(Tables.FORWARD));
        });
        assertThatThrownBy(() -> PortWiring.of(port(false, List.of()), 0))
                .hasMessageContaining("is not a switch port");
    }
}
