package org.vifd.openflow.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The match fields Open vSwitch 3.1 knows, in its internal field order (enum mf_field_id, include/openvswitch/
 * meta-flow.h) and with its names: the order and names `ovs-ofctl ofp-print` uses when it lists fields of a table
 * features reply. Each row is the OXM/NXM class, field number, size in bytes, experimenter id (for class 0xffff)
 * and name; the rows
 * follow the order of the OFPTFPT_MATCH property of a table features reply captured from ovs-vswitchd 3.1, which
 * writes the fields in that order (golden/ovs-table-features-reply-last-part-of13).
 */
final class OvsFieldIds {
    private static final String ROWS = """
            0001  35  4        - dp_hash | 0001  36  4        - recirc_id | 8000  44  4        - packet_type
            0001  37  4        - conj_id | 8000  38  8        - tun_id | 0001  31  4        - tun_src
            0001  32  4        - tun_dst | 0001 109 16        - tun_ipv6_src | 0001 110 16        - tun_ipv6_dst
            0001 104  2        - tun_flags | 0001  38  2        - tun_gbp_id | 0001  39  1        - tun_gbp_flags
            ffff  11  4 00002320 tun_erspan_idx | ffff  12  1 00002320 tun_erspan_ver | ffff  13  1 00002320 tun_erspan_dir
            ffff  14  1 00002320 tun_erspan_hwid | ffff  15  1 00002320 tun_gtpu_flags | ffff  16  1 00002320 tun_gtpu_msgtype
            0001  40 124        - tun_metadata0 | 0001  41 124        - tun_metadata1 | 0001  42 124        - tun_metadata2
            0001  43 124        - tun_metadata3 | 0001  44 124        - tun_metadata4 | 0001  45 124        - tun_metadata5
            0001  46 124        - tun_metadata6 | 0001  47 124        - tun_metadata7 | 0001  48 124        - tun_metadata8
            0001  49 124        - tun_metadata9 | 0001  50 124        - tun_metadata10 | 0001  51 124        - tun_metadata11
            0001  52 124        - tun_metadata12 | 0001  53 124        - tun_metadata13 | 0001  54 124        - tun_metadata14
            0001  55 124        - tun_metadata15 | 0001  56 124        - tun_metadata16 | 0001  57 124        - tun_metadata17
            0001  58 124        - tun_metadata18 | 0001  59 124        - tun_metadata19 | 0001  60 124        - tun_metadata20
            0001  61 124        - tun_metadata21 | 0001  62 124        - tun_metadata22 | 0001  63 124        - tun_metadata23
            0001  64 124        - tun_metadata24 | 0001  65 124        - tun_metadata25 | 0001  66 124        - tun_metadata26
            0001  67 124        - tun_metadata27 | 0001  68 124        - tun_metadata28 | 0001  69 124        - tun_metadata29
            0001  70 124        - tun_metadata30 | 0001  71 124        - tun_metadata31 | 0001  72 124        - tun_metadata32
            0001  73 124        - tun_metadata33 | 0001  74 124        - tun_metadata34 | 0001  75 124        - tun_metadata35
            0001  76 124        - tun_metadata36 | 0001  77 124        - tun_metadata37 | 0001  78 124        - tun_metadata38
            0001  79 124        - tun_metadata39 | 0001  80 124        - tun_metadata40 | 0001  81 124        - tun_metadata41
            0001  82 124        - tun_metadata42 | 0001  83 124        - tun_metadata43 | 0001  84 124        - tun_metadata44
            0001  85 124        - tun_metadata45 | 0001  86 124        - tun_metadata46 | 0001  87 124        - tun_metadata47
            0001  88 124        - tun_metadata48 | 0001  89 124        - tun_metadata49 | 0001  90 124        - tun_metadata50
            0001  91 124        - tun_metadata51 | 0001  92 124        - tun_metadata52 | 0001  93 124        - tun_metadata53
            0001  94 124        - tun_metadata54 | 0001  95 124        - tun_metadata55 | 0001  96 124        - tun_metadata56
            0001  97 124        - tun_metadata57 | 0001  98 124        - tun_metadata58 | 0001  99 124        - tun_metadata59
            0001 100 124        - tun_metadata60 | 0001 101 124        - tun_metadata61 | 0001 102 124        - tun_metadata62
            0001 103 124        - tun_metadata63 | 8000   2  8        - metadata | 0000   0  2        - in_port
            8000   0  4        - in_port_oxm | ffff  43  4 4f4e4600 actset_output | 0001  33  4        - pkt_mark
            0001 105  4        - ct_state | 0001 106  2        - ct_zone | 0001 107  4        - ct_mark
            0001 108 16        - ct_label | 0001 119  1        - ct_nw_proto | 0001 120  4        - ct_nw_src
            0001 121  4        - ct_nw_dst | 0001 122 16        - ct_ipv6_src | 0001 123 16        - ct_ipv6_dst
            0001 124  2        - ct_tp_src | 0001 125  2        - ct_tp_dst | 0001   0  4        - reg0
            0001   1  4        - reg1 | 0001   2  4        - reg2 | 0001   3  4        - reg3
            0001   4  4        - reg4 | 0001   5  4        - reg5 | 0001   6  4        - reg6
            0001   7  4        - reg7 | 0001   8  4        - reg8 | 0001   9  4        - reg9
            0001  10  4        - reg10 | 0001  11  4        - reg11 | 0001  12  4        - reg12
            0001  13  4        - reg13 | 0001  14  4        - reg14 | 0001  15  4        - reg15
            8001   0  8        - xreg0 | 8001   1  8        - xreg1 | 8001   2  8        - xreg2
            8001   3  8        - xreg3 | 8001   4  8        - xreg4 | 8001   5  8        - xreg5
            8001   6  8        - xreg6 | 8001   7  8        - xreg7 | 0001 111 16        - xxreg0
            0001 112 16        - xxreg1 | 0001 113 16        - xxreg2 | 0001 114 16        - xxreg3
            8000   4  6        - eth_src | 8000   3  6        - eth_dst | 8000   5  2        - eth_type
            0000   4  2        - vlan_tci | 8000   6  2        - vlan_vid | 8000   7  1        - vlan_pcp
            8000  34  4        - mpls_label | 8000  35  1        - mpls_tc | 8000  36  1        - mpls_bos
            0001  30  1        - mpls_ttl | 8000  11  4        - ip_src | 8000  12  4        - ip_dst
            8000  26 16        - ipv6_src | 8000  27 16        - ipv6_dst | 8000  28  4        - ipv6_label
            8000  10  1        - nw_proto | 0000   5  1        - nw_tos | 8000   8  1        - ip_dscp
            8000   9  1        - nw_ecn | 0001  29  1        - nw_ttl | 0001  26  1        - ip_frag
            8000  21  2        - arp_op | 8000  22  4        - arp_spa | 8000  23  4        - arp_tpa
            8000  24  6        - arp_sha | 8000  25  6        - arp_tha | 8000  13  2        - tcp_src
            8000  14  2        - tcp_dst | ffff  42  2 4f4e4600 tcp_flags | 8000  15  2        - udp_src
            8000  16  2        - udp_dst | 8000  17  2        - sctp_src | 8000  18  2        - sctp_dst
            8000  19  1        - icmp_type | 8000  20  1        - icmp_code | 8000  29  1        - icmpv6_type
            8000  30  1        - icmpv6_code | 8000  31 16        - nd_target | 8000  32  6        - nd_sll
            8000  33  6        - nd_tll | 1000   1  4        - nd_reserved | 1000   2  1        - nd_options_type
            ffff   1  1 005ad650 nsh_flags | ffff   2  1 005ad650 nsh_mdtype | ffff   3  1 005ad650 nsh_np
            ffff   4  4 005ad650 nsh_spi | ffff   5  1 005ad650 nsh_si | ffff   6  4 005ad650 nsh_c1
            ffff   7  4 005ad650 nsh_c2 | ffff   8  4 005ad650 nsh_c3 | ffff   9  4 005ad650 nsh_c4
            ffff  10  1 005ad650 nsh_ttl
            """;

