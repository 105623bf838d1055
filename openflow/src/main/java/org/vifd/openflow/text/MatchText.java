package org.vifd.openflow.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/**
 * Match text as ovs-ofctl(8) "Flow Syntax" and ovs-fields(7) write it. Printing follows OVS's match_format
 * (lib/match.c): OVS prints a match from its canonical flow-plus-wildcards form, so the OXM and NXM codes of one
 * field print alike, xreg/xxreg print as the 32-bit registers, and shorthands (ip, tcp6, arp) replace eth_type and
 * ip_proto.
 */
final class MatchText {
    static final int ETH_IP = 0x0800;
    static final int ETH_IPV6 = 0x86dd;
    static final int ETH_ARP = 0x0806;
    static final int ETH_RARP = 0x8035;

    private static final Map<String, int[]> SHORTHANDS = new HashMap<>();
    private static final List<String> CT_STATE_FLAGS = List.of("new", "est", "rel", "rpl", "inv", "trk", "snat",
            "dnat");
    private static final List<String> TCP_FLAGS = List.of("fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr",
            "ns");

    static {
        SHORTHANDS.put("ip", new int[] {ETH_IP, -1});
        SHORTHANDS.put("ipv4", new int[] {ETH_IP, -1});
        SHORTHANDS.put("icmp", new int[] {ETH_IP, 1});
        SHORTHANDS.put("igmp", new int[] {ETH_IP, 2});
        SHORTHANDS.put("tcp", new int[] {ETH_IP, 6});
        SHORTHANDS.put("udp", new int[] {ETH_IP, 17});
        SHORTHANDS.put("sctp", new int[] {ETH_IP, 132});
        SHORTHANDS.put("ipv6", new int[] {ETH_IPV6, -1});
        SHORTHANDS.put("icmp6", new int[] {ETH_IPV6, 58});
        SHORTHANDS.put("tcp6", new int[] {ETH_IPV6, 6});
        SHORTHANDS.put("udp6", new int[] {ETH_IPV6, 17});
        SHORTHANDS.put("sctp6", new int[] {ETH_IPV6, 132});
        SHORTHANDS.put("arp", new int[] {ETH_ARP, -1});
        SHORTHANDS.put("rarp", new int[] {ETH_RARP, -1});
        SHORTHANDS.put("mpls", new int[] {0x8847, -1});
        SHORTHANDS.put("mplsm", new int[] {0x8848, -1});
        SHORTHANDS.put("eth", new int[] {-1, -1});
    }

    private MatchText() {
    }

