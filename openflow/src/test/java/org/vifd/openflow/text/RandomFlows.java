package org.vifd.openflow.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random flows in ovs-ofctl's text form: match fields with their prerequisites (an IP field only under ip/ipv6, a
 * port only under tcp/udp, ...) and actions from the supported set that the match permits (dec_ttl and ct need IP,
 * mod_tp_src a transport protocol, pop_vlan a VLAN). Masked values are given already masked, as OVS stores them.
 */
final class RandomFlows {
    private RandomFlows() {
    }

    static final String[] PROTOS = {"", "ip", "tcp", "udp", "icmp", "arp", "ipv6", "tcp6", "udp6", "icmp6", "mpls"};
    /** Meters and groups a random flow may reference: the sandbox test creates them on its bridges first. */
    static final int METERS = 3;
    static final int GROUPS = 3;
    private static final String[] CT_FLAGS = {"new", "est", "rel", "rpl", "inv", "snat", "dnat"};
    static final String[] V6 = {"2001:db8::/32", "fd00::1", "fe80::/64", "2001:db8:0:1::/64", "::1"};

    static String flow(Random r, int table, int priority) {
        String proto = PROTOS[r.nextInt(PROTOS.length)];
        boolean ip4 = List.of("ip", "tcp", "udp", "icmp").contains(proto);
        boolean ip6 = List.of("ipv6", "tcp6", "udp6", "icmp6").contains(proto);
        boolean mpls = proto.equals("mpls");
        boolean l4 = List.of("tcp", "udp", "tcp6", "udp6").contains(proto);
        List<String> m = new ArrayList<>();
        m.add("table=" + table);
        m.add("priority=" + priority);
        if (r.nextInt(3) == 0) {
            m.add("cookie=0x" + Long.toHexString(r.nextLong()));
        }
        if (!proto.isEmpty()) {
            m.add(proto);
        }
        if (r.nextBoolean()) {
            m.add("in_port=" + (1 + r.nextInt(1000)));
        }
        if (r.nextInt(3) == 0) {
            m.add("dl_src=" + mac(r));
        }
        if (r.nextInt(4) == 0) {
            m.add(r.nextBoolean() ? "dl_dst=" + mac(r) : "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00");
        }
        boolean vlan = r.nextInt(5) == 0;
        if (vlan) {
            m.add("dl_vlan=" + r.nextInt(4096));
        }
        for (int i = 0, n = r.nextInt(3); i < n; i++) {
            int reg = r.nextInt(16);
            if (m.stream().noneMatch(x -> x.startsWith("reg" + reg + "="))) {
                long v = r.nextInt() & 0xffffffffL;
                if (r.nextBoolean()) {
                    long mask = (r.nextInt() & 0xffffffffL) | 1;
                    m.add("reg" + reg + "=0x" + Long.toHexString(v & mask) + "/0x" + Long.toHexString(mask));
                } else {
                    m.add("reg" + reg + "=0x" + Long.toHexString(v));
                }
            }
        }
        if (r.nextInt(4) == 0) {
            m.add("metadata=0x" + Long.toHexString(r.nextLong()));
        }
        if (r.nextInt(6) == 0) {
            m.add("tun_id=0x" + Long.toHexString(r.nextLong() >>> 1));
        }
        if (r.nextInt(6) == 0) {
            m.add("pkt_mark=0x" + Integer.toHexString(r.nextInt(1 << 20)));
        }
        if (r.nextInt(6) == 0) {
            m.add("ct_zone=" + r.nextInt(65536));
        }
        // OVS refuses ct(commit) on a flow that matches +inv (check_CT: MATCH_INCONSISTENT).
        boolean invalidCt = false;
        boolean validCt = false;
        if (r.nextInt(5) == 0) {
            String ct = ctState(r);
            invalidCt = ct.contains("+inv");
            // OVS's is_ct_valid: a state that implies a conntrack entry, or +trk with an explicit -inv.
            validCt = ct.contains("+trk") && (ct.contains("-inv") || List.of("+new", "+est", "+rel", "+rpl",
                    "+snat", "+dnat").stream().anyMatch(ct::contains));
            m.add("ct_state=" + ct);
        }
        if (r.nextInt(6) == 0) {
            m.add("ct_mark=" + masked(r, 32));
        }
        if (r.nextInt(6) == 0) {
            m.add("ct_label=" + masked(r, 128));
        }
        if (r.nextInt(10) == 0) {
            m.add("conj_id=" + (r.nextInt() & 0xffffffffL));
        }
        if (ip4) {
            if (r.nextBoolean()) {
                m.add("nw_src=" + prefix(r));
            }
            if (r.nextBoolean()) {
                m.add("nw_dst=" + prefix(r));
            }
            if (r.nextInt(4) == 0) {
                m.add("nw_tos=" + 4 * r.nextInt(64));
            }
        }
        if (ip6) {
            if (r.nextBoolean()) {
                m.add("ipv6_src=" + V6[r.nextInt(V6.length)]);
            }
            if (r.nextInt(3) == 0) {
                m.add("ipv6_dst=" + V6[r.nextInt(V6.length)]);
            }
        }
        if (l4) {
            if (r.nextBoolean()) {
                m.add("tp_src=" + r.nextInt(65536));
            }
            if (r.nextBoolean()) {
                m.add("tp_dst=" + r.nextInt(65536));
            }
        }
        if (proto.equals("icmp") && r.nextBoolean()) {
            m.add("icmp_type=" + r.nextInt(256));
            m.add("icmp_code=" + r.nextInt(256));
        }
        if (proto.equals("icmp6") && r.nextInt(3) != 0) {
            // IPv6 neighbour discovery: nd_target needs icmp_type 135/136 (and code 0), nd_sll 135, nd_tll 136.
            boolean solicit = r.nextBoolean();
            m.add("icmp_type=" + (solicit ? 135 : 136));
            if (r.nextBoolean()) {
                m.add("nd_target=" + V6[r.nextInt(V6.length)]);
            }
            if (r.nextBoolean()) {
                m.add((solicit ? "nd_sll=" : "nd_tll=") + mac(r));
            }
        }
        if (mpls) {
            if (r.nextBoolean()) {
                m.add("mpls_label=" + r.nextInt(1 << 20));
            }
            if (r.nextInt(3) == 0) {
                m.add("mpls_tc=" + r.nextInt(8));
            }
            if (r.nextInt(3) == 0) {
                m.add("mpls_bos=" + r.nextInt(2));
            }
        }
        if (proto.equals("arp")) {
            if (r.nextBoolean()) {
                m.add("arp_op=" + (1 + r.nextInt(2)));
            }
            if (r.nextBoolean()) {
                m.add("arp_spa=" + ip(r));
            }
            if (r.nextBoolean()) {
                m.add("arp_tpa=" + ip(r));
            }
            if (r.nextInt(3) == 0) {
                m.add("arp_sha=" + mac(r));
            }
        }
        return String.join(",", m) + " actions=" + actions(r, table, ip4 || ip6, ip4, l4, proto, vlan,
                invalidCt, validCt);
    }