    /**
     * Other headers OVS reads as one of the fields above (the NXM form of an OXM field, OpenFlow 1.5's OXM form of
     * an ONF or Nicira field): class, field number and the name of the field it stands for.
     */
    private static final String ALIASES = """
            0000   1 eth_dst | 0000   2 eth_src | 0000   3 eth_type | 0000   6 nw_proto | 0000   7 ip_src
            0000   8 ip_dst | 0000   9 tcp_src | 0000  10 tcp_dst | 0000  11 udp_src | 0000  12 udp_dst
            0000  13 icmp_type | 0000  14 icmp_code | 0000  15 arp_op | 0000  16 arp_spa | 0000  17 arp_tpa
            0001  16 tun_id | 0001  17 arp_sha | 0001  18 arp_tha | 0001  19 ipv6_src | 0001  20 ipv6_dst
            0001  21 icmpv6_type | 0001  22 icmpv6_code | 0001  23 nd_target | 0001  24 nd_sll | 0001  25 nd_tll
            0001  27 ipv6_label | 0001  28 nw_ecn | 0001  34 tcp_flags | 8000  42 tcp_flags | 8000  43 actset_output
            """;

    private static final Map<Long, Integer> INDEX = new HashMap<>();
    private static final List<String> NAMES;
    private static final List<Integer> SIZES;

    static {
        List<String> names = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        for (String row : ROWS.strip().split("\\s*[|\\n]\\s*")) {
            String[] f = row.trim().split("\\s+");
            long exp = f[3].equals("-") ? 0 : Long.parseLong(f[3], 16);
            INDEX.put(key(Integer.parseInt(f[0], 16), Integer.parseInt(f[1]), exp), names.size());
            sizes.add(Integer.parseInt(f[2]));
            names.add(f[4]);
        }
        for (String row : ALIASES.strip().split("\\s*[|\\n]\\s*")) {
            String[] f = row.trim().split("\\s+");
            INDEX.put(key(Integer.parseInt(f[0], 16), Integer.parseInt(f[1]), 0), names.indexOf(f[2]));
        }
        NAMES = List.copyOf(names);
        SIZES = List.copyOf(sizes);
    }

    private OvsFieldIds() {
    }

    private static long key(int oxmClass, int field, long experimenter) {
        return ((long) oxmClass << 40) | ((long) field << 32) | experimenter;
    }

    /** OVS's index of the field, or -1 if OVS 3.1 does not know it (ofp-print then skips it). */
    static int index(int oxmClass, int field, long experimenter) {
        return INDEX.getOrDefault(key(oxmClass, field, oxmClass == 0xffff ? experimenter : 0), -1);
    }

    /** The size of the field's value in bytes: a header must give it (twice with a mask) or OVS skips it. */
    static int size(int index) {
        return SIZES.get(index);
    }

    static String name(int index) {
        return NAMES.get(index);
    }

    static int count() {
        return NAMES.size();
    }
}