    static boolean isShorthand(String key) {
        return SHORTHANDS.containsKey(key);
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** Builds a match from key=value pairs (order free: prerequisites are resolved at the end, as OVS does). */
    static Match parse(List<String[]> pairs, Map<String, Long> portNames) {
        int ethType = -1;
        int proto = -1;
        List<String[]> rest = new ArrayList<>();
        for (String[] kv : pairs) {
            int[] sh = SHORTHANDS.get(kv[0]);
            if (sh != null && kv[1] == null) {
                ethType = sh[0] >= 0 ? sh[0] : ethType;
                proto = sh[1] >= 0 ? sh[1] : proto;
            } else if (kv[0].equals("dl_type") || kv[0].equals("eth_type")) {
                ethType = (int) Values.parseLong(need(kv));
            } else if (kv[0].equals("nw_proto") || kv[0].equals("ip_proto")) {
                proto = (int) Values.parseLong(need(kv));
            } else {
                rest.add(kv);
            }
        }
        Map<OxmField, OxmEntry> out = new LinkedHashMap<>();
        if (ethType >= 0) {
            put(out, OxmEntry.of(OxmField.ETH_TYPE, ethType));
        }
        if (proto >= 0) {
            if (ethType == ETH_ARP || ethType == ETH_RARP) {
                put(out, OxmEntry.of(OxmField.ARP_OP, proto));
            } else if (ethType == ETH_IP || ethType == ETH_IPV6) {
                put(out, OxmEntry.of(OxmField.IP_PROTO, proto));
            } else {
                throw new FlowTextException("nw_proto without ip, ipv6 or arp: prerequisites not met");
            }
        }
        int vlanTci = -1;
        int vlanTciMask = 0;
        for (String[] kv : rest) {
            String k = kv[0];
            String v = need(kv);
            boolean arp = ethType == ETH_ARP || ethType == ETH_RARP;
            switch (k) {
                case "in_port" -> put(out, OxmEntry.of(OxmField.IN_PORT, Values.port(v, portNames)));
                case "dl_vlan" -> {
                    int vid = (int) Values.parseLong(v);
                    if (vid == 0xffff) {
                        vlanTci = 0;
                        vlanTciMask = 0xffff;
                    } else {
                        vlanTci = (vlanTci < 0 ? 0 : vlanTci & 0xe000) | 0x1000 | (vid & 0xfff);
                        vlanTciMask |= 0x1fff;
                    }
                }
                case "dl_vlan_pcp" -> {
                    int pcp = (int) Values.parseLong(v);
                    vlanTci = (vlanTci < 0 ? 0 : vlanTci & 0x0fff) | 0x1000 | (pcp & 7) << 13;
                    vlanTciMask |= 0xf000;
                }
                case "vlan_tci" -> {
                    String[] vm = v.split("/", 2);
                    vlanTci = (int) Values.parseLong(vm[0]);
                    vlanTciMask = vm.length > 1 ? (int) Values.parseLong(vm[1]) : 0xffff;
                    vlanTci &= vlanTciMask;
                }
                case "nw_src", "nw_dst" -> {
                    OxmField f = arp ? (k.equals("nw_src") ? OxmField.ARP_SPA : OxmField.ARP_TPA)
                            : (k.equals("nw_src") ? OxmField.IPV4_SRC : OxmField.IPV4_DST);
                    requireEth(ethType, k, arp ? ethType : ETH_IP);
                    put(out, parseValue(f, v, portNames));
                }
                case "tp_src", "tp_dst" -> {
                    boolean src = k.equals("tp_src");
                    OxmField f = switch (proto) {
                        case 6 -> src ? OxmField.TCP_SRC : OxmField.TCP_DST;
                        case 17 -> src ? OxmField.UDP_SRC : OxmField.UDP_DST;
                        case 132 -> src ? OxmField.SCTP_SRC : OxmField.SCTP_DST;
                        default -> throw new FlowTextException(k + " needs tcp, udp or sctp: prerequisites not met");
                    };
                    put(out, parseValue(f, v, portNames));
                }
                case "icmp_type", "icmp_code", "icmpv4_type", "icmpv4_code", "icmpv6_type", "icmpv6_code" -> {
                    boolean type = k.endsWith("type");
                    OxmField f;
                    if (proto == 1 && ethType == ETH_IP) {
                        f = type ? OxmField.ICMPV4_TYPE : OxmField.ICMPV4_CODE;
                    } else if (proto == 58 && ethType == ETH_IPV6) {
                        f = type ? OxmField.ICMPV6_TYPE : OxmField.ICMPV6_CODE;
                    } else {
                        throw new FlowTextException(k + " needs icmp or icmp6: prerequisites not met");
                    }
                    put(out, parseValue(f, v, portNames));
                }
                case "nw_tos" -> put(out, OxmEntry.of(OxmField.IP_DSCP, Values.parseLong(v) >> 2));
                case "ip_dscp" -> put(out, OxmEntry.of(OxmField.IP_DSCP, Values.parseLong(v)));
                case "nw_ecn", "ip_ecn" -> put(out, OxmEntry.of(OxmField.IP_ECN, Values.parseLong(v)));
                case "nw_ttl" -> put(out, OxmEntry.of(OxmField.IP_TTL, Values.parseLong(v)));
                case "nw_frag", "ip_frag" -> put(out, frag(v));
                case "ct_state" -> put(out, flags(OxmField.CT_STATE, v, CT_STATE_FLAGS, out.get(OxmField.CT_STATE)));
                // ovs-ofctl -O OpenFlow13 writes tcp_flags as the ONF experimenter OXM (ovs-fields(7) tcp_flags).
                case "tcp_flags" -> put(out, flags(OxmField.ONF_TCP_FLAGS, v, TCP_FLAGS, null));
                default -> {
                    if (k.matches("xreg[0-7]")) {
                        putRegs(out, parseValue(OxmField.xreg(k.charAt(4) - '0'), v, portNames),
                                2 * (k.charAt(4) - '0'));
                    } else if (k.matches("xxreg[0-3]")) {
                        putRegs(out, parseValue(OxmField.xxreg(k.charAt(5) - '0'), v, portNames),
                                4 * (k.charAt(5) - '0'));
                    } else {
                        OxmField f = FieldNames.byName(k);
                        if (f.equals(OxmField.TUN_ID)) {
                            // ovs-ofctl -O OpenFlow13 sends tun_id in a match as OXM_OF_TUNNEL_ID (OpenFlow 1.3.5
                            // §7.2.3.7), not NXM_NX_TUN_ID (golden/ofctl/ofctl-flow-mods-actions-of13.tsv).
                            f = OxmField.TUNNEL_ID;
                        }
                        if (f.equals(OxmField.ARP_OP) || f.equals(OxmField.ARP_SPA) || f.equals(OxmField.ARP_TPA)
                                || f.equals(OxmField.ARP_SHA) || f.equals(OxmField.ARP_THA)) {
                            requireEth(ethType, k, arp ? ethType : ETH_ARP);
                        }
                        if (f.equals(OxmField.IPV6_SRC) || f.equals(OxmField.IPV6_DST)
                                || f.equals(OxmField.IPV6_FLABEL)) {
                            requireEth(ethType, k, ETH_IPV6);
                        }
                        put(out, parseValue(f, v, portNames));
                    }
                }
            }
        }
        if (vlanTci >= 0) {
            putVlan(out, vlanTci, vlanTciMask);
        }
        return new Match(new ArrayList<>(out.values()));
    }

    /** vlan_tci as OpenFlow 1.3 codes (vlan_vid, vlan_pcp) where they say it, else NXM_OF_VLAN_TCI. */
    private static void putVlan(Map<OxmField, OxmEntry> out, int tci, int mask) {
        int vidMask = mask & 0x1fff;
        int pcpMask = mask & 0xe000;
        boolean cfi = (mask & 0x1000) != 0;
        if (mask == 0xffff && tci == 0) {
            put(out, OxmEntry.of(OxmField.VLAN_VID, 0));
        } else if (cfi && (tci & 0x1000) != 0 && (vidMask == 0x1fff || vidMask == 0x1000)
                && (pcpMask == 0 || pcpMask == 0xe000)) {
            put(out, vidMask == 0x1fff ? OxmEntry.of(OxmField.VLAN_VID, tci & 0x1fff)
                    : OxmEntry.of(OxmField.VLAN_VID, 0x1000, 0x1000));
            if (pcpMask != 0) {
                put(out, OxmEntry.of(OxmField.VLAN_PCP, tci >> 13));
            }
        } else {
            put(out, OxmEntry.of(OxmField.NXM_OF_VLAN_TCI, tci, mask));
        }
    }

    /**
     * An xreg/xxreg match as the 32-bit registers it spans, as ovs-ofctl writes it below OpenFlow 1.5 (nx-match.c
     * nx_put_raw): one NXM_NX_REGn per register with a non-zero mask, unmasked where all 32 bits are.
     */
    private static void putRegs(Map<OxmField, OxmEntry> out, OxmEntry wide, int firstReg) {
        byte[] v = wide.value();
        byte[] m = wide.mask();
        for (int i = 0; i < v.length / 4; i++) {
            long value = Values.toLong(Values.bytesOf(v, 4 * i, 4));
            long mask = m == null ? 0xffffffffL : Values.toLong(Values.bytesOf(m, 4 * i, 4));
            if (mask == 0) {
                continue;
            }
            OxmField reg = OxmField.reg(firstReg + i);
            put(out, mask == 0xffffffffL ? OxmEntry.of(reg, value) : OxmEntry.of(reg, value & mask, mask));
        }
    }

    private static void requireEth(int ethType, String k, int needed) {
        if (ethType != needed) {
            throw new FlowTextException(k + " needs dl_type=0x" + Integer.toHexString(needed)
                    + ": prerequisites not met");
        }
    }

    private static String need(String[] kv) {
        if (kv[1] == null) {
            throw new FlowTextException("field " + kv[0] + " missing value");
        }
        return kv[1];
    }

    private static void put(Map<OxmField, OxmEntry> out, OxmEntry e) {
        out.put(e.field(), e);
    }

    static OxmEntry parseValue(OxmField f, String text, Map<String, Long> portNames) {
        FieldNames.Format fmt = FieldNames.info(f).format();
        int w = f.width();
        String v = text;
        String m = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            v = text.substring(0, slash);
            m = text.substring(slash + 1);
        }
        byte[] value = parseBytes(fmt, f, v, portNames);
        byte[] mask = null;
        if (m != null) {
            if ((fmt == FieldNames.Format.IPV4 || fmt == FieldNames.Format.IPV6) && m.matches("\\d+")) {
                mask = Values.prefixMask(Integer.parseInt(m), w);
            } else {
                mask = parseBytes(fmt, f, m, portNames);
            }
        }
        return new OxmEntry(f, value, mask);
    }

