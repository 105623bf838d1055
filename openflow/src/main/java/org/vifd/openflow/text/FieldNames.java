package org.vifd.openflow.text;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.vifd.openflow.match.OxmField;

/**
 * Names of fields as ovs-fields(7) spells them: the NXM/OXM names of field references
 * ({@code NXM_NX_REG0[0..15]}), the field names of set_field and learn, and how each value is written.
 */
final class FieldNames {
    /** How a field's value is written (OVS's mf_string). */
    enum Format { DEC, HEX, MAC, IPV4, IPV6, PORT }

    record Info(OxmField field, String name, String refName, Format format) {
    }

    private static final Map<String, OxmField> BY_REF_NAME = new HashMap<>();
    private static final Map<OxmField, Info> BY_FIELD = new HashMap<>();
    private static final Map<String, OxmField> BY_NAME = new HashMap<>();
    private static final Map<OxmField, OxmField> NXM_TWIN = new HashMap<>();

    static {
        // name (set_field/learn), reference name (NXM_* or OXM_*), format. Where a field has both an NXM and an OXM
        // code, OVS names the reference by the NXM one: both codes map to the same names here.
        add(OxmField.IN_PORT, "in_port", "OXM_OF_IN_PORT", Format.PORT);
        add(OxmField.NXM_OF_IN_PORT, "in_port", "NXM_OF_IN_PORT", Format.PORT);
        add(OxmField.METADATA, "metadata", "OXM_OF_METADATA", Format.HEX);
        both(OxmField.ETH_DST, OxmField.NXM_OF_ETH_DST, "eth_dst", Format.MAC);
        both(OxmField.ETH_SRC, OxmField.NXM_OF_ETH_SRC, "eth_src", Format.MAC);
        both(OxmField.ETH_TYPE, OxmField.NXM_OF_ETH_TYPE, "eth_type", Format.HEX);
        add(OxmField.NXM_OF_VLAN_TCI, "vlan_tci", "NXM_OF_VLAN_TCI", Format.HEX);
        add(OxmField.VLAN_VID, "vlan_vid", "OXM_OF_VLAN_VID", Format.DEC);
        add(OxmField.VLAN_PCP, "vlan_pcp", "OXM_OF_VLAN_PCP", Format.DEC);
        add(OxmField.NXM_OF_IP_TOS, "nw_tos", "NXM_OF_IP_TOS", Format.DEC);
        add(OxmField.IP_DSCP, "ip_dscp", "OXM_OF_IP_DSCP", Format.DEC);
        both(OxmField.IP_ECN, OxmField.NXM_NX_IP_ECN, "nw_ecn", Format.DEC);
        add(OxmField.IP_TTL, "nw_ttl", "NXM_NX_IP_TTL", Format.DEC);
        add(OxmField.IP_FRAG, "ip_frag", "NXM_NX_IP_FRAG", Format.HEX);
        both(OxmField.IP_PROTO, OxmField.NXM_OF_IP_PROTO, "nw_proto", Format.DEC);
        both(OxmField.IPV4_SRC, OxmField.NXM_OF_IP_SRC, "ip_src", Format.IPV4);
        both(OxmField.IPV4_DST, OxmField.NXM_OF_IP_DST, "ip_dst", Format.IPV4);
        both(OxmField.TCP_SRC, OxmField.NXM_OF_TCP_SRC, "tcp_src", Format.DEC);
        both(OxmField.TCP_DST, OxmField.NXM_OF_TCP_DST, "tcp_dst", Format.DEC);
        both(OxmField.UDP_SRC, OxmField.NXM_OF_UDP_SRC, "udp_src", Format.DEC);
        both(OxmField.UDP_DST, OxmField.NXM_OF_UDP_DST, "udp_dst", Format.DEC);
        add(OxmField.SCTP_SRC, "sctp_src", "OXM_OF_SCTP_SRC", Format.DEC);
        add(OxmField.SCTP_DST, "sctp_dst", "OXM_OF_SCTP_DST", Format.DEC);
        both(OxmField.ICMPV4_TYPE, OxmField.NXM_OF_ICMP_TYPE, "icmp_type", Format.DEC);
        both(OxmField.ICMPV4_CODE, OxmField.NXM_OF_ICMP_CODE, "icmp_code", Format.DEC);
        both(OxmField.ARP_OP, OxmField.NXM_OF_ARP_OP, "arp_op", Format.DEC);
        both(OxmField.ARP_SPA, OxmField.NXM_OF_ARP_SPA, "arp_spa", Format.IPV4);
        both(OxmField.ARP_TPA, OxmField.NXM_OF_ARP_TPA, "arp_tpa", Format.IPV4);
        both(OxmField.ARP_SHA, OxmField.NXM_NX_ARP_SHA, "arp_sha", Format.MAC);
        both(OxmField.ARP_THA, OxmField.NXM_NX_ARP_THA, "arp_tha", Format.MAC);
        both(OxmField.IPV6_SRC, OxmField.NXM_NX_IPV6_SRC, "ipv6_src", Format.IPV6);
        both(OxmField.IPV6_DST, OxmField.NXM_NX_IPV6_DST, "ipv6_dst", Format.IPV6);
        both(OxmField.IPV6_FLABEL, OxmField.NXM_NX_IPV6_LABEL, "ipv6_label", Format.HEX);
        both(OxmField.ICMPV6_TYPE, OxmField.NXM_NX_ICMPV6_TYPE, "icmpv6_type", Format.DEC);
        both(OxmField.ICMPV6_CODE, OxmField.NXM_NX_ICMPV6_CODE, "icmpv6_code", Format.DEC);
        both(OxmField.IPV6_ND_TARGET, OxmField.NXM_NX_ND_TARGET, "nd_target", Format.IPV6);
        both(OxmField.IPV6_ND_SLL, OxmField.NXM_NX_ND_SLL, "nd_sll", Format.MAC);
        both(OxmField.IPV6_ND_TLL, OxmField.NXM_NX_ND_TLL, "nd_tll", Format.MAC);
        add(OxmField.MPLS_LABEL, "mpls_label", "OXM_OF_MPLS_LABEL", Format.DEC);
        add(OxmField.MPLS_TC, "mpls_tc", "OXM_OF_MPLS_TC", Format.DEC);
        add(OxmField.MPLS_BOS, "mpls_bos", "OXM_OF_MPLS_BOS", Format.DEC);
        add(OxmField.MPLS_TTL, "mpls_ttl", "NXM_NX_MPLS_TTL", Format.DEC);
        add(OxmField.TUN_ID, "tun_id", "NXM_NX_TUN_ID", Format.HEX);
        BY_FIELD.put(OxmField.TUNNEL_ID, BY_FIELD.get(OxmField.TUN_ID));
        add(OxmField.TUN_SRC, "tun_src", "NXM_NX_TUN_IPV4_SRC", Format.IPV4);
        add(OxmField.TUN_DST, "tun_dst", "NXM_NX_TUN_IPV4_DST", Format.IPV4);
        add(OxmField.TUN_IPV6_SRC, "tun_ipv6_src", "NXM_NX_TUN_IPV6_SRC", Format.IPV6);
        add(OxmField.TUN_IPV6_DST, "tun_ipv6_dst", "NXM_NX_TUN_IPV6_DST", Format.IPV6);
        add(OxmField.TUN_GBP_ID, "tun_gbp_id", "NXM_NX_TUN_GBP_ID", Format.DEC);
        add(OxmField.TUN_GBP_FLAGS, "tun_gbp_flags", "NXM_NX_TUN_GBP_FLAGS", Format.HEX);
        add(OxmField.TUN_FLAGS, "tun_flags", "NXM_NX_TUN_FLAGS", Format.HEX);
        add(OxmField.PKT_MARK, "pkt_mark", "NXM_NX_PKT_MARK", Format.HEX);
        both(OxmField.TCP_FLAGS, OxmField.NXM_NX_TCP_FLAGS, "tcp_flags", Format.HEX);
        add(OxmField.DP_HASH, "dp_hash", "NXM_NX_DP_HASH", Format.HEX);
        add(OxmField.RECIRC_ID, "recirc_id", "NXM_NX_RECIRC_ID", Format.DEC);
        add(OxmField.CONJ_ID, "conj_id", "NXM_NX_CONJ_ID", Format.DEC);
        add(OxmField.CT_STATE, "ct_state", "NXM_NX_CT_STATE", Format.HEX);
        add(OxmField.CT_ZONE, "ct_zone", "NXM_NX_CT_ZONE", Format.HEX);
        add(OxmField.CT_MARK, "ct_mark", "NXM_NX_CT_MARK", Format.HEX);
        add(OxmField.CT_LABEL, "ct_label", "NXM_NX_CT_LABEL", Format.HEX);
        add(OxmField.CT_NW_PROTO, "ct_nw_proto", "NXM_NX_CT_NW_PROTO", Format.DEC);
        add(OxmField.CT_NW_SRC, "ct_nw_src", "NXM_NX_CT_NW_SRC", Format.IPV4);
        add(OxmField.CT_NW_DST, "ct_nw_dst", "NXM_NX_CT_NW_DST", Format.IPV4);
        add(OxmField.CT_IPV6_SRC, "ct_ipv6_src", "NXM_NX_CT_IPV6_SRC", Format.IPV6);
        add(OxmField.CT_IPV6_DST, "ct_ipv6_dst", "NXM_NX_CT_IPV6_DST", Format.IPV6);
        add(OxmField.CT_TP_SRC, "ct_tp_src", "NXM_NX_CT_TP_SRC", Format.DEC);
        add(OxmField.CT_TP_DST, "ct_tp_dst", "NXM_NX_CT_TP_DST", Format.DEC);
        for (int i = 0; i < 16; i++) {
            add(OxmField.reg(i), "reg" + i, "NXM_NX_REG" + i, Format.HEX);
        }
        for (int i = 0; i < 8; i++) {
            add(OxmField.xreg(i), "xreg" + i, "OXM_OF_PKT_REG" + i, Format.HEX);
        }
        for (int i = 0; i < 4; i++) {
            add(OxmField.xxreg(i), "xxreg" + i, "NXM_NX_XXREG" + i, Format.HEX);
        }
        // Aliases accepted on input.
        BY_NAME.put("dl_src", OxmField.ETH_SRC);
        BY_NAME.put("dl_dst", OxmField.ETH_DST);
        BY_NAME.put("dl_type", OxmField.ETH_TYPE);
        BY_NAME.put("nw_src", OxmField.IPV4_SRC);
        BY_NAME.put("nw_dst", OxmField.IPV4_DST);
        BY_NAME.put("ip_proto", OxmField.IP_PROTO);
        BY_NAME.put("ip_ecn", OxmField.IP_ECN);
        BY_NAME.put("ip_ttl", OxmField.IP_TTL);
        BY_NAME.put("tun_ipv4_src", OxmField.TUN_SRC);
        BY_NAME.put("tun_ipv4_dst", OxmField.TUN_DST);
        BY_NAME.put("tunnel_id", OxmField.TUN_ID);
        BY_NAME.put("icmpv4_type", OxmField.ICMPV4_TYPE);
        BY_NAME.put("icmpv4_code", OxmField.ICMPV4_CODE);
        BY_NAME.put("ipv6_nd_target", OxmField.IPV6_ND_TARGET);
        BY_NAME.put("in_port", OxmField.IN_PORT);
        BY_NAME.put("tcp_flags", OxmField.NXM_NX_TCP_FLAGS);
        BY_NAME.put("ipv6_label", OxmField.IPV6_FLABEL);
        // ovs-fields(7): "tcp_src (aka tp_src)". A match's tp_src follows its protocol (MatchText); a field named
        // in learn or set_field is always TCP's, as in OVS's mf_from_name.
        BY_NAME.put("tp_src", OxmField.TCP_SRC);
        BY_NAME.put("tp_dst", OxmField.TCP_DST);
    }

