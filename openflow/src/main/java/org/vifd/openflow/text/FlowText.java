package org.vifd.openflow.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowUpdate;

/**
 * Flows as text, compatible with ovs-ofctl: {@link #parse} reads the flow syntax of ovs-ofctl(8) / ovs-fields(7) /
 * ovs-actions(7) ({@code table=0,priority=3,in_port=5,dl_vlan=101 actions=mod_vlan_vid:1,resubmit(,58)}), and
 * {@link #print} writes a flow exactly as {@code ovs-ofctl -O OpenFlow13 dump-flows} does (with or without
 * {@code --no-stats}, with port names or numbers). Parsing throws {@link FlowTextException}; printing never throws.
 */
public final class FlowText {

    /** Printing options: {@code stats} false is {@code --no-stats}; {@code portNames} maps port numbers to names. */
    public record Options(boolean stats, Map<Long, String> portNames) {
        public static final Options STATS = new Options(true, Map.of());
        public static final Options NO_STATS = new Options(false, Map.of());

        public Options {
            portNames = Map.copyOf(Objects.requireNonNull(portNames, "portNames"));
        }

        public Options withPortNames(Map<Long, String> names) {
            return new Options(stats, names);
        }
    }

    private FlowText() {
    }

    /** Parses an add-flow line into an OFPFC_ADD flow-mod. */
    public static FlowMod parse(String text) {
        return parse(text, FlowModCommand.ADD, Map.of());
    }

    /**
     * Parses a flow ({@code [key=value,...] actions=...}) for {@code command}; port names in {@code portNames} may be
     * used where a port number is expected.
     */
    public static FlowMod parse(String text, FlowModCommand command, Map<String, Long> portNames) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        int a = indexOfActions(s);
        String matchPart = a < 0 ? s : s.substring(0, a);
        String actionPart = a < 0 ? null : s.substring(a + "actions=".length()).strip();
        FlowMod.Builder b = FlowMod.builder(command);
        if (command == FlowModCommand.DELETE || command == FlowModCommand.DELETE_STRICT) {
            // ovs-ofctl(8): del-flows without table= deletes in every table (OFPTT_ALL on the wire).
            b.tableId(FlowMod.TABLE_ALL);
        }
        List<String[]> pairs = new ArrayList<>();
        boolean dlVlan = false;
        for (String tok : matchPart.split("[,\\s]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            int eq = tok.indexOf('=');
            String k = eq < 0 ? tok : tok.substring(0, eq);
            String v = eq < 0 ? null : tok.substring(eq + 1);
            try {
                switch (k) {
                    case "table" -> b.tableId(Values.parseInt(v));
                    case "priority" -> b.priority(Values.parseInt(v));
                    case "idle_timeout" -> b.idleTimeout(Values.parseInt(v));
                    case "hard_timeout" -> b.hardTimeout(Values.parseInt(v));
                    case "importance" -> b.importance(Values.parseInt(v));
                    case "cookie" -> {
                        String[] cm = v.split("/", 2);
                        // ovs-ofctl(8): cookie=value/mask, where a mask of -1 means all 64 bits must match.
                        b.cookie(Values.parseLong(cm[0]), cm.length < 2 ? 0
                                : cm[1].strip().equals("-1") ? -1L : Values.parseLong(cm[1]));
                    }
                    case "out_port" -> b.outPort(Values.port(v, portNames));
                    case "out_group" -> b.outGroup(Values.parseLong(v));
                    case "send_flow_rem" -> flags(b, FlowMod.OFPFF_SEND_FLOW_REM);
                    case "check_overlap" -> flags(b, FlowMod.OFPFF_CHECK_OVERLAP);
                    case "reset_counts" -> flags(b, FlowMod.OFPFF_RESET_COUNTS);
                    case "no_packet_counts" -> flags(b, FlowMod.OFPFF_NO_PKT_COUNTS);
                    case "no_byte_counts" -> flags(b, FlowMod.OFPFF_NO_BYT_COUNTS);
                    case "duration", "n_packets", "n_bytes", "idle_age", "hard_age" -> {
                    }
                    default -> {
                        // mod_vlan_vid pushes a tag unless the match already requires one (ovs-actions(7)).
                        if (k.equals("dl_vlan") && !v.equals("0xffff") || k.equals("dl_vlan_pcp")
                                || k.equals("vlan_tci") && (Values.parseLong(v.split("/")[0]) & 0x1000) != 0) {
                            dlVlan = true;
                        }
                        pairs.add(new String[] {k, v});
                    }
                }
            } catch (FlowTextException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new FlowTextException("bad `" + tok + "': " + e.getMessage());
            }
        }
        try {
            Match m = MatchText.parse(pairs, portNames);
            b.match(m);
            if (actionPart != null) {
                int ipProto = m.get(OxmField.IP_PROTO).map(e -> (int) e.longValue()).orElse(-1);
                b.instructions(ActionText.parseInstructions(actionPart, portNames,
                        new ActionText.MatchContext(dlVlan, ipProto)));
            } else if (command == FlowModCommand.ADD || command == FlowModCommand.MODIFY
                    || command == FlowModCommand.MODIFY_STRICT) {
                throw new FlowTextException("must specify an action");
            }
        } catch (FlowTextException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FlowTextException("bad flow `" + text + "': " + e.getMessage());
        }
        return b.build();
    }