    static byte[] parseBytes(FieldNames.Format fmt, OxmField f, String v, Map<String, Long> portNames) {
        int w = f.width();
        return switch (fmt) {
            case MAC -> Values.mac(v);
            case IPV4 -> Values.ip(v, 4);
            case IPV6 -> Values.ip(v, 16);
            // A 16-bit port field (NXM_OF_IN_PORT) holds reserved ports in OpenFlow 1.0 numbering (ANY = 0xffff).
            case PORT -> {
                long port = Values.port(v, portNames);
                yield Values.toBytes(w == 2 ? OfPort.toOf10(port) : port, w);
            }
            default -> Values.number(v, w);
        };
    }

    private static OxmEntry frag(String v) {
        // NXM_NX_IP_FRAG bits: 1 = fragment, 2 = later fragment (ovs-fields(7) "nw_frag").
        return switch (v) {
            case "no" -> OxmEntry.of(OxmField.IP_FRAG, 0, 1);
            case "yes" -> OxmEntry.of(OxmField.IP_FRAG, 1, 1);
            // Both bits significant: OVS writes the value unmasked (nx-match.c nxm_put_frag).
            case "first" -> OxmEntry.of(OxmField.IP_FRAG, 1);
            case "later" -> OxmEntry.of(OxmField.IP_FRAG, 3);
            case "not_later" -> OxmEntry.of(OxmField.IP_FRAG, 0, 2);
            default -> throw new FlowTextException("nw_frag=" + v + ": expected no, yes, first, later or not_later");
        };
    }

