package org.vifd.openflow.text;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.FieldRef;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.NxAction;
import org.vifd.openflow.action.OfAction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/** Actions and instructions as ovs-actions(7) writes them; printing follows OVS's ofpacts_format. */
final class ActionText {
    private static final List<String> MP_ALGORITHMS = List.of("modulo_n", "hash_threshold", "hrw", "iter_hash");
    private static final List<String> BUNDLE_ALGORITHMS = List.of("active_backup", "hrw");

    private ActionText() {
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** Splits at top-level commas (not inside parentheses or brackets). */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '(' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == ']') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                out.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new FlowTextException("unbalanced parentheses in `" + s + "'");
        }
        String last = s.substring(start).trim();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    /**
     * What the flow's match says that changes how an action reads (ovs-ofctl looks at the match too): whether a
     * VLAN tag is required (mod_vlan_vid pushes one otherwise) and the IP protocol (mod_tp_src/dst set the ports of
     * that protocol; -1 when the match names none).
     */
    record MatchContext(boolean dlVlan, int ipProto) {
        static final MatchContext NONE = new MatchContext(false, -1);
        static final MatchContext VLAN_MATCHED = new MatchContext(true, -1);
    }

    /** Parses the text after {@code actions=} into instructions (apply-actions first, as OpenFlow 1.3 orders them). */
    static List<Instruction> parseInstructions(String text, Map<String, Long> ports, MatchContext ctx) {
        List<Instruction> ins = new ArrayList<>();
        List<Action> apply = new ArrayList<>();
        Instruction.Meter meter = null;
        List<Instruction> after = new ArrayList<>();
        for (String t : split(text)) {
            if (t.isEmpty()) {
                continue;
            }
            String name = name(t);
            String arg = arg(t);
            switch (name) {
                case "drop" -> {
                }
                case "meter" -> meter = new Instruction.Meter(Values.parseLong(arg));
                case "goto_table" -> after.add(new Instruction.GotoTable(Values.parseInt(arg)));
                case "clear_actions" -> after.add(new Instruction.ClearActions());
                case "write_actions" -> after.add(new Instruction.WriteActions(parseActions(arg, ports, ctx)));
                case "write_metadata" -> {
                    String[] vm = arg.split("/", 2);
                    after.add(new Instruction.WriteMetadata(Values.parseLong(vm[0]),
                            vm.length > 1 ? Values.parseLong(vm[1]) : -1L));
                }
                default -> {
                    List<Action> a = parseAction(t, ports, ctx);
                    apply.addAll(a);
                    ctx = after(ctx, a);
                }
            }
        }
        if (meter != null) {
            ins.add(meter);
        }
        if (!apply.isEmpty()) {
            ins.add(new Instruction.ApplyActions(apply));
        }
        ins.addAll(after);
        return ins;
    }

    static List<Action> parseActions(String text, Map<String, Long> ports, MatchContext ctx) {
        List<Action> out = new ArrayList<>();
        for (String t : split(text)) {
            if (!t.isEmpty()) {
                List<Action> a = parseAction(t, ports, ctx);
                out.addAll(a);
                ctx = after(ctx, a);
            }
        }
        return out;
    }

    /**
     * The packet's VLAN state after {@code actions}, as OVS's ofpacts_check follows it: mod_vlan_vid/mod_vlan_pcp
     * push a tag first only when the packet has none at that point (strip_vlan earlier in the list removes it).
     */
    private static MatchContext after(MatchContext ctx, List<Action> actions) {
        boolean vlan = ctx.dlVlan();
        for (Action a : actions) {
            if (a instanceof Action.PopVlan) {
                vlan = false;
            } else if (a instanceof Action.PushVlan) {
                vlan = true;
            }
        }
        return vlan == ctx.dlVlan() ? ctx : new MatchContext(vlan, ctx.ipProto());
    }

    private static String name(String t) {
        int i = 0;
        while (i < t.length() && t.charAt(i) != ':' && t.charAt(i) != '(' && t.charAt(i) != '=') {
            i++;
        }
        return t.substring(0, i).trim().toLowerCase(Locale.ROOT);
    }

    private static String arg(String t) {
        int i = name(t).length();
        if (i >= t.length()) {
            return null;
        }
        char c = t.charAt(i);
        if (c == '(') {
            int close = t.lastIndexOf(')');
            if (close < i) {
                throw new FlowTextException("missing ) in `" + t + "'");
            }
            return t.substring(i + 1, close);
        }
        return t.substring(i + 1);
    }

    private static String req(String arg, String name) {
        if (arg == null) {
            throw new FlowTextException(name + " needs an argument");
        }
        return arg;
    }

    static List<Action> parseAction(String t, Map<String, Long> ports, MatchContext ctx) {
        String name = name(t);
        String arg = arg(t);
        Long reserved = switch (name) {
            case "normal" -> OfPort.NORMAL;
            case "flood" -> OfPort.FLOOD;
            case "all" -> OfPort.ALL;
            case "local" -> OfPort.LOCAL;
            case "in_port" -> OfPort.IN_PORT;
            default -> null;
        };
        if (reserved != null && arg == null) {
            return List.of(new Action.Output(reserved, 0));
        }
        switch (name) {
            case "output": {
                String a = req(arg, name);
                if (a.startsWith("port=")) {
                    return List.of(parseTruncatedOutput(a, ports));
                }
                if (a.contains("[")) {
                    return List.of(new NxAction.OutputReg(ref(a), Action.Output.NO_BUFFER));
                }
                long p = Values.port(a, ports);
                return List.of(new Action.Output(p, p == OfPort.CONTROLLER ? Action.Output.NO_BUFFER : 0));
            }
            case "controller": {
                if (arg == null) {
                    return List.of(new Action.Output(OfPort.CONTROLLER, Action.Output.NO_BUFFER));
                }
                if (t.charAt(name.length()) == ':') {
                    return List.of(new Action.Output(OfPort.CONTROLLER, Values.parseInt(arg)));
                }
                int maxLen = Action.Output.NO_BUFFER;
                int reason = Action.Controller.REASON_ACTION;
                int id = 0;
                byte[] userdata = new byte[0];
                boolean pause = false;
                for (String kv : split(arg)) {
                    String[] p = kv.split("=", 2);
                    switch (p[0]) {
                        case "max_len" -> maxLen = Values.parseInt(p[1]);
                        case "reason" -> {
                            reason = PacketInReasons.valueOf(p[1]);
                            if (reason < 0) {
                                throw new FlowTextException("unknown controller reason " + p[1]);
                            }
                        }
                        case "id" -> id = Values.parseInt(p[1]);
                        case "userdata" -> userdata = HexFormat.of().parseHex(p[1].replace(".", ""));
                        case "pause" -> pause = true;
                        default -> throw new FlowTextException("unknown controller option " + p[0]);
                    }
                }
                if (id == 0 && !pause && userdata.length == 0 && reason == Action.Controller.REASON_ACTION) {
                    return List.of(new Action.Output(OfPort.CONTROLLER, maxLen));
                }
                return List.of(new Action.Controller(maxLen, reason, id, userdata, pause));
            }
            case "enqueue": {
                String[] p = req(arg, name).split("[:,]");
                return List.of(new OfAction.SetQueue(Values.parseLong(p[1])),
                        new Action.Output(Values.port(p[0], ports), 0), new NxAction.PopQueue());
            }
            case "resubmit": {
                String a = req(arg, name);
                if (t.charAt(name.length()) == ':') {
                    return List.of(new Action.Resubmit(Values.port(a, ports), 255));
                }
                String[] p = a.split(",", -1);
                long port = p[0].isBlank() ? OfPort.IN_PORT : Values.port(p[0].trim(), ports);
                int table = p.length > 1 && !p[1].isBlank() ? Values.parseInt(p[1].trim()) : 255;
                if (p.length > 2 && p[2].trim().equals("ct")) {
                    return List.of(new NxAction.ResubmitCt(port, table));
                }
                return List.of(new Action.Resubmit(port, table));
            }
            case "set_field": {
                String a = req(arg, name);
                int arrow = a.lastIndexOf("->");
                if (arrow < 0) {
                    throw new FlowTextException("set_field needs value->field: " + a);
                }
                String fieldName = a.substring(arrow + 2).trim();
                // ovs-fields(7): "in_port" is the 16-bit NXM_OF_IN_PORT (ovs-ofctl sends set_field:ANY->in_port
                // as that NXM field, captured bytes); the 32-bit OXM_OF_IN_PORT is "in_port_oxm".
                OxmField f = switch (fieldName) {
                    case "in_port" -> OxmField.NXM_OF_IN_PORT;
                    case "in_port_oxm" -> OxmField.IN_PORT;
                    default -> fieldByName(fieldName);
                };
                if (f.equals(OxmField.TUN_ID)) {
                    // ovs-ofctl sends set_field to tun_id as OXM_OF_TUNNEL_ID in OpenFlow 1.3 (captured bytes).
                    f = OxmField.TUNNEL_ID;
                }
                String value = a.substring(0, arrow).trim();
                if (f.equals(OxmField.VLAN_VID) && !value.contains("/")) {
                    // ovs-actions(7): set_field:N->vlan_vid sets the VID of the existing tag.
                    return List.of(new Action.SetField(OxmEntry.of(OxmField.VLAN_VID,
                            0x1000 | Values.parseLong(value))));
                }
                OxmEntry e = MatchText.parseValue(f, value, ports);
                if (e.hasMask()) {
                    return maskedLoads(e);
                }
                return List.of(new Action.SetField(e));
            }
            case "load": {
                String a = req(arg, name);
                int arrow = a.indexOf("->");
                FieldRef dst = ref(a.substring(arrow + 2).trim());
                String src = a.substring(0, arrow).trim();
                if (src.contains("[")) {
                    return List.of(new NxAction.RegMove(ref(src), dst));
                }
                return List.of(new NxAction.RegLoad(dst, Values.toLong(Values.number(src, 8))));
            }
            case "push":
                return List.of(new NxAction.StackPush(ref(req(arg, name).trim())));
            case "pop":
                return List.of(new NxAction.StackPop(ref(req(arg, name).trim())));
            case "move": {
                String a = req(arg, name);
                int arrow = a.indexOf("->");
                return List.of(new NxAction.RegMove(ref(a.substring(0, arrow).trim()), ref(a.substring(arrow + 2).trim())));
            }
            case "mod_vlan_vid": {
                Action set = new Action.SetField(OxmEntry.of(OxmField.VLAN_VID, 0x1000 | Values.parseLong(req(arg, name))));
                return ctx.dlVlan() ? List.of(set) : List.of(new Action.PushVlan(0x8100), set);
            }
            case "mod_vlan_pcp": {
                Action set = new Action.SetField(OxmEntry.of(OxmField.VLAN_PCP, Values.parseLong(req(arg, name))));
                return ctx.dlVlan() ? List.of(set) : List.of(new Action.PushVlan(0x8100), set);
            }
            case "strip_vlan", "pop_vlan":
                return List.of(new Action.PopVlan());
            case "push_vlan":
                return List.of(new Action.PushVlan((int) Values.parseLong(req(arg, name))));
            case "mod_dl_src":
                return List.of(new Action.SetField(new OxmEntry(OxmField.ETH_SRC, Values.mac(req(arg, name)), null)));
            case "mod_dl_dst":
                return List.of(new Action.SetField(new OxmEntry(OxmField.ETH_DST, Values.mac(req(arg, name)), null)));
            case "mod_nw_src":
                return List.of(new Action.SetField(new OxmEntry(OxmField.IPV4_SRC, Values.ip(req(arg, name), 4), null)));
            case "mod_nw_dst":
                return List.of(new Action.SetField(new OxmEntry(OxmField.IPV4_DST, Values.ip(req(arg, name), 4), null)));
            case "mod_nw_tos":
                return List.of(new Action.SetField(OxmEntry.of(OxmField.IP_DSCP, Values.parseLong(req(arg, name)) >> 2)));
            case "mod_tp_src", "mod_tp_dst": {
                // ovs-actions(7): in OpenFlow 1.2+ these are set_field on the L4 port of the matched protocol.
                boolean src = name.equals("mod_tp_src");
                OxmField f = switch (ctx.ipProto()) {
                    case 6 -> src ? OxmField.TCP_SRC : OxmField.TCP_DST;
                    case 17 -> src ? OxmField.UDP_SRC : OxmField.UDP_DST;
                    case 132 -> src ? OxmField.SCTP_SRC : OxmField.SCTP_DST;
                    default -> throw new FlowTextException(name + " needs tcp, udp or sctp in the match");
                };
                return List.of(new Action.SetField(OxmEntry.of(f, Values.parseLong(req(arg, name)))));
            }
            case "mod_nw_ttl":
                return List.of(new OfAction.SetNwTtl(Values.parseInt(req(arg, name))));
            case "dec_ttl":
                if (arg == null) {
                    return List.of(new OfAction.DecNwTtl());
                }
                if (arg.isBlank()) {
                    // "dec_ttl()" is how OVS prints NXAST_DEC_TTL_CNT_IDS with no controller ids (ovn-controller
                    // installs it); parsing it back to that action keeps print -> parse exact. (ovs-ofctl itself
                    // reads "dec_ttl()" as plain dec_ttl.)
                    return List.of(new NxAction.DecTtl(List.of()));
                }
                List<Integer> ids = new ArrayList<>();
                for (String id : split(arg)) {
                    ids.add(Values.parseInt(id));
                }
                return List.of(new NxAction.DecTtl(ids));
            case "set_queue":
                return List.of(new OfAction.SetQueue(Values.parseLong(req(arg, name))));
            case "pop_queue":
                return List.of(new NxAction.PopQueue());
            case "group":
                return List.of(new OfAction.Group(Values.parseLong(req(arg, name))));
            case "push_mpls":
                return List.of(new OfAction.PushMpls((int) Values.parseLong(req(arg, name))));
            case "pop_mpls":
                return List.of(new OfAction.PopMpls((int) Values.parseLong(req(arg, name))));
            case "dec_mpls_ttl":
                return List.of(new OfAction.DecMplsTtl());
            case "set_mpls_ttl":
                // ovs-actions(7): set_mpls_ttl(ttl), OpenFlow 1.3.5 §7.2.5 OFPAT_SET_MPLS_TTL.
                return List.of(new OfAction.SetMplsTtl(Values.parseInt(req(arg, name))));
            case "ct_clear":
                return List.of(new NxAction.CtClear());
            case "exit":
                return List.of(new NxAction.Exit());
            case "note": {
                byte[] d = HexFormat.of().parseHex(req(arg, name).replace(".", ""));
                int len = Math.max(16, (10 + d.length + 7) & ~7);
                byte[] padded = new byte[len - 10];
                System.arraycopy(d, 0, padded, 0, d.length);
                return List.of(new NxAction.Note(padded));
            }
            case "conjunction": {
                String[] p = req(arg, name).split("[,/]");
                return List.of(new NxAction.Conjunction(Values.parseLong(p[0].trim()), Values.parseInt(p[1].trim()),
                        Values.parseInt(p[2].trim())));
            }
            case "fin_timeout": {
                int idle = 0;
                int hard = 0;
                for (String kv : split(req(arg, name))) {
                    String[] p = kv.split("=", 2);
                    if (p[0].equals("idle_timeout")) {
                        idle = Values.parseInt(p[1]);
                    } else if (p[0].equals("hard_timeout")) {
                        hard = Values.parseInt(p[1]);
                    } else {
                        throw new FlowTextException("unknown fin_timeout option " + p[0]);
                    }
                }
                return List.of(new NxAction.FinTimeout(idle, hard));
            }
            case "check_pkt_larger": {
                int close = t.indexOf(')');
                int arrow = t.indexOf("->", close);
                return List.of(new NxAction.CheckPktLarger(Values.parseInt(t.substring(name.length() + 1, close)),
                        ref(t.substring(arrow + 2).trim())));
            }
            case "sample": {
                long[] v = new long[4];
                int samplingPort = NxAction.Sample.NO_PORT;
                int direction = NxAction.Sample.DIRECTION_DEFAULT;
                List<String> keys = List.of("probability", "collector_set_id", "obs_domain_id", "obs_point_id");
                for (String kv : split(req(arg, name))) {
                    String[] p = kv.split("=", 2);
                    int k = keys.indexOf(p[0]);
                    if (p[0].equals("sampling_port") && p.length == 2) {
                        samplingPort = OfPort.toOf10(Values.port(p[1], ports));
                    } else if (p[0].equals("ingress") || p[0].equals("egress")) {
                        direction = p[0].equals("ingress") ? NxAction.Sample.DIRECTION_INGRESS
                                : NxAction.Sample.DIRECTION_EGRESS;
                    } else if (k < 0 || p.length != 2) {
                        throw new FlowTextException("unsupported sample option " + p[0]);
                    } else {
                        v[k] = Values.parseLong(p[1]);
                    }
                }
                return List.of(new NxAction.Sample((int) v[0], v[1], v[2], v[3], samplingPort, direction));
            }
            case "clone":
                return List.of(new NxAction.Clone(parseActions(req(arg, name), ports, ctx)));
            case "multipath": {
                List<String> p = split(req(arg, name));
                return List.of(new NxAction.Multipath(hashFields(p.get(0)), Values.parseInt(p.get(1)),
                        index(MP_ALGORITHMS, p.get(2)), Values.parseInt(p.get(3)) - 1, Values.parseLong(p.get(4)),
                        ref(p.get(5))));
            }
            case "bundle", "bundle_load": {
                List<String> p = split(req(arg, name));
                boolean load = name.equals("bundle_load");
                if (!p.get(3).equals("ofport")) {
                    throw new FlowTextException("bundle member type must be ofport");
                }
                String members = p.get(load ? 5 : 4);
                if (!members.startsWith("members:") && !members.startsWith("slaves:")) {
                    throw new FlowTextException("bundle needs members:");
                }
                List<Integer> ms = new ArrayList<>();
                List<String> rest = new ArrayList<>(p.subList(load ? 5 : 4, p.size()));
                rest.set(0, members.substring(members.indexOf(':') + 1));
                for (String m : rest) {
                    ms.add((int) Values.port(m.trim(), ports));
                }
                return List.of(new NxAction.Bundle(hashFields(p.get(0)), Values.parseInt(p.get(1)),
                        index(BUNDLE_ALGORITHMS, p.get(2)), ms, load ? ref(p.get(4)) : null));
            }
            case "ct":
                return List.of(parseCt(arg == null ? "" : arg, ports));
            case "learn":
                return List.of(LearnText.parse(req(arg, name), ports));
            default:
                if (reserved != null) {
                    break;
                }
                throw new FlowTextException("unknown action " + name);
        }
        throw new FlowTextException("cannot parse action `" + t + "'");
    }

    /**
     * {@code output(port=P,max_len=N)} (ovs-actions(7) "output"): a port number or name is NXAST_OUTPUT_TRUNC, a
     * field is an output_reg with max_len.
     */
    private static Action parseTruncatedOutput(String a, Map<String, Long> ports) {
        String port = null;
        Integer maxLen = null;
        for (String kv : split(a)) {
            String[] p = kv.split("=", 2);
            switch (p[0]) {
                case "port" -> port = p.length > 1 ? p[1] : null;
                case "max_len" -> maxLen = p.length > 1 ? Values.parseInt(p[1]) : null;
                default -> throw new FlowTextException("unknown output option " + p[0]);
            }
        }
        if (port == null || maxLen == null) {
            throw new FlowTextException("output(" + a + ") needs port= and max_len=");
        }
        if (port.contains("[") || FieldNames.isFieldName(port)) {
            return new NxAction.OutputReg(ref(port), maxLen);
        }
        return new NxAction.OutputTrunc(Values.port(port, ports), maxLen);
    }

    private static int hashFields(String s) {
        return index(NxAction.HashFields.NAMES, s);
    }

    private static int index(List<String> names, String s) {
        int i = names.indexOf(s.trim());
        if (i < 0) {
            throw new FlowTextException("unknown value `" + s + "', expected one of " + names);
        }
        return i;
    }

    /**
     * A masked set_field is a load of the masked bits, which is how OVS sends it in OpenFlow 1.3: one NXAST_REG_LOAD
     * per contiguous run of mask bits (of at most 64 bits), lowest first (ovs-ofctl splits
     * {@code set_field:0x1/0x5->reg0} into {@code load:0x1->NXM_NX_REG0[0],load:0->NXM_NX_REG0[2]}; captured bytes,
     * golden/ofctl/).
     */
    private static List<Action> maskedLoads(OxmEntry e) {
        BigInteger m = Values.big(e.mask());
        BigInteger v = Values.big(e.value());
        if (m.signum() == 0) {
            throw new FlowTextException("set_field mask of " + e.field() + " is zero");
        }
        List<Action> loads = new ArrayList<>();
        int ofs = m.getLowestSetBit();
        while (ofs >= 0) {
            // A run longer than 64 bits (ct_label, IPv6 addresses) goes in 64-bit pieces, as OVS's
            // next_load_segment splits it: a reg_load carries a 64-bit value.
            int end = ofs;
            while (m.testBit(end) && end - ofs < 64) {
                end++;
            }
            int n = end - ofs;
            long bits = v.shiftRight(ofs).and(BigInteger.ONE.shiftLeft(n).subtract(BigInteger.ONE)).longValue();
            loads.add(new NxAction.RegLoad(new FieldRef(FieldNames.nxm(e.field()), ofs, n), bits));
            m = m.andNot(BigInteger.ONE.shiftLeft(end).subtract(BigInteger.ONE));
            ofs = m.signum() == 0 ? -1 : m.getLowestSetBit();
        }
        return loads;
    }

    private static NxAction.Ct parseCt(String arg, Map<String, Long> ports) {
        int flags = 0;
        FieldRef zoneSrc = null;
        int zoneImm = 0;
        int table = NxAction.Ct.NO_TABLE;
        int alg = 0;
        List<Action> nested = new ArrayList<>();
        for (String t : split(arg)) {
            if (t.isEmpty()) {
                continue;
            }
            String n = name(t);
            String a = arg(t);
            switch (n) {
                case "commit" -> flags |= NxAction.Ct.COMMIT;
                case "force" -> flags |= NxAction.Ct.FORCE;
                case "table" -> table = Values.parseInt(a);
                case "zone" -> {
                    if (a.contains("[")) {
                        zoneSrc = ref(a);
                    } else {
                        zoneImm = Values.parseInt(a);
                    }
                }
                case "alg" -> alg = switch (a) {
                    case "ftp" -> 21;
                    case "tftp" -> 69;
                    default -> Values.parseInt(a);
                };
                case "exec" -> nested.addAll(parseActions(a, ports, MatchContext.VLAN_MATCHED));
                case "nat" -> nested.add(parseNat(a));
                default -> throw new FlowTextException("unknown ct option " + n);
            }
        }
        return new NxAction.Ct(flags, zoneSrc, zoneImm, table, alg, nested);
    }

    private static NxAction.Nat parseNat(String a) {
        if (a == null || a.isBlank()) {
            return new NxAction.Nat(0, null, null, 0, 0);
        }
        int flags = 0;
        InetAddress min = null;
        InetAddress max = null;
        int pmin = 0;
        int pmax = 0;
        for (String t : split(a)) {
            String[] kv = t.split("=", 2);
            switch (kv[0]) {
                case "src", "dst" -> {
                    flags |= kv[0].equals("src") ? NxAction.Nat.SRC : NxAction.Nat.DST;
                    if (kv.length == 1) {
                        // nat(src) / nat(dst) with no range: OVN's "ct_commit_nat" for established connections.
                        continue;
                    }
                    String r = kv[1];
                    String ports = null;
                    // [v6]-[v6]:p1-p2 or v4-v4:p1-p2
                    boolean bareV6 = !r.startsWith("[") && r.indexOf(':') != r.lastIndexOf(':');
                    int portColon = r.startsWith("[") ? r.indexOf(':', r.lastIndexOf(']'))
                            : bareV6 ? -1 : r.indexOf(':');
                    if (portColon >= 0) {
                        ports = r.substring(portColon + 1);
                        r = r.substring(0, portColon);
                    }
                    String[] ends = r.startsWith("[") ? r.split("(?<=\\])-") : r.split("-");
                    min = addr(ends[0]);
                    max = ends.length > 1 ? addr(ends[1]) : null;
                    if (ports != null) {
                        String[] ps = ports.split("-");
                        pmin = Values.parseInt(ps[0]);
                        pmax = ps.length > 1 ? Values.parseInt(ps[1]) : 0;
                    }
                }
                case "persistent" -> flags |= NxAction.Nat.PERSISTENT;
                case "hash" -> flags |= NxAction.Nat.PROTO_HASH;
                case "random" -> flags |= NxAction.Nat.PROTO_RANDOM;
                default -> throw new FlowTextException("unknown nat option " + kv[0]);
            }
        }
        return new NxAction.Nat(flags, min, max, pmin, pmax);
    }

    private static InetAddress addr(String s) {
        String x = s.startsWith("[") ? s.substring(1, s.length() - 1) : s;
        try {
            return InetAddress.getByAddress(Values.ip(x, x.contains(":") ? 16 : 4));
        } catch (UnknownHostException e) {
            throw new FlowTextException("bad address " + s);
        }
    }

    private static OxmField fieldByName(String n) {
        if (n.matches("xreg[0-7]")) {
            return OxmField.xreg(n.charAt(4) - '0');
        }
        if (n.matches("xxreg[0-3]")) {
            return OxmField.xxreg(n.charAt(5) - '0');
        }
        return FieldNames.byName(n);
    }

    /** {@code NXM_NX_REG0[]}, {@code NXM_NX_REG0[3]}, {@code NXM_NX_REG0[0..15]}, {@code reg0[..]}. */
    static FieldRef ref(String s) {
        int b = s.indexOf('[');
        if (b < 0 || !s.endsWith("]")) {
            OxmField f = fieldByName(s.trim());
            return FieldRef.of(f);
        }
        OxmField f = fieldByName(s.substring(0, b).trim());
        String in = s.substring(b + 1, s.length() - 1);
        if (in.isEmpty()) {
            return FieldRef.of(f);
        }
        int dots = in.indexOf("..");
        if (dots < 0) {
            int bit = Integer.parseInt(in);
            return new FieldRef(f, bit, 1);
        }
        return FieldRef.of(f, Integer.parseInt(in.substring(0, dots)), Integer.parseInt(in.substring(dots + 2)));
    }

    // ------------------------------------------------------------------------------------------------ printing

    static String printInstructions(List<Instruction> ins, Map<Long, String> ports) {
        List<String> parts = new ArrayList<>();
        for (Instruction i : ins) {
            if (i instanceof Instruction.Meter m) {
                parts.add("meter:" + m.meterId());
            }
        }
        for (Instruction i : ins) {
            if (i instanceof Instruction.ApplyActions a) {
                for (Action x : a.actions()) {
                    parts.add(print(x, ports));
                }
            }
        }
        for (Instruction i : ins) {
            if (i instanceof Instruction.ClearActions) {
                parts.add("clear_actions");
            }
        }
        for (Instruction i : ins) {
            if (i instanceof Instruction.WriteActions w) {
                parts.add("write_actions(" + printList(w.actions(), ports) + ")");
            }
        }
        for (Instruction i : ins) {
            if (i instanceof Instruction.WriteMetadata w) {
                parts.add("write_metadata:" + Values.hashHex(new BigInteger(Long.toUnsignedString(w.metadata())))
                        + (w.mask() == -1L ? "" : "/" + Values.hashHex(new BigInteger(Long.toUnsignedString(w.mask())))));
            }
        }
        for (Instruction i : ins) {
            if (i instanceof Instruction.GotoTable g) {
                parts.add("goto_table:" + g.tableId());
            }
        }
        return parts.isEmpty() ? "drop" : String.join(",", parts);
    }

    static String printList(List<Action> actions, Map<Long, String> ports) {
        List<String> parts = new ArrayList<>();
        for (Action a : actions) {
            parts.add(print(a, ports));
        }
        return String.join(",", parts);
    }

    static String ref(FieldRef r) {
        String name = FieldNames.info(r.field()).refName();
        if (r.isWholeField()) {
            return name + "[]";
        }
        return r.nBits() == 1 ? name + "[" + r.offset() + "]"
                : name + "[" + r.offset() + ".." + (r.offset() + r.nBits() - 1) + "]";
    }

    static String value(OxmField f, byte[] v) {
        return switch (FieldNames.info(f).format()) {
            case MAC -> Values.mac(v);
            case IPV4, IPV6 -> Values.ip(v);
            case DEC -> Values.big(v).toString();
            // A port as ofputil_format_port writes it: reserved ports by name (set_field:ANY->in_port).
            case PORT -> Values.port(v.length == 2 ? OfPort.fromOf10(Values.big(v).intValue())
                    : Values.big(v).longValue(), null);
            case HEX -> Values.hashHex(Values.big(v));
        };
    }

    static String print(Action a, Map<Long, String> ports) {
        if (a instanceof Action.Output o) {
            if (o.port() == OfPort.CONTROLLER) {
                return "CONTROLLER:" + o.maxLen();
            }
            return o.port() < OfPort.MAX ? "output:" + Values.port(o.port(), ports) : OfPort.name(o.port());
        } else if (a instanceof Action.PushVlan p) {
            return "push_vlan:0x" + Integer.toHexString(p.ethertype());
        } else if (a instanceof Action.PopVlan) {
            return "pop_vlan";
        } else if (a instanceof Action.SetField s) {
            OxmEntry e = s.oxm();
            return "set_field:" + value(e.field(), e.value())
                    + (e.hasMask() ? "/" + value(e.field(), e.mask()) : "") + "->"
                    + (e.field().equals(OxmField.IN_PORT) ? "in_port_oxm" : FieldNames.info(e.field()).name());
        } else if (a instanceof Action.Resubmit r) {
            if (r.table() == 255 && r.port() != OfPort.IN_PORT) {
                return "resubmit:" + Values.port(r.port(), ports);
            }
            return "resubmit(" + (r.port() == OfPort.IN_PORT ? "" : Values.port(r.port(), ports)) + ","
                    + (r.table() == 255 ? "" : Integer.toString(r.table())) + ")";
        } else if (a instanceof Action.Controller c) {
            if (c.reason() == Action.Controller.REASON_ACTION && c.controllerId() == 0 && !c.pause()
                    && c.userdata().length == 0) {
                return "CONTROLLER:" + c.maxLen();
            }
            List<String> p = new ArrayList<>();
            if (c.reason() != Action.Controller.REASON_ACTION) {
                p.add("reason=" + PacketInReasons.name(c.reason()));
            }
            if (c.maxLen() != Action.Output.NO_BUFFER) {
                p.add("max_len=" + c.maxLen());
            }
            if (c.controllerId() != 0) {
                p.add("id=" + c.controllerId());
            }
            if (c.userdata().length > 0) {
                p.add("userdata=" + HexFormat.ofDelimiter(".").formatHex(c.userdata()));
            }
            if (c.pause()) {
                p.add("pause");
            }
            return "controller(" + String.join(",", p) + ")";
        } else if (a instanceof Action.Meter m) {
            return "meter:" + m.meterId();
        } else if (a instanceof OfAction o) {
            return printOf(o);
        } else if (a instanceof NxAction n) {
            return printNx(n, ports);
        }
        return a.toString();
    }

    private static String printOf(OfAction o) {
        if (o instanceof OfAction.SetQueue q) {
            return "set_queue:" + q.queueId();
        } else if (o instanceof OfAction.Group g) {
            return "group:" + g.groupId();
        } else if (o instanceof OfAction.SetNwTtl t) {
            return "mod_nw_ttl:" + t.ttl();
        } else if (o instanceof OfAction.DecNwTtl) {
            return "dec_ttl";
        } else if (o instanceof OfAction.PushMpls p) {
            return String.format("push_mpls:0x%04x", p.ethertype());
        } else if (o instanceof OfAction.PopMpls p) {
            return String.format("pop_mpls:0x%04x", p.ethertype());
        } else if (o instanceof OfAction.DecMplsTtl) {
            return "dec_mpls_ttl";
        } else if (o instanceof OfAction.SetMplsTtl t) {
            return "set_mpls_ttl(" + t.ttl() + ")";
        } else if (o instanceof OfAction.CopyTtlOut) {
            return "copy_ttl_out";
        } else if (o instanceof OfAction.CopyTtlIn) {
            return "copy_ttl_in";
        } else if (o instanceof OfAction.PushPbb p) {
            return "push_pbb:0x" + Integer.toHexString(p.ethertype());
        }
        return "pop_pbb";
    }

    private static String printNx(NxAction n, Map<Long, String> ports) {
        if (n instanceof NxAction.RegLoad2 l) {
            OxmEntry e = l.oxm();
            return "set_field:" + value(e.field(), e.value())
                    + (e.hasMask() ? "/" + value(e.field(), e.mask()) : "") + "->"
                    + (e.field().equals(OxmField.IN_PORT) ? "in_port_oxm" : FieldNames.info(e.field()).name());
        } else if (n instanceof NxAction.RegLoad l) {
            return "load:" + Values.hashHex(new BigInteger(Long.toUnsignedString(l.value()))) + "->" + ref(l.dst());
        } else if (n instanceof NxAction.RegMove m) {
            return "move:" + ref(m.src()) + "->" + ref(m.dst());
        } else if (n instanceof NxAction.StackPush p) {
            return "push:" + ref(p.field());
        } else if (n instanceof NxAction.StackPop p) {
            return "pop:" + ref(p.field());
        } else if (n instanceof NxAction.ResubmitCt r) {
            return "resubmit(" + (r.port() == OfPort.IN_PORT ? "" : Values.port(r.port(), ports)) + ","
                    + (r.table() == 255 ? "" : Integer.toString(r.table())) + ",ct)";
        } else if (n instanceof NxAction.PopQueue) {
            return "pop_queue";
        } else if (n instanceof NxAction.CtClear) {
            return "ct_clear";
        } else if (n instanceof NxAction.Exit) {
            return "exit";
        } else if (n instanceof NxAction.Note note) {
            return "note:" + HexFormat.ofDelimiter(".").formatHex(note.data());
        } else if (n instanceof NxAction.DecTtl d) {
            List<String> ids = new ArrayList<>();
            d.controllerIds().forEach(i -> ids.add(Integer.toString(i)));
            return "dec_ttl(" + String.join(",", ids) + ")";
        } else if (n instanceof NxAction.OutputTrunc o) {
            return "output(port=" + Values.port(o.port(), ports) + ",max_len=" + o.maxLen() + ")";
        } else if (n instanceof NxAction.OutputReg o) {
            return o.maxLen() == Action.Output.NO_BUFFER ? "output:" + ref(o.src())
                    : "output(port=" + ref(o.src()) + ",max_len=" + o.maxLen() + ")";
        } else if (n instanceof NxAction.Conjunction c) {
            return "conjunction(" + c.id() + "," + c.clause() + "/" + c.nClauses() + ")";
        } else if (n instanceof NxAction.FinTimeout f) {
            List<String> p = new ArrayList<>();
            if (f.idleTimeout() != 0) {
                p.add("idle_timeout=" + f.idleTimeout());
            }
            if (f.hardTimeout() != 0) {
                p.add("hard_timeout=" + f.hardTimeout());
            }
            return "fin_timeout(" + String.join(",", p) + ")";
        } else if (n instanceof NxAction.CheckPktLarger c) {
            return "check_pkt_larger(" + c.packetLength() + ")->" + ref(c.dst());
        } else if (n instanceof NxAction.Sample s) {
            return "sample(probability=" + s.probability() + ",collector_set_id=" + s.collectorSetId()
                    + ",obs_domain_id=" + s.obsDomainId() + ",obs_point_id=" + s.obsPointId()
                    + (s.samplingPort() != NxAction.Sample.NO_PORT
                        ? ",sampling_port=" + Values.port(OfPort.fromOf10(s.samplingPort()), ports) : "")
                    + (s.direction() == NxAction.Sample.DIRECTION_INGRESS ? ",ingress"
                        : s.direction() == NxAction.Sample.DIRECTION_EGRESS ? ",egress" : "") + ")";
        } else if (n instanceof NxAction.Clone c) {
            return "clone(" + printList(c.actions(), ports) + ")";
        } else if (n instanceof NxAction.Multipath m) {
            return "multipath(" + NxAction.HashFields.NAMES.get(m.fields()) + "," + m.basis() + ","
                    + MP_ALGORITHMS.get(m.algorithm()) + "," + (m.maxLink() + 1) + "," + m.arg() + "," + ref(m.dst())
                    + ")";
        } else if (n instanceof NxAction.Bundle b) {
            List<String> ms = new ArrayList<>();
            b.members().forEach(m -> ms.add(Values.port(m, ports)));
            return (b.dst() == null ? "bundle(" : "bundle_load(") + NxAction.HashFields.NAMES.get(b.fields()) + ","
                    + b.basis() + "," + BUNDLE_ALGORITHMS.get(b.algorithm()) + ",ofport,"
                    + (b.dst() == null ? "" : ref(b.dst()) + ",") + "members:" + String.join(",", ms) + ")";
        } else if (n instanceof NxAction.Ct c) {
            return printCt(c, ports);
        } else if (n instanceof NxAction.Nat nat) {
            return printNat(nat);
        } else if (n instanceof NxAction.Learn l) {
            return LearnText.print(l);
        }
        return n.toString();
    }

    /** format_CONNTRACK: flags, table, zone, a leading nat, the rest as exec(...), then alg. */
    private static String printCt(NxAction.Ct c, Map<Long, String> ports) {
        List<String> p = new ArrayList<>();
        if ((c.flags() & NxAction.Ct.COMMIT) != 0) {
            p.add("commit");
        }
        if ((c.flags() & NxAction.Ct.FORCE) != 0) {
            p.add("force");
        }
        if (c.recircTable() != NxAction.Ct.NO_TABLE) {
            p.add("table=" + c.recircTable());
        }
        if (c.zoneSrc() != null) {
            p.add("zone=" + ref(c.zoneSrc()));
        } else if (c.zoneImm() != 0) {
            p.add("zone=" + c.zoneImm());
        }
        List<Action> rest = c.actions();
        if (!rest.isEmpty() && rest.get(0) instanceof NxAction.Nat nat) {
            p.add(printNat(nat));
            rest = rest.subList(1, rest.size());
        }
        if (!rest.isEmpty()) {
            p.add("exec(" + printList(rest, ports) + ")");
        }
        if (c.alg() != 0) {
            p.add("alg=" + (c.alg() == 21 ? "ftp" : c.alg() == 69 ? "tftp" : Integer.toString(c.alg())));
        }
        return p.isEmpty() ? "ct" : "ct(" + String.join(",", p) + ")";
    }

    private static String printNat(NxAction.Nat n) {
        if ((n.flags() & (NxAction.Nat.SRC | NxAction.Nat.DST)) == 0) {
            return "nat";
        }
        StringBuilder s = new StringBuilder("nat(");
        s.append((n.flags() & NxAction.Nat.SRC) != 0 ? "src" : "dst");
        if (n.addrMin() != null) {
            // OVS brackets IPv6 addresses only when a port range follows.
            boolean v6 = n.addrMin().getAddress().length == 16 && n.portMin() == 0;
            s.append('=').append(addr(n.addrMin(), v6));
            if (n.addrMax() != null && !n.addrMax().equals(n.addrMin())) {
                s.append('-').append(addr(n.addrMax(), v6));
            }
            if (n.portMin() != 0) {
                s.append(':').append(n.portMin());
                if (n.portMax() != 0 && n.portMax() != n.portMin()) {
                    s.append('-').append(n.portMax());
                }
            }
        }
        if ((n.flags() & NxAction.Nat.PERSISTENT) != 0) {
            s.append(",persistent");
        }
        if ((n.flags() & NxAction.Nat.PROTO_HASH) != 0) {
            s.append(",hash");
        }
        if ((n.flags() & NxAction.Nat.PROTO_RANDOM) != 0) {
            s.append(",random");
        }
        return s.append(')').toString();
    }

    private static String addr(InetAddress a, boolean plain) {
        if (a.getAddress().length == 4) {
            return a.getHostAddress();
        }
        return plain ? Values.ipv6(a.getAddress()) : "[" + Values.ipv6(a.getAddress()) + "]";
    }
}
