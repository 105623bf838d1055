package org.vifd.openflow.match;

import java.util.HashMap;
import java.util.Map;

/**
 * An OXM field: class, field number and value width in bytes (OpenFlow 1.3.5 §7.2.3.7, ovs-fields(7) for the
 * Nicira NXM classes). Open-ended: {@link #valueOf(int, int)} returns a named constant or an unknown field
 * (width -1: any length accepted).
 */
public final class OxmField {
    public static final int CLASS_NXM_0 = 0x0000;
    public static final int CLASS_NXM_1 = 0x0001;
    public static final int CLASS_OPENFLOW_BASIC = 0x8000;
    public static final int CLASS_EXPERIMENTER = 0xffff;

    private static final Map<Integer, OxmField> BY_KEY = new HashMap<>();

    public static final OxmField IN_PORT = basic(0, 4, "in_port");
    public static final OxmField IN_PHY_PORT = basic(1, 4, "in_phy_port");
    public static final OxmField METADATA = basic(2, 8, "metadata");
    public static final OxmField ETH_DST = basic(3, 6, "eth_dst");
    public static final OxmField ETH_SRC = basic(4, 6, "eth_src");
    public static final OxmField ETH_TYPE = basic(5, 2, "eth_type");
    public static final OxmField VLAN_VID = basic(6, 2, "vlan_vid");
    public static final OxmField VLAN_PCP = basic(7, 1, "vlan_pcp");
    public static final OxmField IP_DSCP = basic(8, 1, "ip_dscp");
    public static final OxmField IP_ECN = basic(9, 1, "ip_ecn");
    public static final OxmField IP_PROTO = basic(10, 1, "ip_proto");
    public static final OxmField IPV4_SRC = basic(11, 4, "ipv4_src");
    public static final OxmField IPV4_DST = basic(12, 4, "ipv4_dst");
    public static final OxmField TCP_SRC = basic(13, 2, "tcp_src");
    public static final OxmField TCP_DST = basic(14, 2, "tcp_dst");
    public static final OxmField UDP_SRC = basic(15, 2, "udp_src");
    public static final OxmField UDP_DST = basic(16, 2, "udp_dst");
    public static final OxmField SCTP_SRC = basic(17, 2, "sctp_src");
    public static final OxmField SCTP_DST = basic(18, 2, "sctp_dst");
    public static final OxmField ICMPV4_TYPE = basic(19, 1, "icmpv4_type");
    public static final OxmField ICMPV4_CODE = basic(20, 1, "icmpv4_code");
    public static final OxmField ARP_OP = basic(21, 2, "arp_op");
    public static final OxmField ARP_SPA = basic(22, 4, "arp_spa");
    public static final OxmField ARP_TPA = basic(23, 4, "arp_tpa");
    public static final OxmField ARP_SHA = basic(24, 6, "arp_sha");
    public static final OxmField ARP_THA = basic(25, 6, "arp_tha");
    public static final OxmField IPV6_SRC = basic(26, 16, "ipv6_src");
    public static final OxmField IPV6_DST = basic(27, 16, "ipv6_dst");
    public static final OxmField IPV6_FLABEL = basic(28, 4, "ipv6_flabel");
    public static final OxmField ICMPV6_TYPE = basic(29, 1, "icmpv6_type");
    public static final OxmField ICMPV6_CODE = basic(30, 1, "icmpv6_code");
    public static final OxmField IPV6_ND_TARGET = basic(31, 16, "ipv6_nd_target");
    public static final OxmField IPV6_ND_SLL = basic(32, 6, "ipv6_nd_sll");
    public static final OxmField IPV6_ND_TLL = basic(33, 6, "ipv6_nd_tll");
    public static final OxmField TUNNEL_ID = basic(38, 8, "tunnel_id");
    public static final OxmField MPLS_LABEL = basic(34, 4, "mpls_label");
    public static final OxmField MPLS_TC = basic(35, 1, "mpls_tc");
    public static final OxmField MPLS_BOS = basic(36, 1, "mpls_bos");
    public static final OxmField PBB_ISID = basic(37, 3, "pbb_isid");
    public static final OxmField IPV6_EXTHDR = basic(39, 2, "ipv6_exthdr");
    public static final OxmField TCP_FLAGS = basic(42, 2, "tcp_flags");
    public static final OxmField ACTSET_OUTPUT = basic(43, 4, "actset_output");
    public static final OxmField PACKET_TYPE = basic(44, 4, "packet_type");

    /** Class OXM_OF_PKT_REGS (OpenFlow 1.5.1 §7.2.3.10): 64-bit packet registers, OVS's xreg0..7. */
    public static final int CLASS_PKT_REGS = 0x8001;

