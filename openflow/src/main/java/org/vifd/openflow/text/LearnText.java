package org.vifd.openflow.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vifd.openflow.action.FieldRef;
import org.vifd.openflow.action.NxAction;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/** The learn action's flow-spec language (ovs-actions(7) "The learn action"). */
final class LearnText {
    private LearnText() {
    }

    static NxAction.Learn parse(String arg, Map<String, Long> ports) {
        int idle = 0;
        int hard = 0;
        int priority = 0x8000;
        long cookie = 0;
        int flags = 0;
        int table = 1;
        int finIdle = 0;
        int finHard = 0;
        long limit = 0;
        FieldRef resultDst = null;
        List<NxAction.LearnSpec> specs = new ArrayList<>();
        for (String t : ActionText.split(arg)) {
            if (t.isEmpty()) {
                continue;
            }
            int eq = t.indexOf('=');
            String key = eq < 0 ? t : t.substring(0, eq);
            String val = eq < 0 ? null : t.substring(eq + 1);
            switch (key) {
                case "table" -> table = Values.parseInt(val);
                case "priority" -> priority = Values.parseInt(val);
                case "idle_timeout" -> idle = Values.parseInt(val);
                case "hard_timeout" -> hard = Values.parseInt(val);
                case "fin_idle_timeout" -> finIdle = Values.parseInt(val);
                case "fin_hard_timeout" -> finHard = Values.parseInt(val);
                case "cookie" -> cookie = Values.parseLong(val);
                case "send_flow_rem" -> flags |= NxAction.Learn.SEND_FLOW_REM;
                case "delete_learned" -> flags |= NxAction.Learn.DELETE_LEARNED;
                case "limit" -> limit = Values.parseLong(val);
                case "result_dst" -> resultDst = ActionText.ref(val);
                default -> specs.add(spec(t, ports));
            }
        }
        return new NxAction.Learn(idle, hard, priority, cookie, flags, table, finIdle, finHard, specs, limit,
                resultDst);
    }

    private static NxAction.LearnSpec spec(String t, Map<String, Long> ports) {
        if (t.startsWith("load:")) {
            String a = t.substring(5);
            int arrow = a.indexOf("->");
            FieldRef dst = ActionText.ref(a.substring(arrow + 2));
            String src = a.substring(0, arrow);
            if (src.contains("[")) {
                return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.LOAD, ActionText.ref(src), null, dst.nBits(), dst);
            }
            return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.LOAD, null, imm(Values.big(Values.number(src, 16)),
                    dst.nBits()), dst.nBits(), dst);
        }
        if (t.startsWith("output:")) {
            FieldRef src = ActionText.ref(t.substring(7));
            return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.OUTPUT, src, null, src.nBits(), null);
        }
        int eq = t.indexOf('=');
        if (eq < 0) {
            FieldRef f = ActionText.ref(t);
            return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.MATCH, f, null, f.nBits(), f);
        }
        String left = t.substring(0, eq);
        String right = t.substring(eq + 1);
        if (left.contains("[")) {
            FieldRef dst = ActionText.ref(left);
            if (right.contains("[")) {
                return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.MATCH, ActionText.ref(right), null, dst.nBits(),
                        dst);
            }
            return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.MATCH, null,
                    imm(Values.big(Values.number(right, 16)), dst.nBits()), dst.nBits(), dst);
        }
        // field=value: a whole-field immediate match, e.g. eth_type=0x800, nw_proto=6.
        // OVS names the learned field by its NXM code where it has one (mf_nxm_header), as in reg_load.
        OxmField f = FieldNames.nxm(learnField(left));
        if (right.contains("[")) {
            FieldRef src = ActionText.ref(right);
            FieldRef dst = FieldRef.of(f);
            return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.MATCH, src, null, dst.nBits(), dst);
        }
        OxmEntry e = MatchText.parseValue(f, right, ports);
        FieldRef dst = FieldRef.of(f);
        return new NxAction.LearnSpec(NxAction.LearnSpec.Kind.MATCH, null, imm(Values.big(e.value()), dst.nBits()),
                dst.nBits(), dst);
    }

    /**
     * The field a learn spec names: OVS looks the name up as meta-flow does, where {@code in_port} is the 16-bit
     * NXM_OF_IN_PORT (the 32-bit OXM one is {@code in_port_oxm}) and {@code dl_type} is {@code eth_type}.
     */
    private static OxmField learnField(String name) {
        return switch (name) {
            case "in_port" -> OxmField.NXM_OF_IN_PORT;
            case "in_port_oxm" -> OxmField.IN_PORT;
            case "dl_type" -> OxmField.ETH_TYPE;
            default -> FieldNames.byName(name);
        };
    }

    private static byte[] imm(BigInteger v, int nBits) {
        return Values.toBytes(v, 2 * ((nBits + 15) / 16));
    }

    static String print(NxAction.Learn l) {
        List<String> p = new ArrayList<>();
        p.add("table=" + l.tableId());
        if (l.idleTimeout() != 0) {
            p.add("idle_timeout=" + l.idleTimeout());
        }
        if (l.hardTimeout() != 0) {
            p.add("hard_timeout=" + l.hardTimeout());
        }
        if (l.finIdleTimeout() != 0) {
            p.add("fin_idle_timeout=" + l.finIdleTimeout());
        }
        if (l.finHardTimeout() != 0) {
            p.add("fin_hard_timeout=" + l.finHardTimeout());
        }
        if (l.priority() != 0x8000) {
            p.add("priority=" + l.priority());
        }
        if ((l.flags() & NxAction.Learn.SEND_FLOW_REM) != 0) {
            p.add("send_flow_rem");
        }
        if ((l.flags() & NxAction.Learn.DELETE_LEARNED) != 0) {
            p.add("delete_learned");
        }
        if (l.cookie() != 0) {
            p.add("cookie=0x" + Long.toHexString(l.cookie()));
        }
        if (l.limit() != 0) {
            p.add("limit=" + l.limit());
        }
        if (l.resultDst() != null) {
            p.add("result_dst=" + ActionText.ref(l.resultDst()));
        }
        for (NxAction.LearnSpec s : l.specs()) {
            p.add(spec(s));
        }
        return "learn(" + String.join(",", p) + ")";
    }

    private static String spec(NxAction.LearnSpec s) {
        switch (s.kind()) {
            case OUTPUT:
                return "output:" + ActionText.ref(s.src());
            case LOAD:
                // Immediates as mf_format_subvalue writes them: C's %#x, so zero is "0".
                return "load:" + (s.src() != null ? ActionText.ref(s.src())
                        : Values.hashHex(Values.big(s.immediate()))) + "->" + ActionText.ref(s.dst());
            default:
                if (s.src() != null) {
                    return s.src().equals(s.dst()) ? ActionText.ref(s.dst())
                            : ActionText.ref(s.dst()) + "=" + ActionText.ref(s.src());
                }
                if (s.dst().isWholeField()) {
                    OxmField f = s.dst().field();
                    byte[] v = Values.toBytes(Values.big(s.immediate()), f.width());
                    String name = f.equals(OxmField.IN_PORT) ? "in_port_oxm" : FieldNames.info(f).name();
                    return name + "=" + ActionText.value(f, v);
                }
                return ActionText.ref(s.dst()) + "=" + Values.hashHex(Values.big(s.immediate()));
        }
    }
}