    /** {@code +trk-new}, {@code trk|est}, or a number with optional mask. */
    private static OxmEntry flags(OxmField f, String v, List<String> names, OxmEntry prev) {
        if (Character.isDigit(v.charAt(0))) {
            String[] vm = v.split("/", 2);
            long val = Values.parseLong(vm[0]);
            long mask = vm.length > 1 ? Values.parseLong(vm[1]) : (1L << names.size()) - 1;
            return OxmEntry.of(f, val, mask);
        }
        long val = 0;
        long mask = 0;
        if (v.startsWith("+") || v.startsWith("-")) {
            int i = 0;
            while (i < v.length()) {
                char sign = v.charAt(i++);
                int j = i;
                while (j < v.length() && v.charAt(j) != '+' && v.charAt(j) != '-') {
                    j++;
                }
                int bit = names.indexOf(v.substring(i, j).toLowerCase(Locale.ROOT));
                if (bit < 0 || (sign != '+' && sign != '-')) {
                    throw new FlowTextException("unknown flag `" + v.substring(i, j) + "' in " + v);
                }
                mask |= 1L << bit;
                if (sign == '+') {
                    val |= 1L << bit;
                }
                i = j;
            }
        } else {
            for (String n : v.split("\\|")) {
                int bit = names.indexOf(n);
                if (bit < 0) {
                    throw new FlowTextException("unknown flag `" + n + "'");
                }
                val |= 1L << bit;
            }
            mask = (1L << names.size()) - 1;
        }
        if (f.equals(OxmField.CT_STATE) && mask == 0xff) {
            mask = 0xff;
        }
        return OxmEntry.of(f, val, mask);
    }

    // ------------------------------------------------------------------------------------------------ printing

    /** A canonical field's value and mask as unsigned numbers of {@code bits} bits. */
    private record Vm(BigInteger v, BigInteger m, int bits) {
        boolean exact() {
            return m.equals(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        }

        boolean present() {
            return m.signum() != 0;
        }

        Vm or(Vm o) {
            return new Vm(v.or(o.v), m.or(o.m), bits);
        }
    }

    private static Vm vm(OxmEntry e) {
        byte[] val = e.value();
        byte[] mask = e.mask();
        int bits = val.length * 8;
        BigInteger m = mask == null ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : Values.big(mask);
        return new Vm(Values.big(val).and(m), m, bits);
    }

    private static Vm vm(long v, long m, int bits) {
        return new Vm(BigInteger.valueOf(v & m), BigInteger.valueOf(m), bits);
    }

    /** Folds the OXM/NXM entries into OVS's canonical fields. */
    private static Map<String, Vm> canonical(Match match) {
        Map<String, Vm> c = new HashMap<>();
        for (OxmEntry e : match.entries()) {
            OxmField f = e.field();
            Vm x = vm(e);
            String key = canonicalKey(f);
            if (key != null) {
                merge(c, key, x);
                continue;
            }
            if (f.equals(OxmField.VLAN_VID)) {
                merge(c, "vlan_tci", new Vm(x.v, x.m.and(BigInteger.valueOf(0x1fff)), 16));
            } else if (f.equals(OxmField.VLAN_PCP)) {
                merge(c, "vlan_tci", vm(x.v.longValue() << 13 | 0x1000, x.m.longValue() << 13 | 0x1000, 16));
            } else if (f.equals(OxmField.NXM_OF_VLAN_TCI)) {
                merge(c, "vlan_tci", x);
            } else if (f.equals(OxmField.IP_DSCP)) {
                merge(c, "nw_tos", vm(x.v.longValue() << 2, (x.m.longValue() << 2) & 0xfc, 8));
            } else if (f.equals(OxmField.NXM_OF_IP_TOS)) {
                merge(c, "nw_tos", vm(x.v.longValue(), x.m.longValue() & 0xfc, 8));
            } else if (f.equals(OxmField.IP_ECN) || f.equals(OxmField.NXM_NX_IP_ECN)) {
                merge(c, "nw_tos", vm(x.v.longValue() & 3, x.m.longValue() & 3, 8));
            } else if (f.oxmClass() == OxmField.CLASS_PKT_REGS && f.width() == 8) {
                int n = f.field();
                merge(c, "reg" + (2 * n), new Vm(x.v.shiftRight(32), x.m.shiftRight(32), 32));
                BigInteger low = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
                merge(c, "reg" + (2 * n + 1), new Vm(x.v.and(low), x.m.and(low), 32));
            } else if (f.oxmClass() == OxmField.CLASS_NXM_1 && f.field() >= 111 && f.field() <= 114) {
                int n = f.field() - 111;
                BigInteger low = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
                for (int i = 0; i < 4; i++) {
                    int shift = 32 * (3 - i);
                    merge(c, "reg" + (4 * n + i), new Vm(x.v.shiftRight(shift).and(low), x.m.shiftRight(shift).and(low),
                            32));
                }
            } else {
                merge(c, "?" + f.name(), x);
            }
        }
        c.values().removeIf(x -> !x.present());
        return c;
    }

