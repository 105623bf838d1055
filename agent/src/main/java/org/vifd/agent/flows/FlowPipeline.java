package org.vifd.agent.flows;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.vifd.agent.intent.NetworkType;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.protocol.FlowMod;

/**
 * The flows vifd wants, as pure functions of the desired state: same input, same flows, in the same order. Nothing
 * here talks to a switch; the reconciler diffs and applies.
 *
 * <h2>br-int</h2>
 * <pre>
 * table 0  (CLASSIFY)     65535 vlan_vid=4095                         drop           dead VLAN
 *                             10 in_port=P,arp                          goto 24        per wired port (security on)
 *                              9 in_port=P                              goto 25        (goto 60 with security off)
 *                              3 in_port=int-br-X,vlan_vid=SEG          set_field vlan_vid=LV, goto 60
 *                              3 in_port=int-br-X,vlan_vid=none         push_vlan, set_field LV, goto 60  (flat)
 *                              2 in_port=int-br-X                       drop           VLAN no network claims
 *                              0                                        drop           default
 * table 23 (CANARY)            0                                        drop           the canary
 * table 24 (ARP_CHECK)         2 in_port=P,arp,arp_sha=M,arp_spa=IP     goto 25        per (MAC, IPv4 prefix)
 *                              2 in_port=P,arp,arp_sha=M,arp_spa=0      goto 25        ARP probe (RFC 5227 §2.1.1)
 *                              0                                        drop
 * table 25 (SOURCE_CHECK)      3 in_port=P,dl_src=M,udp,0.0.0.0:68 → 255.255.255.255:67   goto 60   DHCP (RFC 2131 §4.1)
 *                              2 in_port=P,dl_src=M,ip,nw_src=IP        goto 60        per (MAC, IPv4 prefix)
 *                              2 in_port=P,dl_src=M,arp                 goto 60        (ARP checked in 24)
 *                              2 in_port=P,dl_src=M,ipv6                goto 60        (no IPv6 source check yet)
 *                              0                                        drop
 * table 60 (FORWARD)           1                                        NORMAL
 * </pre>
 * A VM port's local VLAN is its {@code Port.tag} (set in the same OVSDB transaction that wires it): NORMAL puts
 * frames from an access port in its VLAN and forwards only to ports of the same VLAN (and trunks, i.e. the patch
 * ports, tagged), so ports of one network reach each other and those of other networks do not. A flow cannot push
 * the tag instead: NORMAL drops tagged frames that arrive on an access port.
 *
 * <h2>br-phys (one per physical network)</h2>
 * <pre>
 *                              4 in_port=phy-br-X,vlan_vid=LV           set_field vlan_vid=SEG, NORMAL  (flat: pop_vlan)
 *                              2 in_port=phy-br-X                       drop           local VLAN no network claims
 *                              0                                        NORMAL         from the wire up to br-int
 * </pre>
 */
public final class FlowPipeline {
    public static final int DEAD_VLAN = 4095;
    static final int ETH_ARP = 0x0806;
    static final int ETH_IPV4 = 0x0800;
    static final int ETH_IPV6 = 0x86dd;
    static final int ETH_VLAN = 0x8100;
    static final int PROTO_UDP = 17;

    private final Cookies cookies;

    public FlowPipeline(Cookies cookies) {
        this.cookies = Objects.requireNonNull(cookies, "cookies");
    }

    public Cookies cookies() {
        return cookies;
    }

    /** br-int's base flows; {@code physicalPatchOfports} are the int-br-X ports of the mapped physical bridges. */
    public List<FlowMod> integrationBase(Collection<Long> physicalPatchOfports) {
        long c = cookies.base();
        List<FlowMod> out = new ArrayList<>();
        out.add(drop(c, Tables.CLASSIFY, 65535, Match.builder().vlanVid(DEAD_VLAN).build()));
        for (long patch : physicalPatchOfports.stream().sorted().toList()) {
            out.add(drop(c, Tables.CLASSIFY, 2, Match.builder().inPort(patch).build()));
        }
        out.add(drop(c, Tables.CLASSIFY, 0, Match.ALL));
        out.add(canary());
        out.add(drop(c, Tables.ARP_CHECK, 0, Match.ALL));
        out.add(drop(c, Tables.SOURCE_CHECK, 0, Match.ALL));
        out.add(flow(c, Tables.FORWARD, 1, Match.ALL, Instruction.apply(Action.normal())));
        return out;
    }

    /** The canary: its absence after a (re)connect means vswitchd restarted and lost every flow. */
    public FlowMod canary() {
        return drop(cookies.base(), Tables.CANARY, 0, Match.ALL);
    }

    /** A physical bridge's base flows; {@code phyPatchOfport} is its phy-br-X port. */
    public List<FlowMod> physicalBase(long phyPatchOfport) {
        long c = cookies.base();
        return List.of(
                drop(c, 0, 2, Match.builder().inPort(phyPatchOfport).build()),
                flow(c, 0, 0, Match.ALL, Instruction.apply(Action.normal())));
    }

