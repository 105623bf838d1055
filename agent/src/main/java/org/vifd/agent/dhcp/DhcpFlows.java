package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.FieldRef;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.NxAction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.packet.ArpPacket;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MeterMod;

/**
 * The flows and meters that bring a port's DHCP to vifd (pure: values in, OpenFlow messages out).
 *
 * <p>Per port {@code P} (MAC {@code M}, key {@code K}, subnet's server address {@code S}):
 * <pre>
 * table=60, priority=200, udp,in_port=P,dl_src=M,nw_dst=255.255.255.255,tp_src=68,tp_dst=67 actions=goto_table:77
 * table=60, priority=200, udp,in_port=P,dl_src=M,nw_dst=S,tp_src=68,tp_dst=67 actions=goto_table:77
 * table=60, priority=150, udp,in_port=P,tp_src=68,tp_dst=67 actions=drop
 * table=60, priority=200, arp,in_port=P,arp_tpa=S,arp_op=1 actions=(ARP reply, below)     [only with a DHCP port]
 * table=77, priority=100, in_port=P actions=meter:K,controller(userdata=K as 4 bytes,max_len=L)
 * meter K: pktps burst, band drop rate R burst B
 * </pre>
 * plus, once per bridge, {@code table=77, priority=0 actions=drop}.
 *
 * <p>Why so: the unicast flow catches RENEWING clients (RFC 2131 §4.4.5: the REQUEST goes unicast to the server
 * identifier), which Neutron's OVS DHCP extension does not punt. It matches the IP, not the MAC, so it works also
 * when the server identifier is the gateway and the frame goes to the router's MAC. The lower-priority drop keeps
 * every other client message of a served port (another source MAC, another server) from being flooded to other
 * VMs, where a rogue server could answer: vifd is the network's only DHCP server. The userdata is only the port's
 * compact key, so a binding change reaches the very next packet without touching a flow. The per-port meter keeps
 * a flooding VM from filling the controller channel; the responder's token buckets back it up.
 *
 * <p>The ARP responder is a flow, as OVN and Neutron's l2population build it: the request turned into a reply in
 * place (OpenFlow actions, RFC 826 packet layout) and sent back out of the port it came in on. It answers in the
 * datapath at line rate and costs the controller channel nothing, so the ARP before a unicast renewal never
 * competes with DHCP for the packet-in budget. It exists only for a {@code network:dhcp} port's address, which no
 * one else owns; ARP for a gateway is never answered (a real router owns it).
 *
 * <p>Cookies follow {@code org.vifd.agent.flows.Cookies}: the high 32 bits name the agent run, bits 28..31 the
 * purpose, bits 0..27 a key. DHCP is purpose {@link #PURPOSE_CODE} 4 (after BASE 1, NETWORK 2, PORT 3) and the key
 * is the port key, so one port's DHCP flows are one cookie ({@code cookie=0x4000000K/0xffffffff} of any run), and
 * {@code cookie=0x40000000/0xf0000000} selects all DHCP flows.
 */
public final class DhcpFlows {
    /** Table 60 of the pipeline: DHCP and the ARP responder, else NORMAL (that default is the pipeline's). */
    public static final int TABLE_DHCP = 60;
    /** Table 77: per-port meter and punt; default drop. */
    public static final int TABLE_PUNT = 77;
    public static final int PRIORITY_PUNT = 200;
    public static final int PRIORITY_ARP = 200;
    public static final int PRIORITY_OTHER_DHCP = 150;
    public static final int PRIORITY_PORT_PUNT = 100;
    /** The purpose code of DHCP flows in the cookie's bits 28..31 (Cookies.Purpose has 1..3). */
    public static final int PURPOSE_CODE = 4;
    /** The purpose bits of every DHCP flow's cookie. */
    public static final long PURPOSE = (long) PURPOSE_CODE << 28;
    /** Selects the purpose in a cookie mask. */
    public static final long PURPOSE_MASK = 0xf000_0000L;
    /** Selects purpose and key, of any run. */
    public static final long LOW_MASK = 0xffff_ffffL;
    public static final int DHCP_SERVER_PORT = 67;
    public static final int DHCP_CLIENT_PORT = 68;