    private static void merge(Map<String, Vm> c, String key, Vm x) {
        c.merge(key, x, Vm::or);
    }

    private static String canonicalKey(OxmField f) {
        if (f.oxmClass() == OxmField.CLASS_NXM_1 && f.field() >= 111 && f.field() <= 114) {
            return null;
        }
        if (f.oxmClass() == OxmField.CLASS_NXM_1 && f.field() < 16) {
            return "reg" + f.field();
        }
        if (f.equals(OxmField.IN_PORT) || f.equals(OxmField.NXM_OF_IN_PORT)) {
            return "in_port";
        }
        if (f.equals(OxmField.TUNNEL_ID) || f.equals(OxmField.TUN_ID)) {
            return "tun_id";
        }
        if (f.equals(OxmField.ETH_SRC) || f.equals(OxmField.NXM_OF_ETH_SRC)) {
            return "dl_src";
        }
        if (f.equals(OxmField.ETH_DST) || f.equals(OxmField.NXM_OF_ETH_DST)) {
            return "dl_dst";
        }
        if (f.equals(OxmField.ETH_TYPE) || f.equals(OxmField.NXM_OF_ETH_TYPE)) {
            return "dl_type";
        }
        if (f.equals(OxmField.IP_PROTO) || f.equals(OxmField.NXM_OF_IP_PROTO) || f.equals(OxmField.ARP_OP)
                || f.equals(OxmField.NXM_OF_ARP_OP)) {
            return "nw_proto";
        }
        if (f.equals(OxmField.IPV4_SRC) || f.equals(OxmField.NXM_OF_IP_SRC) || f.equals(OxmField.ARP_SPA)
                || f.equals(OxmField.NXM_OF_ARP_SPA)) {
            return "nw_src";
        }
        if (f.equals(OxmField.IPV4_DST) || f.equals(OxmField.NXM_OF_IP_DST) || f.equals(OxmField.ARP_TPA)
                || f.equals(OxmField.NXM_OF_ARP_TPA)) {
            return "nw_dst";
        }
        if (f.equals(OxmField.TCP_SRC) || f.equals(OxmField.UDP_SRC) || f.equals(OxmField.SCTP_SRC)
                || f.equals(OxmField.ICMPV4_TYPE) || f.equals(OxmField.ICMPV6_TYPE)
                || f.equals(OxmField.NXM_OF_TCP_SRC) || f.equals(OxmField.NXM_OF_UDP_SRC)
                || f.equals(OxmField.NXM_OF_ICMP_TYPE) || f.equals(OxmField.NXM_NX_ICMPV6_TYPE)) {
            return "tp_src";
        }
        if (f.equals(OxmField.TCP_DST) || f.equals(OxmField.UDP_DST) || f.equals(OxmField.SCTP_DST)
                || f.equals(OxmField.ICMPV4_CODE) || f.equals(OxmField.ICMPV6_CODE)
                || f.equals(OxmField.NXM_OF_TCP_DST) || f.equals(OxmField.NXM_OF_UDP_DST)
                || f.equals(OxmField.NXM_OF_ICMP_CODE) || f.equals(OxmField.NXM_NX_ICMPV6_CODE)) {
            return "tp_dst";
        }
        if (f.equals(OxmField.ARP_SHA) || f.equals(OxmField.NXM_NX_ARP_SHA) || f.equals(OxmField.IPV6_ND_SLL)
                || f.equals(OxmField.NXM_NX_ND_SLL)) {
            return "arp_sha";
        }
        if (f.equals(OxmField.ARP_THA) || f.equals(OxmField.NXM_NX_ARP_THA) || f.equals(OxmField.IPV6_ND_TLL)
                || f.equals(OxmField.NXM_NX_ND_TLL)) {
            return "arp_tha";
        }
        if (f.equals(OxmField.IPV6_SRC) || f.equals(OxmField.NXM_NX_IPV6_SRC)) {
            return "ipv6_src";
        }
        if (f.equals(OxmField.IPV6_DST) || f.equals(OxmField.NXM_NX_IPV6_DST)) {
            return "ipv6_dst";
        }
        if (f.equals(OxmField.IPV6_FLABEL) || f.equals(OxmField.NXM_NX_IPV6_LABEL)) {
            return "ipv6_label";
        }
        if (f.equals(OxmField.IPV6_ND_TARGET) || f.equals(OxmField.NXM_NX_ND_TARGET)) {
            return "nd_target";
        }
        if (f.equals(OxmField.TCP_FLAGS) || f.equals(OxmField.NXM_NX_TCP_FLAGS) || f.equals(OxmField.ONF_TCP_FLAGS)) {
            return "tcp_flags";
        }
        if (f.equals(OxmField.IP_TTL)) {
            return "nw_ttl";
        }
        if (f.equals(OxmField.IP_FRAG)) {
            return "nw_frag";
        }
        if (f.equals(OxmField.METADATA)) {
            return "metadata";
        }
        if (f.equals(OxmField.MPLS_LABEL) || f.equals(OxmField.MPLS_TC) || f.equals(OxmField.MPLS_BOS)
                || f.equals(OxmField.MPLS_TTL)) {
            return f.name();
        }
        if (f.oxmClass() == OxmField.CLASS_NXM_1 && f.isKnown() && !f.name().startsWith("NXM_")) {
            return f.name();
        }
        if (f.equals(OxmField.ACTSET_OUTPUT)) {
            return "actset_output";
        }
        return null;
    }