    /** A network's VLAN translation on both bridges. */
    public NetworkFlows networkFlows(NetworkWiring n) {
        long c = cookies.network(n.localVlan());
        FlowMod in;
        FlowMod out;
        if (n.type() == NetworkType.FLAT) {
            in = flow(c, Tables.CLASSIFY, 3, Match.builder().inPort(n.intPatchOfport()).noVlan().build(),
                    Instruction.apply(new Action.PushVlan(ETH_VLAN), Action.SetField.vlanVid(n.localVlan())),
                    Instruction.gotoTable(Tables.FORWARD));
            out = flow(c, 0, 4, Match.builder().inPort(n.phyPatchOfport()).vlanVid(n.localVlan()).build(),
                    Instruction.apply(new Action.PopVlan(), Action.normal()));
        } else {
            in = flow(c, Tables.CLASSIFY, 3, Match.builder().inPort(n.intPatchOfport())
                            .vlanVid(n.segmentationId()).build(),
                    Instruction.apply(Action.SetField.vlanVid(n.localVlan())),
                    Instruction.gotoTable(Tables.FORWARD));
            out = flow(c, 0, 4, Match.builder().inPort(n.phyPatchOfport()).vlanVid(n.localVlan()).build(),
                    Instruction.apply(Action.SetField.vlanVid(n.segmentationId()), Action.normal()));
        }
        return new NetworkFlows(List.of(in), List.of(out));
    }

    /** A wired port's admission and anti-spoofing flows on br-int, all with the port's cookie. */
    public List<FlowMod> portFlows(PortWiring p) {
        long c = cookies.port(p.ofport());
        long in = p.ofport();
        List<FlowMod> out = new ArrayList<>();
        if (!p.portSecurity()) {
            out.add(flow(c, Tables.CLASSIFY, 9, Match.builder().inPort(in).build(),
                    Instruction.gotoTable(Tables.FORWARD)));
            return out;
        }
        out.add(flow(c, Tables.CLASSIFY, 10, Match.builder().inPort(in).ethType(ETH_ARP).build(),
                Instruction.gotoTable(Tables.ARP_CHECK)));
        out.add(flow(c, Tables.CLASSIFY, 9, Match.builder().inPort(in).build(),
                Instruction.gotoTable(Tables.SOURCE_CHECK)));

        for (PortWiring.Source s : p.sources()) {
            out.add(flow(c, Tables.ARP_CHECK, 2, Match.builder().inPort(in).ethType(ETH_ARP).arpSha(s.mac())
                    .set(prefix(OxmField.ARP_SPA, s)).build(), Instruction.gotoTable(Tables.SOURCE_CHECK)));
        }
        for (MacAddress m : p.macs()) {
            // RFC 5227 §2.1.1: an ARP probe has sender IP 0 (address conflict detection before using an address).
            out.add(flow(c, Tables.ARP_CHECK, 2, Match.builder().inPort(in).ethType(ETH_ARP).arpSha(m)
                    .arpSpa(Ipv4Address.ANY).build(), Instruction.gotoTable(Tables.SOURCE_CHECK)));
        }

        // RFC 2131 §4.1: a client without an address sends from 0.0.0.0 to the broadcast address, port 68 → 67.
        out.add(flow(c, Tables.SOURCE_CHECK, 3, Match.builder().inPort(in).ethSrc(p.mac()).ethType(ETH_IPV4)
                .ipProto(PROTO_UDP).ipv4Src(Ipv4Address.ANY).ipv4Dst(Ipv4Address.BROADCAST).udpSrc(68).udpDst(67)
                .build(), Instruction.gotoTable(Tables.FORWARD)));
        for (PortWiring.Source s : p.sources()) {
            out.add(flow(c, Tables.SOURCE_CHECK, 2, Match.builder().inPort(in).ethSrc(s.mac()).ethType(ETH_IPV4)
                    .set(prefix(OxmField.IPV4_SRC, s)).build(), Instruction.gotoTable(Tables.FORWARD)));
        }
        for (MacAddress m : p.macs()) {
            out.add(flow(c, Tables.SOURCE_CHECK, 2, Match.builder().inPort(in).ethSrc(m).ethType(ETH_ARP).build(),
                    Instruction.gotoTable(Tables.FORWARD)));
            out.add(flow(c, Tables.SOURCE_CHECK, 2, Match.builder().inPort(in).ethSrc(m).ethType(ETH_IPV6).build(),
                    Instruction.gotoTable(Tables.FORWARD)));
        }
        return out;
    }

    /** Deletes every flow with exactly this cookie, in every table (a port's, a network's). */
    public static FlowMod deleteCookie(long cookie) {
        return FlowMod.delete().cookie(cookie, Cookies.EXACT).build();
    }

    /** Deletes every flow of the run {@code runId} (the flows of a previous agent run). */
    public static FlowMod deleteRun(int runId) {
        return FlowMod.delete().cookie((long) runId << 32, Cookies.RUN_MASK).build();
    }

    private static OxmEntry prefix(OxmField field, PortWiring.Source s) {
        long value = s.ipv4().ipv4Value() & 0xffffffffL;
        int len = s.ipv4().length();
        long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        return OxmEntry.of(field, value, mask);
    }

    private static FlowMod drop(long cookie, int table, int priority, Match match) {
        return FlowMod.add().cookie(cookie).tableId(table).priority(priority).match(match).build();
    }

    private static FlowMod flow(long cookie, int table, int priority, Match match, Instruction... instructions) {
        return FlowMod.add().cookie(cookie).tableId(table).priority(priority).match(match)
                .instructions(instructions).build();
    }
}