    /** ct_state flags with a mask: +trk and others (+/-) in any order, or -trk alone (OVS allows nothing else). */
    static String ctState(Random r) {
        if (r.nextInt(6) == 0) {
            return "-trk";
        }
        List<String> parts = new ArrayList<>();
        parts.add("+trk");
        for (String f : CT_FLAGS) {
            if (r.nextInt(4) == 0) {
                parts.add((r.nextBoolean() ? "+" : "-") + f);
            }
        }
        java.util.Collections.shuffle(parts, r);
        return String.join("", parts);
    }

    private static String nat(Random r, boolean ip4, boolean l4) {
        StringBuilder s = new StringBuilder("nat");
        if (r.nextInt(5) == 0) {
            return s.toString();
        }
        s.append('(').append(r.nextBoolean() ? "src=" : "dst=");
        if (ip4) {
            String lo = ip(r);
            s.append(lo);
            String[] o = lo.split("\\.");
            // max == min is not expressible in OVS's text (format_NAT prints a one-address range as its min)
            if (r.nextBoolean() && Integer.parseInt(o[3]) < 255) {
                s.append('-').append(o[0]).append('.').append(o[1]).append('.').append(o[2]).append('.')
                        .append(Math.min(255, Integer.parseInt(o[3]) + 1 + r.nextInt(10)));
            }
        } else {
            s.append("[fd00::").append(Integer.toHexString(1 + r.nextInt(1000))).append(']');
            if (r.nextBoolean()) {
                s.append("-[fd00::").append(Integer.toHexString(1001 + r.nextInt(1000))).append(']');
            }
        }
        if (l4 && r.nextBoolean()) {
            int p = 1 + r.nextInt(60000);
            s.append(':').append(p);
            if (r.nextBoolean()) {
                s.append('-').append(p + 1 + r.nextInt(1000));
            }
        }
        if (r.nextInt(3) == 0) {
            s.append(r.nextBoolean() ? ",random" : ",hash");
        }
        if (r.nextInt(3) == 0) {
            s.append(",persistent");
        }
        return s.append(')').toString();
    }