    /** match_format: the match in OVS's order, with "priority=N," first when not the default 32768. */
    static String print(Match match, int priority, Map<Long, String> portNames) {
        Map<String, Vm> c = canonical(match);
        StringBuilder s = new StringBuilder();
        if (priority != 0x8000) {
            s.append("priority=").append(priority).append(',');
        }
        uint32(s, c, "pkt_mark");
        uint32(s, c, "recirc_id");
        uint32(s, c, "dp_hash");
        if (c.containsKey("conj_id")) {
            s.append("conj_id=").append(c.get("conj_id").v).append(',');
        }
        if (c.containsKey("actset_output")) {
            s.append("actset_output=").append(Values.port(c.get("actset_output").v.longValue(), portNames)).append(',');
        }
        if (c.containsKey("ct_state")) {
            flags(s, "ct_state", c.get("ct_state"), CT_STATE_FLAGS, 0xff);
        }
        if (c.containsKey("ct_zone")) {
            Vm z = c.get("ct_zone");
            s.append("ct_zone=").append(z.exact() ? z.v.toString() : Values.hex(z.v) + "/" + Values.hex(z.m))
                    .append(',');
        }
        uint32(s, c, "ct_mark");
        if (c.containsKey("ct_label")) {
            Vm l = c.get("ct_label");
            s.append("ct_label=").append(Values.hashHex(l.v)).append(l.exact() ? "" : "/" + Values.hashHex(l.m))
                    .append(',');
        }
        ip(s, c, "ct_nw_src", "ct_nw_src");
        ip(s, c, "ct_ipv6_src", "ct_ipv6_src");
        ip(s, c, "ct_nw_dst", "ct_nw_dst");
        ip(s, c, "ct_ipv6_dst", "ct_ipv6_dst");
        if (c.containsKey("ct_nw_proto")) {
            s.append("ct_nw_proto=").append(c.get("ct_nw_proto").v).append(',');
            be16(s, c, "ct_tp_src", "ct_tp_src");
            be16(s, c, "ct_tp_dst", "ct_tp_dst");
        }
        int dlType = c.containsKey("dl_type") ? c.get("dl_type").v.intValue() : -1;
        int proto = c.containsKey("nw_proto") ? c.get("nw_proto").v.intValue() : -1;
        boolean skipType = false;
        boolean skipProto = false;
        if (dlType >= 0) {
            skipType = true;
            String sh = null;
            if (dlType == ETH_IP || dlType == ETH_IPV6) {
                boolean v6 = dlType == ETH_IPV6;
                sh = v6 ? "ipv6" : "ip";
                if (proto >= 0) {
                    String p = switch (proto) {
                        case 1 -> v6 ? null : "icmp";
                        case 2 -> v6 ? null : "igmp";
                        case 58 -> v6 ? "icmp6" : null;
                        case 6 -> v6 ? "tcp6" : "tcp";
                        case 17 -> v6 ? "udp6" : "udp";
                        case 132 -> v6 ? "sctp6" : "sctp";
                        default -> null;
                    };
                    if (p != null) {
                        sh = p;
                        skipProto = true;
                    }
                }
            } else if (dlType == ETH_ARP) {
                sh = "arp";
            } else if (dlType == ETH_RARP) {
                sh = "rarp";
            } else if (dlType == 0x8847) {
                sh = "mpls";
            } else if (dlType == 0x8848) {
                sh = "mplsm";
            } else {
                skipType = false;
            }
            if (sh != null) {
                s.append(sh).append(',');
            }
        }
        for (int i = 0; i < 16; i++) {
            uint32(s, c, "reg" + i);
        }
        hex64(s, c, "tun_id");
        ip(s, c, "tun_src", "tun_src");
        ip(s, c, "tun_dst", "tun_dst");
        ip(s, c, "tun_ipv6_src", "tun_ipv6_src");
        ip(s, c, "tun_ipv6_dst", "tun_ipv6_dst");
        tunnelExtras(s, c);
        hex64(s, c, "metadata");
        if (c.containsKey("in_port")) {
            s.append("in_port=").append(Values.port(c.get("in_port").v.longValue(), portNames)).append(',');
        }
        if (c.containsKey("vlan_tci")) {
            Vm t = c.get("vlan_tci");
            int tci = t.v.intValue();
            int mask = t.m.intValue();
            int vidMask = mask & 0x0fff;
            int pcpMask = mask & 0xe000;
            boolean cfi = (mask & 0x1000) != 0;
            if (cfi && (tci & 0x1000) != 0 && (vidMask == 0 || vidMask == 0xfff) && (pcpMask == 0 || pcpMask == 0xe000)
                    && (vidMask != 0 || pcpMask != 0)) {
                if (vidMask != 0) {
                    s.append("dl_vlan=").append(tci & 0xfff).append(',');
                }
                if (pcpMask != 0) {
                    s.append("dl_vlan_pcp=").append(tci >> 13).append(',');
                }
            } else if (mask == 0xffff) {
                s.append(String.format("vlan_tci=0x%04x,", tci));
            } else {
                s.append(String.format("vlan_tci=0x%04x/0x%04x,", tci, mask));
            }
        }
        eth(s, c, "dl_src", "dl_src");
        eth(s, c, "dl_dst", "dl_dst");
        if (!skipType && dlType >= 0) {
            s.append(String.format("dl_type=0x%04x,", dlType));
        }
        boolean arp = dlType == ETH_ARP || dlType == ETH_RARP;
        if (dlType == ETH_IPV6) {
            ip(s, c, "ipv6_src", "ipv6_src");
            ip(s, c, "ipv6_dst", "ipv6_dst");
            if (c.containsKey("ipv6_label")) {
                Vm l = c.get("ipv6_label");
                s.append(String.format("ipv6_label=0x%05x", l.v.longValue()))
                        .append(l.exact() ? "" : String.format("/0x%05x", l.m.longValue())).append(',');
            }
        } else if (arp) {
            ip(s, c, "nw_src", "arp_spa");
            ip(s, c, "nw_dst", "arp_tpa");
        } else {
            ip(s, c, "nw_src", "nw_src");
            ip(s, c, "nw_dst", "nw_dst");
        }
        if (!skipProto && proto >= 0) {
            s.append(arp ? "arp_op=" : "nw_proto=").append(proto).append(',');
        }
        if (arp) {
            eth(s, c, "arp_sha", "arp_sha");
            eth(s, c, "arp_tha", "arp_tha");
        }
        if (c.containsKey("nw_tos")) {
            Vm t = c.get("nw_tos");
            if ((t.m.intValue() & 0xfc) != 0) {
                s.append("nw_tos=").append(t.v.intValue() & 0xfc).append(',');
            }
            if ((t.m.intValue() & 3) != 0) {
                s.append("nw_ecn=").append(t.v.intValue() & 3).append(',');
            }
        }
        if (c.containsKey("nw_ttl")) {
            s.append("nw_ttl=").append(c.get("nw_ttl").v).append(',');
        }
        for (String m : List.of("mpls_label", "mpls_tc", "mpls_ttl", "mpls_bos")) {
            if (c.containsKey(m)) {
                s.append(m).append('=').append(c.get(m).v).append(',');
            }
        }
        if (c.containsKey("nw_frag")) {
            Vm f = c.get("nw_frag");
            int fv = f.v.intValue();
            String text = switch (f.m.intValue() & 3) {
                case 3 -> (fv & 1) != 0 ? ((fv & 2) != 0 ? "later" : "first") : ((fv & 2) != 0 ? "<error>" : "no");
                case 1 -> (fv & 1) != 0 ? "yes" : "no";
                case 2 -> (fv & 2) != 0 ? "later" : "not_later";
                default -> null;
            };
            if (text != null) {
                s.append("nw_frag=").append(text).append(',');
            }
        }
        if (dlType == ETH_IP && proto == 1) {
            be16(s, c, "tp_src", "icmp_type");
            be16(s, c, "tp_dst", "icmp_code");
        } else if (dlType == ETH_IP && proto == 2) {
            be16(s, c, "tp_src", "igmp_type");
            be16(s, c, "tp_dst", "igmp_code");
        } else if (dlType == ETH_IPV6 && proto == 58) {
            be16(s, c, "tp_src", "icmp_type");
            be16(s, c, "tp_dst", "icmp_code");
            ip(s, c, "nd_target", "nd_target");
            eth(s, c, "arp_sha", "nd_sll");
            eth(s, c, "arp_tha", "nd_tll");
        } else {
            be16(s, c, "tp_src", "tp_src");
            be16(s, c, "tp_dst", "tp_dst");
        }
        if ((dlType == ETH_IP || dlType == ETH_IPV6) && proto == 6 && c.containsKey("tcp_flags")) {
            flags(s, "tcp_flags", c.get("tcp_flags"), TCP_FLAGS, 0xfff);
        }
        for (Map.Entry<String, Vm> e : c.entrySet()) {
            if (e.getKey().startsWith("?")) {
                Vm x = e.getValue();
                s.append(e.getKey().substring(1)).append('=').append(Values.hex(x.v))
                        .append(x.exact() ? "" : "/" + Values.hex(x.m)).append(',');
            }
        }
        if (s.length() > 0 && s.charAt(s.length() - 1) == ',') {
            s.setLength(s.length() - 1);
        }
        return s.toString();
    }