    private FieldNames() {
    }

    private static void add(OxmField f, String name, String refName, Format format) {
        Info info = new Info(f, name, refName, format);
        BY_FIELD.put(f, info);
        BY_REF_NAME.putIfAbsent(refName, f);
        BY_NAME.putIfAbsent(name, f);
    }

    /** A field with an OXM and an NXM code: both print with the NXM reference name, OVS's choice. */
    private static void both(OxmField oxm, OxmField nxm, String name, Format format) {
        String ref = nxm.name();
        NXM_TWIN.put(oxm, nxm);
        add(nxm, name, ref, format);
        add(oxm, name, ref, format);
        BY_REF_NAME.put("OXM_OF_" + oxm.name().toUpperCase(Locale.ROOT), oxm);
        BY_NAME.put(name, oxm);
    }

    /** The field named by a reference ({@code NXM_NX_REG0}, {@code OXM_OF_METADATA}), or by its plain name. */
    static OxmField byRefName(String name) {
        OxmField f = BY_REF_NAME.get(name);
        if (f == null) {
            f = BY_NAME.get(name);
        }
        if (f == null) {
            throw new FlowTextException("unknown field `" + name + "'");
        }
        return f;
    }

    /** The field for set_field/learn names ({@code reg0}, {@code eth_src}, {@code ip_dst}, {@code tun_id}). */
    static OxmField byName(String name) {
        OxmField f = BY_NAME.get(name);
        if (f == null) {
            f = BY_REF_NAME.get(name);
        }
        if (f == null) {
            throw new FlowTextException("unknown field `" + name + "'");
        }
        return f;
    }

    /** True if {@code name} names a field (as {@link #byName} would find it). */
    static boolean isFieldName(String name) {
        return BY_NAME.containsKey(name) || BY_REF_NAME.containsKey(name);
    }

    /**
     * The NXM code of a field that has one (OVS's mf_nxm_header: a Nicira action such as reg_load names its field
     * by the NXM code where there is one), else the field itself.
     */
    static OxmField nxm(OxmField f) {
        return NXM_TWIN.getOrDefault(f, f);
    }

    static Info info(OxmField f) {
        Info i = BY_FIELD.get(f);
        if (i == null) {
            String hex = String.format("0x%x", f.header());
            return new Info(f, hex, hex, Format.HEX);
        }
        return i;
    }
}