    // Nicira NXM_OF_* (class 0x0000), the OpenFlow 1.0 fields in NXM form (ovs-fields(7) "NXM" rows).
    public static final OxmField NXM_OF_IN_PORT = named(CLASS_NXM_0, 0, 2, "NXM_OF_IN_PORT");
    public static final OxmField NXM_OF_ETH_DST = named(CLASS_NXM_0, 1, 6, "NXM_OF_ETH_DST");
    public static final OxmField NXM_OF_ETH_SRC = named(CLASS_NXM_0, 2, 6, "NXM_OF_ETH_SRC");
    public static final OxmField NXM_OF_ETH_TYPE = named(CLASS_NXM_0, 3, 2, "NXM_OF_ETH_TYPE");
    public static final OxmField NXM_OF_VLAN_TCI = named(CLASS_NXM_0, 4, 2, "NXM_OF_VLAN_TCI");
    public static final OxmField NXM_OF_IP_TOS = named(CLASS_NXM_0, 5, 1, "NXM_OF_IP_TOS");
    public static final OxmField NXM_OF_IP_PROTO = named(CLASS_NXM_0, 6, 1, "NXM_OF_IP_PROTO");
    public static final OxmField NXM_OF_IP_SRC = named(CLASS_NXM_0, 7, 4, "NXM_OF_IP_SRC");
    public static final OxmField NXM_OF_IP_DST = named(CLASS_NXM_0, 8, 4, "NXM_OF_IP_DST");
    public static final OxmField NXM_OF_TCP_SRC = named(CLASS_NXM_0, 9, 2, "NXM_OF_TCP_SRC");
    public static final OxmField NXM_OF_TCP_DST = named(CLASS_NXM_0, 10, 2, "NXM_OF_TCP_DST");
    public static final OxmField NXM_OF_UDP_SRC = named(CLASS_NXM_0, 11, 2, "NXM_OF_UDP_SRC");
    public static final OxmField NXM_OF_UDP_DST = named(CLASS_NXM_0, 12, 2, "NXM_OF_UDP_DST");
    public static final OxmField NXM_OF_ICMP_TYPE = named(CLASS_NXM_0, 13, 1, "NXM_OF_ICMP_TYPE");
    public static final OxmField NXM_OF_ICMP_CODE = named(CLASS_NXM_0, 14, 1, "NXM_OF_ICMP_CODE");
    public static final OxmField NXM_OF_ARP_OP = named(CLASS_NXM_0, 15, 2, "NXM_OF_ARP_OP");
    public static final OxmField NXM_OF_ARP_SPA = named(CLASS_NXM_0, 16, 4, "NXM_OF_ARP_SPA");
    public static final OxmField NXM_OF_ARP_TPA = named(CLASS_NXM_0, 17, 4, "NXM_OF_ARP_TPA");

