package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.text.FlowText;

/** The flows' structure; that vswitchd accepts and shows them as printed is checked by DhcpClientsSandboxTest. */
class DhcpFlowsTest {
    final DhcpFlows flows = new DhcpFlows(7, DhcpFlows.PuntLimits.DEFAULTS);

    static DhcpPort port(IntentFixture fixture) {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(fixture.port("vm1", "fa:16:3e:00:01:04",
                "20.20.20.4").intent(), Map.of("vm1", 5L), new DhcpPortKeys(), DhcpSettings.DEFAULTS);
        return r.snapshot().ports().get(0);
    }

    @Property
    void userdataCarriesThePortKey(@ForAll @IntRange(min = 1, max = DhcpPortKeys.MAX_KEY) int key) {
        assertThat(DhcpFlows.userdata(key)).hasSize(4);
        assertThat(DhcpFlows.portKey(DhcpFlows.userdata(key))).isEqualTo(key);
    }

    @Test
    void userdataOfAnotherLengthIsNoKey() {
        assertThat(DhcpFlows.portKey(new byte[0])).isEqualTo(-1);
        assertThat(DhcpFlows.portKey(new byte[3])).isEqualTo(-1);
        assertThat(DhcpFlows.portKey(new byte[5])).isEqualTo(-1);
        assertThat(DhcpFlows.portKey(null)).isEqualTo(-1);
    }

    @Test
    void everyFlowOfAPortCarriesTheRunTheDhcpPurposeAndThePortKeyInItsCookie() {
        DhcpPort p = port(new IntentFixture());
        assertThat(flows.portFlows(p)).allSatisfy(f -> {
            assertThat(f.cookie() >>> 32).isEqualTo(7);
            // The agent's Cookies layout: purpose in bits 28..31, key below.
            assertThat(org.vifd.agent.flows.Cookies.runOf(f.cookie())).isEqualTo(7);
            assertThat((f.cookie() >>> 28) & 0xf).isEqualTo(DhcpFlows.PURPOSE_CODE);
            assertThat(f.cookie() & 0x0fff_ffffL).isEqualTo(p.portKey());
            assertThat(f.match().inPort()).isEqualTo(5);
        });
        assertThat(org.vifd.agent.flows.Cookies.purposeOf(flows.portFlows(p).get(0).cookie()))
                .contains(org.vifd.agent.flows.Cookies.Purpose.DHCP);
        assertThat(org.vifd.agent.flows.Cookies.Purpose.DHCP.code()).isEqualTo(DhcpFlows.PURPOSE_CODE);
        assertThatThrownBy(() -> new DhcpFlows(0, DhcpFlows.PuntLimits.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void puntFlowsMatchThePortsMacBroadcastAndServerAddressAndGoToTable77() {
        DhcpPort p = port(new IntentFixture());
        List<String> text = flows.portFlows(p).stream()
                .filter(f -> f.instructions().equals(List.of(Instruction.gotoTable(DhcpFlows.TABLE_PUNT))))
                .map(f -> FlowText.printMatch(f.match(), f.priority(), Map.of())).toList();
        assertThat(text).containsExactlyInAnyOrder(
                "priority=200,udp,in_port=5,dl_src=fa:16:3e:00:01:04,nw_dst=255.255.255.255,tp_src=68,tp_dst=67",
                "priority=200,udp,in_port=5,dl_src=fa:16:3e:00:01:04,nw_dst=20.20.20.2,tp_src=68,tp_dst=67");
        FlowMod punt = flows.portFlows(p).stream().filter(f -> f.tableId() == DhcpFlows.TABLE_PUNT).findFirst()
                .orElseThrow();
        assertThat(punt.instructions()).startsWith(new Instruction.Meter(p.portKey()));
        Action.Controller c = (Action.Controller) ((Instruction.ApplyActions) punt.instructions().get(1)).actions()
                .get(0);
        assertThat(DhcpFlows.portKey(c.userdata())).isEqualTo(p.portKey());
        assertThat(c.maxLen()).isEqualTo(DhcpFlows.PuntLimits.DEFAULTS.maxLen());
    }

    @Test
    void arpResponderOnlyWithADhcpPortNeverForTheGateway() {
        DhcpPort withDhcpPort = port(new IntentFixture());
        DhcpPort gatewayOnly = port(new IntentFixture().withoutDhcpPort());
        FlowMod arp = flows.portFlows(withDhcpPort).stream()
                .filter(f -> f.match().get(OxmField.ARP_TPA).isPresent()).findFirst().orElseThrow();
        assertThat(FlowText.printMatch(arp.match(), arp.priority(), Map.of()))
                .isEqualTo("priority=200,arp,in_port=5,arp_tpa=20.20.20.2,arp_op=1");
        // As ovs-ofctl dump-flows shows it (OpenFlow 1.3 turns mod_dl_src into set_field).
        assertThat(FlowText.printInstructions(arp.instructions(), Map.of())).isEqualTo(
                "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:fa:16:3e:00:00:02->eth_src,load:0x2->NXM_OF_ARP_OP[],"
                        + "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],load:0xfa163e000002->NXM_NX_ARP_SHA[],"
                        + "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],load:0x14141402->NXM_OF_ARP_SPA[],IN_PORT");
        assertThat(gatewayOnly.arpResponder()).isFalse();
        assertThat(flows.portFlows(gatewayOnly)).noneMatch(f -> f.match().get(OxmField.ARP_TPA).isPresent());
        assertThat(flows.portFlows(gatewayOnly).size()).isEqualTo(flows.portFlows(withDhcpPort).size() - 1);
    }

    @Test
    void meterIsPerPortInPacketsPerSecondWithABurstAndADropBand() {
        DhcpPort p = port(new IntentFixture());
        MeterMod m = flows.meter(p, MeterMod.Command.ADD);
        assertThat(m.meterId()).isEqualTo(p.portKey());
        assertThat(m.flags() & (MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST))
                .isEqualTo(MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST);
        assertThat(m.bands()).containsExactly(MeterMod.Band.drop(40, 80));
        assertThat(DhcpFlows.deleteMeter(p.portKey()).command()).isEqualTo(MeterMod.Command.DELETE);
    }

    @Test
    void deletingAPortsFlowsSelectsItsKeyAndTheDhcpPurposeOfAnyRunInEveryTable() {
        FlowMod f = DhcpFlows.deletePortFlows(5);
        assertThat(f.command()).isEqualTo(FlowModCommand.DELETE);
        assertThat(f.tableId()).isEqualTo(FlowMod.TABLE_ALL);
        assertThat(f.cookie()).isEqualTo(0x4000_0005L);
        assertThat(f.cookieMask()).isEqualTo(0xffff_ffffL);
        assertThat(f.match().entries()).isEmpty();
    }

    @Test
    void table77DropsByDefault() {
        assertThat(flows.tableDefaults()).singleElement().satisfies(f -> {
            assertThat(f.tableId()).isEqualTo(DhcpFlows.TABLE_PUNT);
            assertThat(f.priority()).isZero();
            assertThat(f.instructions()).isEmpty();
        });
    }
}
