package org.vifd.tools.of;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MultipartRequest;

import java.util.function.Function;

/**
 * One ofp_flow_monitor_request (OpenFlow 1.4.1 §7.3.5.19.1): which flows to watch and which changes to report.
 * TODO(openflow): belongs in the openflow module (it has no flow-monitor codec yet); this copy then goes.
 */
public record FlowMonitorRequest(long monitorId, long outPort, long outGroup, int flags, int tableId, Match match) {

    /** OFPMP_FLOW_MONITOR (OpenFlow 1.4.1 §7.3.5). */
    public static final int OFPMP_FLOW_MONITOR = 16;
    /** ofp_flow_monitor_flags (OpenFlow 1.4.1 §7.3.5.19.1). */
    public static final int INITIAL = 1;
    public static final int ADD = 1 << 1;
    public static final int REMOVED = 1 << 2;
    public static final int MODIFY = 1 << 3;
    public static final int INSTRUCTIONS = 1 << 4;
    public static final int NO_ABBREV = 1 << 5;
    public static final int ONLY_OWN = 1 << 6;
    /** OFPFMC_ADD: a new monitor. */
    public static final int COMMAND_ADD = 0;

    /**
     * What ovs-ofctl's {@code watch:} asks for with no "!" words: every event, with instructions. (OVS 3.1 refuses
     * NO_ABBREV with OFPMOFC_BAD_FLAGS; a monitor-only connection makes no changes, so none would be abbreviated.)
     */
    public static final int DEFAULT_FLAGS = INITIAL | ADD | REMOVED | MODIFY | INSTRUCTIONS;

    public FlowMonitorRequest {
        if (match == null) {
            match = Match.ALL;
        }
    }

    /**
     * Parses the text after {@code watch:} as ovs-ofctl(8) documents it: {@code !initial}, {@code !add},
     * {@code !delete}, {@code !modify}, {@code !actions}, {@code !own}, then {@code table=}, {@code out_port=}
     * and match fields in flow syntax. {@code parseFlow} turns the remaining words into a flow (its table, out port
     * and match are used).
     */
    public static FlowMonitorRequest parse(long monitorId, String spec, Function<String, FlowMod> parseFlow) {
        int flags = DEFAULT_FLAGS;
        StringBuilder rest = new StringBuilder();
        boolean tableGiven = false;
        for (String word : spec.split("[,\\s]+")) {
            switch (word) {
                case "" -> { }
                case "!initial" -> flags &= ~INITIAL;
                case "!add" -> flags &= ~ADD;
                case "!delete" -> flags &= ~REMOVED;
                case "!modify" -> flags &= ~MODIFY;
                case "!actions" -> flags &= ~INSTRUCTIONS;
                // Changes made on this connection: a monitor makes none, so with or without them is the same.
                case "!own" -> { }
                default -> {
                    if (word.startsWith("!")) {
                        throw new IllegalArgumentException(spec + ": unknown keyword " + word);
                    }
                    tableGiven |= word.startsWith("table=");
                    rest.append(rest.isEmpty() ? "" : ",").append(word);
                }
            }
        }
        if ((flags & (ADD | REMOVED | MODIFY)) == 0) {
            throw new IllegalArgumentException(spec + ": watch at least one of add, delete, modify");
        }
        if (rest.isEmpty()) {
            return new FlowMonitorRequest(monitorId, OfPort.ANY, FlowMod.GROUP_ANY, flags, FlowMod.TABLE_ALL, Match.ALL);
        }
        FlowMod f = parseFlow.apply(rest.toString());
        return new FlowMonitorRequest(monitorId, f.outPort(), FlowMod.GROUP_ANY, flags,
                tableGiven ? f.tableId() : FlowMod.TABLE_ALL, f.match());
    }

    /** The OFPMP_FLOW_MONITOR multipart request carrying this one monitor. */
    public MultipartRequest toMultipart() {
        ByteBuf b = Unpooled.buffer(64);
        try {
            b.writeInt((int) monitorId).writeInt((int) outPort).writeInt((int) outGroup).writeShort(flags)
                    .writeByte(tableId).writeByte(COMMAND_ADD);
            match.encode(b);
            byte[] body = new byte[b.readableBytes()];
            b.readBytes(body);
            return new MultipartRequest(OFPMP_FLOW_MONITOR, 0, body);
        } finally {
            b.release();
        }
    }
}