    /** format_flow_tunnel (lib/flow.c) after the addresses: tun_gbp_id (decimal), tun_gbp_flags, tun_flags. */
    private static void tunnelExtras(StringBuilder s, Map<String, Vm> c) {
        Vm id = c.remove("tun_gbp_id");
        if (id != null) {
            s.append("tun_gbp_id=").append(id.v).append(id.exact() ? "" : "/" + id.m).append(',');
        }
        Vm gf = c.remove("tun_gbp_flags");
        if (gf != null) {
            s.append("tun_gbp_flags=").append(Values.hex(gf.v)).append(gf.exact() ? "" : "/" + Values.hex(gf.m))
                    .append(',');
        }
        Vm fl = c.remove("tun_flags");
        if (fl != null) {
            // FLOW_TNL_PUB_F_OAM is the only flag OVS exposes in a match.
            s.append("tun_flags=");
            if ((fl.m.intValue() & 1) != 0) {
                s.append((fl.v.intValue() & 1) != 0 ? "+oam" : "-oam");
            } else {
                s.append(Values.hex(fl.v)).append('/').append(Values.hex(fl.m));
            }
            s.append(',');
        }
    }

    private static void uint32(StringBuilder s, Map<String, Vm> c, String key) {
        Vm x = c.get(key);
        if (x != null) {
            s.append(key).append('=').append(Values.hashHex(x.v));
            if (!x.exact()) {
                s.append('/').append(Values.hashHex(x.m));
            }
            s.append(',');
        }
    }

