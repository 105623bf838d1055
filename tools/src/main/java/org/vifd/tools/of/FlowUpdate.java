package org.vifd.tools.of;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.text.FlowText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One flow update of an OFPMP_FLOW_MONITOR reply (OpenFlow 1.4.1 §7.3.5.19.2): ofp_flow_update_full for the
 * INITIAL/ADDED/REMOVED/MODIFIED events, ofp_flow_update_abbrev for ABBREV, ofp_flow_update_paused for
 * PAUSED/RESUMED. Fields an event does not carry are zero.
 * TODO(openflow): belongs in the openflow module (it has no flow-monitor codec yet); this copy then goes.
 */
public record FlowUpdate(int event, int tableId, int reason, int idleTimeout, int hardTimeout, int priority,
                         long cookie, Match match, List<Instruction> instructions, long abbrevXid) {

    /** ofp_flow_update_event (OpenFlow 1.4.1 §7.3.5.19.2). */
    public static final int INITIAL = 0;
    public static final int ADDED = 1;
    public static final int REMOVED = 2;
    public static final int MODIFIED = 3;
    public static final int ABBREV = 4;
    public static final int PAUSED = 5;
    public static final int RESUMED = 6;

    /** Size of ofp_flow_update_full before its ofp_match. */
    private static final int FULL_HEADER = 24;

    public FlowUpdate {
        instructions = List.copyOf(instructions);
    }

    /** Decodes every update of a (reassembled) reply body; {@code base} is the body's offset in the message. */
    public static List<FlowUpdate> decodeAll(ByteBuf body, int base) throws DecodeException {
        List<FlowUpdate> updates = new ArrayList<>();
        int start = body.readerIndex();
        while (body.isReadable()) {
            int at = base + body.readerIndex() - start;
            if (body.readableBytes() < 4) {
                throw new DecodeException(at, "truncated flow update header");
            }
            int length = body.getUnsignedShort(body.readerIndex());
            int event = body.getUnsignedShort(body.readerIndex() + 2);
            if (length < 8 || length % 8 != 0 || length > body.readableBytes()) {
                throw new DecodeException(at, "flow update length " + length + " with " + body.readableBytes()
                        + " bytes left");
            }
            ByteBuf u = body.readSlice(length);
            try {
                updates.add(decodeOne(u, event, at));
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                // A field the library's decoders reject by exception rather than DecodeException: same outcome.
                throw new DecodeException(at, "bad flow update: " + e.getMessage());
            }
        }
        return updates;
    }

    private static FlowUpdate decodeOne(ByteBuf u, int event, int at) throws DecodeException {
        switch (event) {
            case INITIAL, ADDED, REMOVED, MODIFIED -> {
                if (u.readableBytes() < FULL_HEADER + 8) {
                    throw new DecodeException(at, "flow update of " + u.readableBytes() + " bytes is shorter than "
                            + "ofp_flow_update_full");
                }
                int tableId = u.getUnsignedByte(4);
                int reason = u.getUnsignedByte(5);
                int idle = u.getUnsignedShort(6);
                int hard = u.getUnsignedShort(8);
                int priority = u.getUnsignedShort(10);
                long cookie = u.getLong(16);
                u.readerIndex(FULL_HEADER);
                Match match = Match.decode(u, at + FULL_HEADER);
                List<Instruction> instructions = InstructionCodec.decode(u, at + u.readerIndex());
                return new FlowUpdate(event, tableId, reason, idle, hard, priority, cookie, match, instructions, 0);
            }
            case ABBREV -> {
                return new FlowUpdate(event, 0, 0, 0, 0, 0, 0, Match.ALL, List.of(), u.getUnsignedInt(4));
            }
            default -> {
                // PAUSED, RESUMED and events a later version may add carry nothing more we print.
                return new FlowUpdate(event, 0, 0, 0, 0, 0, 0, Match.ALL, List.of(), 0);
            }
        }
    }

    /** The update as ovs-ofctl monitor prints it (ofputil_flow_update_format, lib/ofp-monitor.c), no leading space. */
    public String format(Map<Long, String> portNames) {
        StringBuilder s = new StringBuilder("event=");
        switch (event) {
            case INITIAL -> s.append("INITIAL");
            case ADDED -> s.append("ADDED");
            case REMOVED -> s.append("DELETED reason=").append(reasonName(reason));
            case MODIFIED -> s.append("MODIFIED");
            case ABBREV -> {
                return s.append("ABBREV xid=0x").append(Long.toHexString(abbrevXid)).toString();
            }
            case PAUSED -> {
                return s.append("PAUSED").toString();
            }
            case RESUMED -> {
                return s.append("RESUMED").toString();
            }
            default -> {
                return s.append(event).toString();
            }
        }
        s.append(" table=").append(tableId);
        if (idleTimeout != 0) {
            s.append(" idle_timeout=").append(idleTimeout);
        }
        if (hardTimeout != 0) {
            s.append(" hard_timeout=").append(hardTimeout);
        }
        s.append(" cookie=").append(cookie == 0 ? "0" : "0x" + Long.toHexString(cookie)).append(' ');
        // OVS prints the match without its priority (it passes the default priority to match_format).
        s.append(FlowText.printMatch(match, 0x8000, portNames));
        if (!instructions.isEmpty()) {
            if (s.charAt(s.length() - 1) != ' ') {
                s.append(' ');
            }
            s.append("actions=").append(FlowText.printInstructions(instructions, portNames));
        }
        return s.toString();
    }

    /** ofp_flow_removed_reason (OpenFlow 1.4.1 §7.4.2) as OVS names it. */
    static String reasonName(int reason) {
        return switch (reason) {
            case 0 -> "idle";
            case 1 -> "hard";
            case 2 -> "delete";
            case 3 -> "group_delete";
            case 4 -> "eviction";
            case 5 -> "meter_delete";
            default -> Integer.toString(reason);
        };
    }
}