    /**
     * Parses the flow filter of {@code ovs-ofctl dump-flows} / {@code dump-aggregate} ({@code table=},
     * {@code out_port=}, {@code out_group=}, {@code cookie=VALUE/MASK} with -1 for all ones, match fields) into
     * the stats request ovs-ofctl sends: every table unless one is named; a cookie without a mask is ignored, as
     * ovs-ofctl(8) says a filter's cookie needs its mask.
     */
    public static FlowStatsRequest parseStatsRequest(String text, boolean aggregate, Map<String, Long> portNames) {
        FlowMod f = parse(text, FlowModCommand.DELETE, portNames);
        if (!f.instructions().isEmpty()) {
            throw new FlowTextException("a flow filter has no actions: " + text);
        }
        long mask = f.cookieMask();
        return new FlowStatsRequest(aggregate, f.tableId(), f.outPort(), f.outGroup(), mask == 0 ? 0 : f.cookie(),
                mask, f.match());
    }

    private static void flags(FlowMod.Builder b, int flag) {
        b.flags(b.build().flags() | flag);
    }

    private static int indexOfActions(String s) {
        int i = s.indexOf("actions=");
        while (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != ' ') {
            i = s.indexOf("actions=", i + 1);
        }
        return i;
    }

    /** A flow-mod as {@code dump-flows} would show the flow it installs (without statistics). */
    public static String print(FlowMod f, Options options) {
        return format(f.cookie(), -1, -1, f.tableId(), 0, 0, f.idleTimeout(), f.hardTimeout(), f.flags(),
                f.importance(), -1, f.priority(), f.match(), f.instructions(), options.stats(), options.portNames());
    }

    /** One line of {@code ovs-ofctl -O OpenFlow13 dump-flows} (without the leading space). */
    public static String print(FlowStats f, Options options) {
        return format(f.cookie(), f.durationSec(), f.durationNsec(), f.tableId(), f.packetCount(), f.byteCount(),
                f.idleTimeout(), f.hardTimeout(), f.flags(), f.importance(), f.idleAge(), f.priority(), f.match(),
                f.instructions(), options.stats(), options.portNames());
    }