    /**
     * How much of a port's DHCP reaches the controller.
     *
     * @param meterRate  packets per second the meter lets through
     * @param meterBurst packets above the rate let through in a burst
     * @param maxLen     bytes of each packet sent to the controller; longer packets arrive truncated and are
     *                   dropped (a client's message fits in 576 bytes unless it announces a larger maximum,
     *                   RFC 2131 §2)
     */
    public record PuntLimits(int meterRate, int meterBurst, int maxLen) {
        /** 40/s with a burst of 80: twice the responder's per-port bucket (20/s, 40), so the bucket decides. */
        public static final PuntLimits DEFAULTS = new PuntLimits(40, 80, 1536);

        public PuntLimits {
            if (meterRate < 1 || meterBurst < 0 || maxLen < 300 || maxLen > 0xffff) {
                throw new IllegalArgumentException("punt limits out of range: rate " + meterRate + ", burst "
                        + meterBurst + ", max_len " + maxLen);
            }
        }
    }

    private final int runId;
    private final PuntLimits limits;

    /** @param runId the agent run's id (the cookie's high 32 bits, as {@code Cookies.runId}); never 0 */
    public DhcpFlows(int runId, PuntLimits limits) {
        if (runId == 0) {
            throw new IllegalArgumentException("run id 0 is reserved for flows that are nobody's");
        }
        this.runId = runId;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The cookie of a DHCP flow of run {@code runId}: key 0 for the per-bridge flows, else the port key. */
    public static long cookie(int runId, int portKey) {
        return ((long) runId << 32) | PURPOSE | (portKey & 0x0fff_ffffL);
    }

    /** The cookie of this run's flows of the port with this key. */
    public long cookie(int portKey) {
        return cookie(runId, portKey);
    }

    public int runId() {
        return runId;
    }

    public PuntLimits limits() {
        return limits;
    }

    /** The punt key as the controller action's userdata: 4 bytes, big-endian. */
    public static byte[] userdata(int portKey) {
        return new byte[] {(byte) (portKey >>> 24), (byte) (portKey >>> 16), (byte) (portKey >>> 8), (byte) portKey};
    }

    /** The punt key in a packet-in's userdata, or -1 when it is not 4 bytes. */
    public static int portKey(byte[] userdata) {
        if (userdata == null || userdata.length != 4) {
            return -1;
        }
        return (userdata[0] & 0xff) << 24 | (userdata[1] & 0xff) << 16 | (userdata[2] & 0xff) << 8
                | (userdata[3] & 0xff);
    }

    /** Once per bridge: table 77 drops what no port's flow punts. */
    public List<FlowMod> tableDefaults() {
        return List.of(FlowMod.add().cookie(cookie(0)).tableId(TABLE_PUNT).priority(0)
                .instructions(List.of()).build());
    }

    /** The port's flows in tables 60 and 77 (add them after its {@link #meter}: the punt flow names it). */
    public List<FlowMod> portFlows(DhcpPort port) {
        long cookie = cookie(port.portKey());
        MacAddress mac = mac(port.mac());
        Ipv4Address server = ip(port.serverIp());
        List<FlowMod> flows = new ArrayList<>(5);
        flows.add(punt(cookie, port, mac, Ipv4Address.BROADCAST));
        flows.add(punt(cookie, port, mac, server));
        flows.add(FlowMod.add().cookie(cookie).tableId(TABLE_DHCP).priority(PRIORITY_OTHER_DHCP)
                .match(dhcpFromPort(port.ofport()).build()).instructions(List.of()).build());
        if (port.arpResponder()) {
            flows.add(arpResponder(cookie, port.ofport(), server, mac(port.serverMac())));
        }
        flows.add(FlowMod.add().cookie(cookie).tableId(TABLE_PUNT).priority(PRIORITY_PORT_PUNT)
                .match(Match.builder().inPort(port.ofport()).build())
                .instructions(new Instruction.Meter(port.portKey()),
                        Instruction.apply(Action.Controller.withUserdata(userdata(port.portKey()), limits.maxLen())))
                .build());
        return flows;
    }

    /** Deletes every DHCP flow of the port with this key, of any agent run (its cookie's low 32 bits). */
    public static FlowMod deletePortFlows(int portKey) {
        return FlowMod.delete().cookie(PURPOSE | portKey, LOW_MASK).build();
    }

    /**
     * The port's meter (OpenFlow 1.3.5 §7.3.4.4): packets per second, with a burst, one drop band (§7.3.4.5).
     * {@code ADD} for a new port, {@code MODIFY} to change the limits.
     */
    public MeterMod meter(DhcpPort port, MeterMod.Command command) {
        return new MeterMod(command, MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST | MeterMod.OFPMF_STATS,
                port.portKey(), List.of(MeterMod.Band.drop(limits.meterRate(), limits.meterBurst())));
    }

    public static MeterMod deleteMeter(int portKey) {
        return new MeterMod(MeterMod.Command.DELETE, 0, portKey, List.of());
    }

    private FlowMod punt(long cookie, DhcpPort port, MacAddress mac, Ipv4Address dst) {
        Match m = Match.builder().inPort(port.ofport()).ethSrc(mac).ethType(EthernetFrame.ETH_TYPE_IPV4)
                .ipProto(Ipv4Packet.PROTO_UDP).ipv4Dst(dst).udpSrc(DHCP_CLIENT_PORT).udpDst(DHCP_SERVER_PORT).build();
        return FlowMod.add().cookie(cookie).tableId(TABLE_DHCP).priority(PRIORITY_PUNT).match(m)
                .instructions(Instruction.gotoTable(TABLE_PUNT)).build();
    }

    private static Match.Builder dhcpFromPort(long ofport) {
        return Match.builder().inPort(ofport).ethType(EthernetFrame.ETH_TYPE_IPV4).ipProto(Ipv4Packet.PROTO_UDP)
                .udpSrc(DHCP_CLIENT_PORT).udpDst(DHCP_SERVER_PORT);
    }

    /**
     * An ARP request for {@code ip} becomes its reply (RFC 826: swap sender and target, our MAC as sender
     * hardware address, opcode 2) and leaves through the port it came in on, as OVN's {@code arp} action and
     * Neutron's ARP responder do: {@code move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],mod_dl_src:MAC,
     * load:0x2->NXM_OF_ARP_OP[],move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],load:MAC->NXM_NX_ARP_SHA[],
     * move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],load:IP->NXM_OF_ARP_SPA[],IN_PORT}.
     */
    private FlowMod arpResponder(long cookie, long ofport, Ipv4Address ip, MacAddress mac) {
        Match m = Match.builder().inPort(ofport).ethType(EthernetFrame.ETH_TYPE_ARP)
                .arpOp(ArpPacket.REQUEST).arpTpa(ip).build();
        List<Action> actions = List.of(
                new NxAction.RegMove(whole(OxmField.NXM_OF_ETH_SRC), whole(OxmField.NXM_OF_ETH_DST)),
                new Action.SetField(OxmEntry.of(OxmField.ETH_SRC, mac.value())),
                new NxAction.RegLoad(whole(OxmField.NXM_OF_ARP_OP), ArpPacket.REPLY),
                new NxAction.RegMove(whole(OxmField.NXM_NX_ARP_SHA), whole(OxmField.NXM_NX_ARP_THA)),
                new NxAction.RegLoad(whole(OxmField.NXM_NX_ARP_SHA), mac.value()),
                new NxAction.RegMove(whole(OxmField.NXM_OF_ARP_SPA), whole(OxmField.NXM_OF_ARP_TPA)),
                new NxAction.RegLoad(whole(OxmField.NXM_OF_ARP_SPA), ip.value() & 0xffff_ffffL),
                new Action.Output(OfPort.IN_PORT, 0));
        return FlowMod.add().cookie(cookie).tableId(TABLE_DHCP).priority(PRIORITY_ARP).match(m)
                .instructions(new Instruction.ApplyActions(actions)).build();
    }

    private static FieldRef whole(OxmField f) {
        return FieldRef.of(f);
    }

    static MacAddress mac(org.vifd.dhcp.MacAddress m) {
        return new MacAddress(m.bits());
    }

    static Ipv4Address ip(org.vifd.dhcp.Ipv4Address a) {
        return new Ipv4Address(a.bits());
    }
}
