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

    private static final OxmField[] REGS = new OxmField[16];

    static {
        // NXM_NX_REG0..15: class 0x0001, fields 0..15, 32 bits (ovs-fields(7) "Register Fields").
        for (int i = 0; i < 16; i++) {
            REGS[i] = named(CLASS_NXM_1, i, 4, "reg" + i);
        }
    }

    private final int oxmClass;
    private final int field;
    private final int width;
    private final String name;

    private OxmField(int oxmClass, int field, int width, String name) {
        this.oxmClass = oxmClass;
        this.field = field;
        this.width = width;
        this.name = name;
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

    /** Sort key: OpenFlow basic fields first in field order (which puts prerequisites first), then the others. */
    int sortKey() {
        int classRank = oxmClass == CLASS_OPENFLOW_BASIC ? 0 : 1 + oxmClass;
        return classRank << 8 | field;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OxmField && ((OxmField) o).oxmClass == oxmClass && ((OxmField) o).field == field;
    }

    @Override
    public int hashCode() {
        return oxmClass << 7 | field;
    }

    @Override
    public String toString() {
        return name;
    }
}
