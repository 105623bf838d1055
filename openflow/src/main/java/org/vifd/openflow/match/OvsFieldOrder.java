package org.vifd.openflow.match;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * The order in which Open vSwitch writes match fields (lib/nx-match.c, nx_put_raw: packet type and datapath
 * metadata, in_port, Ethernet, VLAN, MPLS, then IPv4/IPv6 addresses, fragment, DSCP/ECN/TTL, flow label, ip_proto
 * and the L4 fields of that protocol, or the ARP fields; then tunnel, registers, pkt_mark, conntrack, metadata).
 * OpenFlow leaves the order of OXM TLVs free as long as prerequisites come first (1.3.5 §7.2.3.6); writing OVS's
 * order makes our FLOW_MOD bytes equal to ovs-ofctl's for the same flow. Fields OVS never writes (in_phy_port,
 * pbb_isid, ipv6_exthdr) sit next to their layer; unknown fields go last, by class and field number.
 */
final class OvsFieldOrder {
    private static final Map<OxmField, Integer> RANK = new HashMap<>();
    private static int next;

    /** Rank, then class, field and experimenter: equal fields are adjacent, distinct ones never tie. */
    static final Comparator<OxmField> COMPARATOR = Comparator.comparingInt(OvsFieldOrder::rankOf)
            .thenComparingInt(OxmField::oxmClass).thenComparingInt(OxmField::field)
            .thenComparingLong(OxmField::experimenter);

    static {
        rank(OxmField.PACKET_TYPE);
        rank(OxmField.DP_HASH);
        rank(OxmField.RECIRC_ID);
        rank(OxmField.CONJ_ID);
        rank(OxmField.IN_PORT, OxmField.NXM_OF_IN_PORT);
        rank(OxmField.IN_PHY_PORT);
        rank(OxmField.ACTSET_OUTPUT);
        rank(OxmField.ETH_SRC, OxmField.NXM_OF_ETH_SRC);
        rank(OxmField.ETH_DST, OxmField.NXM_OF_ETH_DST);
        rank(OxmField.ETH_TYPE, OxmField.NXM_OF_ETH_TYPE);
        rank(OxmField.VLAN_VID, OxmField.NXM_OF_VLAN_TCI);
        rank(OxmField.VLAN_PCP);
        rank(OxmField.MPLS_TC);
        rank(OxmField.MPLS_BOS);
        rank(OxmField.MPLS_TTL);
        rank(OxmField.MPLS_LABEL);
        rank(OxmField.PBB_ISID);
        // L3: an IP match and an ARP match never meet, so one sequence serves both branches of nx_put_raw.
        rank(OxmField.IPV4_SRC, OxmField.NXM_OF_IP_SRC);
        rank(OxmField.IPV4_DST, OxmField.NXM_OF_IP_DST);
        rank(OxmField.IPV6_SRC, OxmField.NXM_NX_IPV6_SRC);
        rank(OxmField.IPV6_DST, OxmField.NXM_NX_IPV6_DST);
        rank(OxmField.IP_FRAG);
        rank(OxmField.IP_DSCP, OxmField.NXM_OF_IP_TOS);
        rank(OxmField.IP_ECN, OxmField.NXM_NX_IP_ECN);
        rank(OxmField.IP_TTL);
        rank(OxmField.IPV6_FLABEL, OxmField.NXM_NX_IPV6_LABEL);
        rank(OxmField.IP_PROTO, OxmField.NXM_OF_IP_PROTO);
        rank(OxmField.TCP_SRC, OxmField.NXM_OF_TCP_SRC);
        rank(OxmField.TCP_DST, OxmField.NXM_OF_TCP_DST);
        rank(OxmField.TCP_FLAGS, OxmField.ONF_TCP_FLAGS, OxmField.NXM_NX_TCP_FLAGS);
        rank(OxmField.UDP_SRC, OxmField.NXM_OF_UDP_SRC);
        rank(OxmField.UDP_DST, OxmField.NXM_OF_UDP_DST);
        rank(OxmField.SCTP_SRC);
        rank(OxmField.SCTP_DST);
        rank(OxmField.ICMPV4_TYPE, OxmField.NXM_OF_ICMP_TYPE);
        rank(OxmField.ICMPV4_CODE, OxmField.NXM_OF_ICMP_CODE);
        rank(OxmField.ICMPV6_TYPE, OxmField.NXM_NX_ICMPV6_TYPE);
        rank(OxmField.ICMPV6_CODE, OxmField.NXM_NX_ICMPV6_CODE);
        rank(OxmField.IPV6_ND_TARGET, OxmField.NXM_NX_ND_TARGET);
        rank(OxmField.IPV6_ND_SLL, OxmField.NXM_NX_ND_SLL);
        rank(OxmField.IPV6_ND_TLL, OxmField.NXM_NX_ND_TLL);
        rank(OxmField.IPV6_EXTHDR);
        rank(OxmField.ARP_OP, OxmField.NXM_OF_ARP_OP);
        rank(OxmField.ARP_SPA, OxmField.NXM_OF_ARP_SPA);
        rank(OxmField.ARP_TPA, OxmField.NXM_OF_ARP_TPA);
        rank(OxmField.ARP_SHA, OxmField.NXM_NX_ARP_SHA);
        rank(OxmField.ARP_THA, OxmField.NXM_NX_ARP_THA);
        rank(OxmField.TUNNEL_ID, OxmField.TUN_ID);
        rank(OxmField.TUN_FLAGS);
        rank(OxmField.TUN_SRC);
        rank(OxmField.TUN_DST);
        rank(OxmField.TUN_IPV6_SRC);
        rank(OxmField.TUN_IPV6_DST);
        rank(OxmField.TUN_GBP_ID);
        rank(OxmField.TUN_GBP_FLAGS);
        // Registers in number order; xreg n (regs 2n, 2n+1) and xxreg n (regs 4n..4n+3) where their first reg is.
        for (int i = 0; i < 16; i++) {
            rank(OxmField.reg(i));
            if (i % 2 == 0) {
                RANK.put(OxmField.xreg(i / 2), RANK.get(OxmField.reg(i)));
            }
            if (i % 4 == 0) {
                RANK.put(OxmField.xxreg(i / 4), RANK.get(OxmField.reg(i)));
            }
        }
        rank(OxmField.PKT_MARK);
        rank(OxmField.CT_STATE);
        rank(OxmField.CT_ZONE);
        rank(OxmField.CT_MARK);
        rank(OxmField.CT_LABEL);
        rank(OxmField.CT_NW_SRC);
        rank(OxmField.CT_IPV6_SRC);
        rank(OxmField.CT_NW_DST);
        rank(OxmField.CT_IPV6_DST);
        rank(OxmField.CT_NW_PROTO);
        rank(OxmField.CT_TP_SRC);
        rank(OxmField.CT_TP_DST);
        rank(OxmField.METADATA);
    }

    private OvsFieldOrder() {
    }

    private static void rank(OxmField... sameSlot) {
        int r = next++;
        for (OxmField f : sameSlot) {
            RANK.put(f, r);
        }
    }

    static int rankOf(OxmField f) {
        Integer r = RANK.get(f);
        return r != null ? r : Integer.MAX_VALUE;
    }
}