    private static String actions(Random r, int table, boolean ip, boolean ip4, boolean l4, String proto,
                                  boolean vlan, boolean invalidCt, boolean validCt) {
        if (r.nextInt(20) == 0) {
            return "drop";
        }
        if (r.nextInt(15) == 0) {
            // conjunction may only be combined with other conjunction actions (OVS ofpacts_verify).
            List<String> c = new ArrayList<>();
            for (int i = 0, n = 1 + r.nextInt(2); i < n; i++) {
                int clauses = 2 + r.nextInt(63);
                c.add("conjunction(" + (r.nextInt() & 0xffffffffL) + "," + (1 + r.nextInt(clauses)) + "/"
                        + clauses + ")");
            }
            return String.join(",", c);
        }
        List<String> a = new ArrayList<>();
        if (r.nextInt(8) == 0) {
            a.add("meter:" + (1 + r.nextInt(METERS)));
        }
        if (proto.equals("mpls") && r.nextBoolean()) {
            a.add(r.nextBoolean() ? "dec_mpls_ttl" : "set_mpls_ttl(" + r.nextInt(256) + ")");
        }
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(34);
            switch (kind) {
                case 0 -> a.add("output:" + (1 + r.nextInt(100)));
                case 1 -> a.add("resubmit(," + r.nextInt(254) + ")");
                case 2 -> a.add("load:0x" + Integer.toHexString(1 + r.nextInt(1 << 16)) + "->NXM_NX_REG"
                        + r.nextInt(16) + "[]");
                case 3 -> {
                    int ofs = r.nextInt(24);
                    a.add("load:0x" + Integer.toHexString(1 + r.nextInt(255)) + "->NXM_NX_REG" + r.nextInt(16)
                            + "[" + ofs + ".." + (ofs + 7) + "]");
                }
                case 4 -> a.add("move:NXM_NX_REG" + r.nextInt(16) + "[]->NXM_NX_REG" + r.nextInt(16) + "[]");
                case 5 -> a.add("set_field:0x" + Integer.toHexString(1 + r.nextInt(1 << 20)) + "->reg"
                        + r.nextInt(16));
                case 6 -> a.add("mod_dl_src:" + mac(r));
                case 7 -> a.add("controller(userdata=" + String.format("%02x.%02x", r.nextInt(256), r.nextInt(256))
                        + ")");
                case 8 -> a.add("sample(probability=" + (1 + r.nextInt(65535)) + ",collector_set_id=" + r.nextInt(100)
                        + ",obs_domain_id=" + r.nextInt(100) + ",obs_point_id=" + r.nextInt(100)
                        + (r.nextBoolean() ? ",sampling_port=" + (1 + r.nextInt(50)) : "")
                        + (r.nextBoolean() ? (r.nextBoolean() ? ",ingress" : ",egress") : "") + ")");
                case 9, 21 -> a.add(learn(r, proto));
                case 10 -> a.add("mod_vlan_vid:" + r.nextInt(4096));
                case 11 -> {
                    if (ip) {
                        a.add("dec_ttl");
                    }
                }
                case 12 -> {
                    if (ip && !invalidCt) {
                        a.add("ct(commit,zone=NXM_NX_REG6[0..15])");
                    }
                }
                case 13 -> {
                    if (ip4) {
                        a.add("mod_nw_dst:" + ip(r));
                    }
                }
                case 14 -> {
                    if (l4) {
                        a.add((r.nextBoolean() ? "mod_tp_src:" : "mod_tp_dst:") + r.nextInt(65536));
                    }
                }
                case 15 -> {
                    if (vlan) {
                        a.add("strip_vlan");
                        vlan = false;
                    }
                }
                case 16 -> a.add("group:" + (1 + r.nextInt(GROUPS)));
                case 17 -> {
                    if (ip && !invalidCt) {
                        a.add("ct(commit," + nat(r, ip4, l4) + ")");
                    }
                }
                case 18 -> {
                    if (proto.equals("mpls")) {
                        a.add(r.nextBoolean() ? "dec_mpls_ttl" : "set_mpls_ttl(" + r.nextInt(256) + ")");
                    }
                }
                case 22 -> {
                    if (ip && !invalidCt) {
                        a.add(ctExec(r));
                    }
                }
                case 23 -> a.add(clone(r, ip));
                case 24 -> a.add("check_pkt_larger(" + (64 + r.nextInt(9000)) + ")->NXM_NX_REG" + r.nextInt(16) + "["
                        + r.nextInt(32) + "]");
                case 25 -> a.add(multipath(r));
                case 26 -> a.add(bundle(r));
                case 27 -> a.add("output:" + subfield(r, 16 + r.nextInt(17)));
                case 28 -> a.add("enqueue:" + (1 + r.nextInt(100)) + ":" + r.nextInt(100));
                case 29 -> {
                    if (l4 && proto.startsWith("tcp")) {
                        a.add(finTimeout(r));
                    }
                }
                case 30 -> {
                    if (ip) {
                        List<String> ids = new ArrayList<>();
                        for (int k = 0, c = 1 + r.nextInt(3); k < c; k++) {
                            ids.add(Integer.toString(r.nextInt(65536)));
                        }
                        a.add("dec_ttl(" + String.join(",", ids) + ")");
                    }
                }
                case 31 -> {
                    if (validCt) {
                        a.add("resubmit(" + (r.nextBoolean() ? Integer.toString(1 + r.nextInt(100)) : "") + ","
                                + r.nextInt(254) + ",ct)");
                    }
                }
                case 32 -> a.add("output(port=" + (1 + r.nextInt(100)) + ",max_len=" + (64 + r.nextInt(65000)) + ")");
                default -> a.add(note(r));
            }
        }
        // These change the packet's ethertype, after which OVS would refuse IP/L4 actions: put them last.
        if (proto.equals("mpls") && r.nextInt(3) == 0) {
            a.add("pop_mpls:0x" + (r.nextBoolean() ? "0800" : "86dd"));
        } else if (r.nextInt(8) == 0) {
            a.add("push_mpls:0x" + (r.nextBoolean() ? "8847" : "8848"));
        }
        if (a.isEmpty()) {
            a.add("NORMAL");
        }
        if (table < 250 && r.nextInt(5) == 0) {
            a.add("goto_table:" + (table + 1 + r.nextInt(3)));
        }
        return String.join(",", a);
    }

    /** A value and mask of {@code bits} bits (value already masked, as OVS stores it); no mask when it is all ones. */
    static String masked(Random r, int bits) {
        java.math.BigInteger all = java.math.BigInteger.ONE.shiftLeft(bits).subtract(java.math.BigInteger.ONE);
        java.math.BigInteger v = new java.math.BigInteger(bits, r);
        if (r.nextInt(3) == 0) {
            return "0x" + v.toString(16);
        }
        java.math.BigInteger mask = new java.math.BigInteger(bits, r);
        if (r.nextBoolean()) {
            // A contiguous run of low or high bits, as ACLs on marks and labels use.
            int n = 1 + r.nextInt(bits);
            mask = java.math.BigInteger.ONE.shiftLeft(n).subtract(java.math.BigInteger.ONE);
            if (r.nextBoolean()) {
                mask = mask.shiftLeft(bits - n);
            }
        }
        if (mask.signum() == 0) {
            mask = java.math.BigInteger.ONE;
        }
        v = v.and(mask);
        return mask.equals(all) ? "0x" + v.toString(16) : "0x" + v.toString(16) + "/0x" + mask.toString(16);
    }

    /** A register subfield of {@code width} bits: NXM_NX_REGn[], or [a..b] within the 32 bits. */
    private static String subfield(Random r, int width) {
        String reg = "NXM_NX_REG" + r.nextInt(16);
        if (width == 32) {
            return reg + "[]";
        }
        int ofs = r.nextInt(33 - width);
        return reg + (width == 1 ? "[" + ofs + "]" : "[" + ofs + ".." + (ofs + width - 1) + "]");
    }

    /** ct(commit) whose exec sets ct_mark and/or ct_label, masked or not. */
    private static String ctExec(Random r) {
        List<String> exec = new ArrayList<>();
        boolean mark = r.nextBoolean();
        if (mark || r.nextBoolean()) {
            exec.add("set_field:" + masked(r, 32) + "->ct_mark");
        }
        if (!mark || r.nextBoolean()) {
            exec.add("set_field:" + masked(r, 128) + "->ct_label");
        }
        if (r.nextInt(4) == 0) {
            // The older spelling, a reg_load into the field's bits.
            int ofs = r.nextInt(24);
            exec.add("load:0x" + Integer.toHexString(r.nextInt(256)) + "->NXM_NX_CT_MARK[" + ofs + ".." + (ofs + 7)
                    + "]");
        }
        java.util.Collections.shuffle(exec, r);
        String zone = switch (r.nextInt(3)) {
            case 0 -> "";
            case 1 -> ",zone=" + r.nextInt(65536);
            default -> ",zone=NXM_NX_REG" + r.nextInt(16) + "[0..15]";
        };
        return "ct(commit" + zone + (r.nextBoolean() ? ",table=" + r.nextInt(254) : "") + ",exec("
                + String.join(",", exec) + "))";
    }

    /**
     * learn (NXAST_LEARN, or NXAST_LEARN2 with limit/result_dst) with every flow-spec form of ovs-actions(7):
     * field[]=field[], a field copied onto itself, field=value by name and by subfield, load from a field and of an
     * immediate, output to a field's port; and every option.
     */
    static String learn(Random r, String proto) {
        List<String> p = new ArrayList<>();
        p.add("table=" + r.nextInt(254));
        if (r.nextBoolean()) {
            p.add("idle_timeout=" + (1 + r.nextInt(3600)));
        }
        if (r.nextInt(3) == 0) {
            p.add("hard_timeout=" + (1 + r.nextInt(3600)));
        }
        if (r.nextInt(4) == 0) {
            p.add("fin_idle_timeout=" + (1 + r.nextInt(100)));
        }
        if (r.nextInt(4) == 0) {
            p.add("fin_hard_timeout=" + (1 + r.nextInt(100)));
        }
        if (r.nextInt(3) == 0) {
            p.add("priority=" + r.nextInt(65536));
        }
        if (r.nextInt(3) == 0) {
            p.add("cookie=0x" + Long.toHexString(r.nextLong() >>> r.nextInt(64)));
        }
        if (r.nextInt(4) == 0) {
            p.add("send_flow_rem");
        }
        if (r.nextInt(4) == 0) {
            p.add("delete_learned");
        }
        if (r.nextInt(4) == 0) {
            p.add("limit=" + (1 + r.nextInt(100000)));
        }
        if (r.nextInt(4) == 0) {
            p.add("result_dst=" + subfield(r, 1));
        }
        java.util.Collections.shuffle(p, r);
        List<String> specs = new ArrayList<>();
        if (proto.equals("tcp") && r.nextBoolean()) {
            // The learned flow matches the reverse direction of this TCP connection (prerequisites first).
            specs.add("eth_type=0x800");
            specs.add("nw_proto=6");
            specs.add("NXM_OF_IP_SRC[]=NXM_OF_IP_DST[]");
            specs.add("NXM_OF_IP_DST[]=NXM_OF_IP_SRC[]");
            specs.add("NXM_OF_TCP_SRC[]=NXM_OF_TCP_DST[]");
            if (r.nextBoolean()) {
                specs.add("tcp_dst=" + r.nextInt(65536));
            }
        }
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            switch (r.nextInt(11)) {
                case 0 -> specs.add("NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[]");
                case 1 -> specs.add("NXM_OF_VLAN_TCI[0..11]");
                case 2 -> {
                    int w = 1 + r.nextInt(32);
                    specs.add(subfield(r, w) + "=" + subfield(r, w));
                }
                case 3 -> {
                    int w = 1 + r.nextInt(32);
                    specs.add(subfield(r, w) + "=0x" + Long.toHexString(r.nextLong() & ((1L << w) - 1)));
                }
                case 4 -> specs.add("reg" + r.nextInt(16) + "=0x" + Long.toHexString(r.nextInt() & 0xffffffffL));
                case 5 -> specs.add("in_port=" + (1 + r.nextInt(1000)));
                case 6 -> specs.add("eth_src=" + mac(r));
                case 7 -> {
                    int w = 1 + r.nextInt(32);
                    specs.add("load:" + subfield(r, w) + "->" + subfield(r, w));
                }
                case 8 -> {
                    int w = 1 + r.nextInt(32);
                    specs.add("load:0x" + Long.toHexString(r.nextLong() & ((1L << w) - 1)) + "->" + subfield(r, w));
                }
                case 9 -> specs.add("NXM_NX_TUN_ID[]");
                default -> specs.add("output:" + (r.nextBoolean() ? "NXM_OF_IN_PORT[]" : subfield(r, 16)));
            }
        }
        p.addAll(specs);
        return "learn(" + String.join(",", p) + ")";
    }

    /** clone(...) of a few actions that need nothing of the match, possibly nested. */
    private static String clone(Random r, boolean ip) {
        List<String> c = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
            switch (r.nextInt(7)) {
                case 0 -> c.add("output:" + (1 + r.nextInt(100)));
                case 1 -> c.add("resubmit(," + r.nextInt(254) + ")");
                case 2 -> c.add("set_field:0x" + Integer.toHexString(r.nextInt(1 << 16)) + "->reg" + r.nextInt(16));
                case 3 -> c.add("mod_dl_dst:" + mac(r));
                case 4 -> c.add("ct_clear");
                case 5 -> c.add(ip ? "dec_ttl" : "NORMAL");
                default -> c.add(r.nextInt(3) == 0 ? "clone(output:" + (1 + r.nextInt(100)) + ")" : "LOCAL");
            }
        }
        return "clone(" + String.join(",", c) + ")";
    }

    private static final String[] HASH_FIELDS = {"eth_src", "symmetric_l4", "symmetric_l3l4", "symmetric_l3l4+udp",
        "nw_src", "nw_dst", "symmetric_l3"};

    /** multipath(fields, basis, algorithm, n_links, arg, dst): n_links must fit in dst (OVS multipath_check). */
    private static String multipath(Random r) {
        String[] algs = {"modulo_n", "hash_threshold", "hrw", "iter_hash"};
        int bits = 1 + r.nextInt(16);
        int links = 1 + r.nextInt(Math.min(1 << bits, 64));
        return "multipath(" + HASH_FIELDS[r.nextInt(HASH_FIELDS.length)] + "," + r.nextInt(65536) + ","
                + algs[r.nextInt(algs.length)] + "," + links + "," + r.nextInt(65536) + "," + subfield(r, bits) + ")";
    }

    /** bundle(...) or bundle_load(..., dst, ...) over a few member ports. */
    private static String bundle(Random r) {
        List<String> members = new ArrayList<>();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            members.add(Integer.toString(1 + r.nextInt(100)));
        }
        String head = HASH_FIELDS[r.nextInt(HASH_FIELDS.length)] + "," + r.nextInt(65536) + ","
                + (r.nextBoolean() ? "active_backup" : "hrw") + ",ofport,";
        String tail = "members:" + String.join(",", members) + ")";
        return r.nextBoolean() ? "bundle(" + head + tail : "bundle_load(" + head + subfield(r, 16 + r.nextInt(17))
                + "," + tail;
    }

    private static String finTimeout(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "fin_timeout(idle_timeout=" + (1 + r.nextInt(1000)) + ")";
            case 1 -> "fin_timeout(hard_timeout=" + (1 + r.nextInt(1000)) + ")";
            default -> "fin_timeout(idle_timeout=" + (1 + r.nextInt(1000)) + ",hard_timeout=" + (1 + r.nextInt(1000))
                    + ")";
        };
    }

    /** note: of 0 to 20 bytes (OVS pads the action to 8 bytes with zeros, which it prints). */
    private static String note(Random r) {
        List<String> b = new ArrayList<>();
        for (int i = 0, n = r.nextInt(21); i < n; i++) {
            b.add(String.format("%02x", r.nextInt(256)));
        }
        return "note:" + String.join(".", b);
    }

    private static String mac(Random r) {
        // Unicast, locally administered.
        return String.format("fa:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    private static String ip(Random r) {
        return (1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
    }

    private static String prefix(Random r) {
        int len = r.nextInt(5) == 0 ? 32 : 8 + r.nextInt(25);
        long a = r.nextInt() & 0xffffffffL;
        long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
        long v = a & mask;
        String s = (v >>> 24) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        return len == 32 ? s : s + "/" + len;
    }
}