    // Nicira NXM_NX_* (class 0x0001) beside the registers (ovs-fields(7)).
    public static final OxmField TUN_ID = named(CLASS_NXM_1, 16, 8, "tun_id");
    public static final OxmField NXM_NX_ARP_SHA = named(CLASS_NXM_1, 17, 6, "NXM_NX_ARP_SHA");
    public static final OxmField NXM_NX_ARP_THA = named(CLASS_NXM_1, 18, 6, "NXM_NX_ARP_THA");
    public static final OxmField NXM_NX_IPV6_SRC = named(CLASS_NXM_1, 19, 16, "NXM_NX_IPV6_SRC");
    public static final OxmField NXM_NX_IPV6_DST = named(CLASS_NXM_1, 20, 16, "NXM_NX_IPV6_DST");
    public static final OxmField NXM_NX_ICMPV6_TYPE = named(CLASS_NXM_1, 21, 1, "NXM_NX_ICMPV6_TYPE");
    public static final OxmField NXM_NX_ICMPV6_CODE = named(CLASS_NXM_1, 22, 1, "NXM_NX_ICMPV6_CODE");
    public static final OxmField NXM_NX_ND_TARGET = named(CLASS_NXM_1, 23, 16, "NXM_NX_ND_TARGET");
    public static final OxmField NXM_NX_ND_SLL = named(CLASS_NXM_1, 24, 6, "NXM_NX_ND_SLL");
    public static final OxmField NXM_NX_ND_TLL = named(CLASS_NXM_1, 25, 6, "NXM_NX_ND_TLL");
    public static final OxmField IP_FRAG = named(CLASS_NXM_1, 26, 1, "ip_frag");
    public static final OxmField NXM_NX_IPV6_LABEL = named(CLASS_NXM_1, 27, 4, "NXM_NX_IPV6_LABEL");
    public static final OxmField NXM_NX_IP_ECN = named(CLASS_NXM_1, 28, 1, "NXM_NX_IP_ECN");
    public static final OxmField IP_TTL = named(CLASS_NXM_1, 29, 1, "ip_ttl");
    public static final OxmField MPLS_TTL = named(CLASS_NXM_1, 30, 1, "mpls_ttl");
    public static final OxmField TUN_SRC = named(CLASS_NXM_1, 31, 4, "tun_src");
    public static final OxmField TUN_DST = named(CLASS_NXM_1, 32, 4, "tun_dst");
    public static final OxmField PKT_MARK = named(CLASS_NXM_1, 33, 4, "pkt_mark");
    public static final OxmField NXM_NX_TCP_FLAGS = named(CLASS_NXM_1, 34, 2, "NXM_NX_TCP_FLAGS");
    public static final OxmField DP_HASH = named(CLASS_NXM_1, 35, 4, "dp_hash");
    public static final OxmField RECIRC_ID = named(CLASS_NXM_1, 36, 4, "recirc_id");
    public static final OxmField CONJ_ID = named(CLASS_NXM_1, 37, 4, "conj_id");
    public static final OxmField TUN_GBP_ID = named(CLASS_NXM_1, 38, 2, "tun_gbp_id");
    public static final OxmField TUN_GBP_FLAGS = named(CLASS_NXM_1, 39, 1, "tun_gbp_flags");
    public static final OxmField TUN_FLAGS = named(CLASS_NXM_1, 104, 2, "tun_flags");
    public static final OxmField CT_STATE = named(CLASS_NXM_1, 105, 4, "ct_state");
    public static final OxmField CT_ZONE = named(CLASS_NXM_1, 106, 2, "ct_zone");
    public static final OxmField CT_MARK = named(CLASS_NXM_1, 107, 4, "ct_mark");
    public static final OxmField CT_LABEL = named(CLASS_NXM_1, 108, 16, "ct_label");
    public static final OxmField TUN_IPV6_SRC = named(CLASS_NXM_1, 109, 16, "tun_ipv6_src");
    public static final OxmField TUN_IPV6_DST = named(CLASS_NXM_1, 110, 16, "tun_ipv6_dst");
    public static final OxmField CT_NW_PROTO = named(CLASS_NXM_1, 119, 1, "ct_nw_proto");
    public static final OxmField CT_NW_SRC = named(CLASS_NXM_1, 120, 4, "ct_nw_src");
    public static final OxmField CT_NW_DST = named(CLASS_NXM_1, 121, 4, "ct_nw_dst");
    public static final OxmField CT_IPV6_SRC = named(CLASS_NXM_1, 122, 16, "ct_ipv6_src");
    public static final OxmField CT_IPV6_DST = named(CLASS_NXM_1, 123, 16, "ct_ipv6_dst");
    public static final OxmField CT_TP_SRC = named(CLASS_NXM_1, 124, 2, "ct_tp_src");
    public static final OxmField CT_TP_DST = named(CLASS_NXM_1, 125, 2, "ct_tp_dst");

    private static final OxmField[] REGS = new OxmField[16];
    private static final OxmField[] XREGS = new OxmField[8];
    private static final OxmField[] XXREGS = new OxmField[4];

    static {
        // xreg0..7: OXM_OF_PKT_REG0..7, 64 bits; xxreg0..3: NXM_NX_XXREG0..3 (111..114), 128 bits.
        for (int i = 0; i < 8; i++) {
            XREGS[i] = named(CLASS_PKT_REGS, i, 8, "xreg" + i);
        }
        for (int i = 0; i < 4; i++) {
            XXREGS[i] = named(CLASS_NXM_1, 111 + i, 16, "xxreg" + i);
        }
        // NXM_NX_REG0..15: class 0x0001, fields 0..15, 32 bits (ovs-fields(7) "Register Fields").
        for (int i = 0; i < 16; i++) {
            REGS[i] = named(CLASS_NXM_1, i, 4, "reg" + i);
        }
    }

    private final int oxmClass;
    private final int field;
    private final int width;
    private final String name;
    /** For class 0xffff: the 32-bit experimenter id that follows the OXM header on the wire; else 0. */
    private final long experimenter;

    private OxmField(int oxmClass, int field, int width, String name) {
        this(oxmClass, field, width, name, 0);
    }

    private OxmField(int oxmClass, int field, int width, String name, long experimenter) {
        this.experimenter = experimenter;
        this.oxmClass = oxmClass;
        this.field = field;
        this.width = width;
        this.name = name;
    }