    /**
     * One flow-monitor update as {@code ovs-ofctl monitor} prints it (ofputil_flow_update_format,
     * lib/ofp-monitor.c), without the leading space: the match without its priority, cookie in hex ("0" for none).
     */
    public static String print(FlowUpdate u, Map<Long, String> portNames) {
        StringBuilder s = new StringBuilder("event=");
        if (u instanceof FlowUpdate.Abbrev a) {
            return s.append("ABBREV xid=0x").append(Long.toHexString(a.xid())).toString();
        }
        if (!(u instanceof FlowUpdate.Full f)) {
            return s.append(switch (u.event()) {
                case FlowUpdate.PAUSED -> "PAUSED";
                case FlowUpdate.RESUMED -> "RESUMED";
                default -> Integer.toString(u.event());
            }).toString();
        }
        s.append(switch (f.event()) {
            case FlowUpdate.INITIAL -> "INITIAL";
            case FlowUpdate.ADDED -> "ADDED";
            case FlowUpdate.REMOVED -> "DELETED reason=" + switch (f.reason()) {
                case 0 -> "idle";
                case 1 -> "hard";
                case 2 -> "delete";
                case 3 -> "group_delete";
                case 4 -> "eviction";
                case 5 -> "meter_delete";
                default -> Integer.toString(f.reason());
            };
            case FlowUpdate.MODIFIED -> "MODIFIED";
            default -> Integer.toString(f.event());
        });
        s.append(" table=").append(f.tableId());
        if (f.idleTimeout() != 0) {
            s.append(" idle_timeout=").append(f.idleTimeout());
        }
        if (f.hardTimeout() != 0) {
            s.append(" hard_timeout=").append(f.hardTimeout());
        }
        s.append(" cookie=").append(f.cookie() == 0 ? "0" : "0x" + Long.toHexString(f.cookie())).append(' ')
                .append(MatchText.print(f.match(), 0x8000, portNames));
        if (!f.instructions().isEmpty()) {
            if (s.charAt(s.length() - 1) != ' ') {
                s.append(' ');
            }
            s.append("actions=").append(ActionText.printInstructions(f.instructions(), portNames));
        }
        return s.toString();
    }

    /** Only the match, as ovs-ofctl prints it (with "priority=N," unless N is 32768). */
    public static String printMatch(Match m, int priority, Map<Long, String> portNames) {
        return MatchText.print(m, priority, portNames);
    }

    /** Only the actions, as after {@code actions=}. */
    public static String printInstructions(List<Instruction> instructions, Map<Long, String> portNames) {
        return ActionText.printInstructions(instructions, portNames);
    }

    /** ofputil_flow_stats_format (lib/ofp-flow.c). */
    private static String format(long cookie, long durSec, long durNsec, int table, long packets, long bytes,
                                 int idle, int hard, int flags, int importance, long idleAge, int priority,
                                 Match match,
                                 List<Instruction> ins, boolean stats, Map<Long, String> ports) {
        StringBuilder s = new StringBuilder();
        if (stats || cookie != 0) {
            s.append("cookie=0x").append(Long.toHexString(cookie)).append(", ");
        }
        if (stats) {
            s.append("duration=").append(durSec).append('.').append(String.format("%03d", durNsec / 1_000_000))
                    .append("s, ");
        }
        if (stats || table != 0) {
            s.append("table=").append(table).append(", ");
        }
        if (stats) {
            s.append("n_packets=").append(packets).append(", n_bytes=").append(bytes).append(", ");
        }
        if (idle != 0) {
            s.append("idle_timeout=").append(idle).append(", ");
        }
        if (hard != 0) {
            s.append("hard_timeout=").append(hard).append(", ");
        }
        if ((flags & FlowMod.OFPFF_SEND_FLOW_REM) != 0) {
            s.append("send_flow_rem ");
        }
        if ((flags & FlowMod.OFPFF_CHECK_OVERLAP) != 0) {
            s.append("check_overlap ");
        }
        if ((flags & FlowMod.OFPFF_RESET_COUNTS) != 0) {
            s.append("reset_counts ");
        }
        if ((flags & FlowMod.OFPFF_NO_PKT_COUNTS) != 0) {
            s.append("no_packet_counts ");
        }
        if ((flags & FlowMod.OFPFF_NO_BYT_COUNTS) != 0) {
            s.append("no_byte_counts ");
        }
        if (importance != 0) {
            s.append("importance=").append(importance).append(", ");
        }
        if (stats && idleAge >= 0) {
            s.append("idle_age=").append(idleAge).append(", ");
        }
        String m = MatchText.print(match, priority, ports);
        s.append(m);
        if (!m.isEmpty()) {
            s.append(' ');
        }
        s.append("actions=").append(ActionText.printInstructions(ins, ports));
        return s.toString();
    }
}