    private static void hex64(StringBuilder s, Map<String, Vm> c, String key) {
        uint32(s, c, key);
    }

    private static void be16(StringBuilder s, Map<String, Vm> c, String key, String name) {
        Vm x = c.get(key);
        if (x != null) {
            s.append(name).append('=');
            s.append(x.exact() ? x.v.toString() : Values.hex(x.v) + "/" + Values.hex(x.m));
            s.append(',');
        }
    }

    private static void eth(StringBuilder s, Map<String, Vm> c, String key, String name) {
        Vm x = c.get(key);
        if (x != null) {
            s.append(name).append('=').append(Values.mac(Values.toBytes(x.v, 6)));
            if (!x.exact()) {
                s.append('/').append(Values.mac(Values.toBytes(x.m, 6)));
            }
            s.append(',');
        }
    }

    private static void ip(StringBuilder s, Map<String, Vm> c, String key, String name) {
        Vm x = c.get(key);
        if (x != null) {
            int w = x.bits / 8;
            s.append(name).append('=').append(Values.ip(Values.toBytes(x.v, w)));
            if (!x.exact()) {
                byte[] m = Values.toBytes(x.m, w);
                int len = Values.prefixLength(m);
                s.append('/').append(len >= 0 ? Integer.toString(len) : Values.ip(m));
            }
            s.append(',');
        }
    }

    /** format_flags / format_flags_masked: all bits known → a|b; otherwise +a-b in bit order. */
    private static void flags(StringBuilder s, String name, Vm x, List<String> names, int all) {
        int v = x.v.intValue();
        int m = x.m.intValue() & all;
        s.append(name).append('=');
        // format_flags_masked (lib/util.c): all known bits significant prints the set flags joined by '|'.
        if (m == all && (name.equals("ct_state") || name.equals("tcp_flags"))) {
            if (v == 0) {
                s.append('0');
            } else {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < names.size(); i++) {
                    if ((v & (1 << i)) != 0) {
                        b.append(b.length() > 0 ? "|" : "").append(names.get(i));
                    }
                }
                s.append(b);
            }
        } else {
            for (int i = 0; i < names.size(); i++) {
                if ((m & (1 << i)) != 0) {
                    s.append((v & (1 << i)) != 0 ? '+' : '-').append(names.get(i));
                }
            }
        }
        s.append(',');
    }
}