    private static final Map<Long, OxmField> EXPERIMENTER_FIELDS = new HashMap<>();
    /** ONF experimenter id (ONF_EXPERIMENTER_ID). */
    public static final long ONF_EXPERIMENTER = 0x4f4e4600L;
    /**
     * ONFOXM_ET_TCP_FLAGS: how OVS carries tcp_flags in OpenFlow 1.3/1.4 (ovs-fields(7): an experimenter OXM, class
     * 0xffff, field 42, experimenter ONF, 16 bits), where 1.5 uses the basic {@link #TCP_FLAGS}.
     */
    public static final OxmField ONF_TCP_FLAGS = experimenter(ONF_EXPERIMENTER, 42, 2, "onf_tcp_flags");

    private static OxmField experimenter(long experimenter, int field, int width, String name) {
        OxmField f = new OxmField(CLASS_EXPERIMENTER, field, width, name, experimenter);
        EXPERIMENTER_FIELDS.put(experimenter << 7 | field, f);
        return f;
    }

    /**
     * An experimenter-class field (OpenFlow 1.3.5 §7.2.3.2: class 0xffff, then a 32-bit experimenter id before the
     * value, counted in the OXM length). Named constant or an unknown field accepting any width.
     */
    public static OxmField experimenterField(long experimenter, int field) {
        OxmField f = EXPERIMENTER_FIELDS.get((experimenter & 0xffffffffL) << 7 | (field & 0x7f));
        return f != null ? f : new OxmField(CLASS_EXPERIMENTER, field & 0x7f, -1, "UNKNOWN(experimenter 0x"
                + Long.toHexString(experimenter) + "," + field + ")", experimenter & 0xffffffffL);
    }

    /** The experimenter id of a class-0xffff field, 0 for every other class. */
    public long experimenter() {
        return experimenter;
    }

    public boolean isExperimenter() {
        return oxmClass == CLASS_EXPERIMENTER;
    }

    private static OxmField basic(int field, int width, String name) {
        return named(CLASS_OPENFLOW_BASIC, field, width, name);
    }

    private static OxmField named(int oxmClass, int field, int width, String name) {
        OxmField f = new OxmField(oxmClass, field, width, name);
        BY_KEY.put(oxmClass << 7 | field, f);
        return f;
    }

    /** Nicira register {@code n} (0..15). */
    public static OxmField reg(int n) {
        if (n < 0 || n > 15) {
            throw new IllegalArgumentException("register index must be 0..15, got " + n);
        }
        return REGS[n];
    }

    /** 64-bit register xreg{@code n} (0..7), the pair reg(2n), reg(2n+1). */
    public static OxmField xreg(int n) {
        if (n < 0 || n > 7) {
            throw new IllegalArgumentException("xreg index must be 0..7, got " + n);
        }
        return XREGS[n];
    }

    /** 128-bit register xxreg{@code n} (0..3), the four registers reg(4n)..reg(4n+3). */
    public static OxmField xxreg(int n) {
        if (n < 0 || n > 3) {
            throw new IllegalArgumentException("xxreg index must be 0..3, got " + n);
        }
        return XXREGS[n];
    }

    /** True if this field has a name in this library (not an unknown code point). */
    public boolean isKnown() {
        if (isExperimenter()) {
            return EXPERIMENTER_FIELDS.get(experimenter << 7 | field) == this;
        }
        return BY_KEY.get(oxmClass << 7 | field) == this;
    }

    /** The 32-bit NXM/OXM header (class, field, hasmask=0, length) as Nicira actions carry it. */
    public int header() {
        return oxmClass << 16 | field << 9 | Math.max(width, 0);
    }

    /** The field for a 32-bit NXM/OXM header (its hasmask bit and length are ignored). */
    public static OxmField fromHeader(int header) {
        return valueOf(header >>> 16, (header >>> 9) & 0x7f);
    }

    public static OxmField valueOf(int oxmClass, int field) {
        OxmField f = BY_KEY.get((oxmClass & 0xffff) << 7 | (field & 0x7f));
        return f != null ? f
                : new OxmField(oxmClass & 0xffff, field & 0x7f, -1,
                        "UNKNOWN(0x" + Integer.toHexString(oxmClass) + "," + field + ")");
    }

    public int oxmClass() {
        return oxmClass;
    }

    public int field() {
        return field;
    }

    /** Value width in bytes, or -1 for an unknown field. */
    public int width() {
        return width;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OxmField && ((OxmField) o).oxmClass == oxmClass && ((OxmField) o).field == field
                && ((OxmField) o).experimenter == experimenter;
    }

    @Override
    public int hashCode() {
        return (oxmClass << 7 | field) ^ Long.hashCode(experimenter);
    }

    @Override
    public String toString() {
        return name;
    }
}
