package org.vifd.tools.of;

import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowMonitorRequest;

import java.util.function.Function;

/**
 * The text after {@code watch:} in {@code vifctl of monitor}, in ovs-ofctl(8)'s syntax, turned into the openflow
 * library's {@link FlowMonitorRequest} (OpenFlow 1.4.1 §7.3.5.19.1).
 */
final class WatchSpec {

    /**
     * What ovs-ofctl's {@code watch:} asks for with no "!" words: every event, with instructions. (OVS 3.1 refuses
     * NO_ABBREV with OFPMOFC_BAD_FLAGS; a monitor-only connection makes no changes, so none would be abbreviated.)
     */
    static final int DEFAULT_FLAGS = FlowMonitorRequest.INITIAL | FlowMonitorRequest.ADD
            | FlowMonitorRequest.REMOVED | FlowMonitorRequest.MODIFY | FlowMonitorRequest.INSTRUCTIONS;

    private WatchSpec() {
    }

    /**
     * Parses {@code spec} as ovs-ofctl(8) documents it: {@code !initial}, {@code !add}, {@code !delete},
     * {@code !modify}, {@code !actions}, {@code !own}, then {@code table=}, {@code out_port=} and match fields in
     * flow syntax. {@code parseFlow} turns the remaining words into a flow (its table, out port and match are used).
     *
     * @throws IllegalArgumentException for an unknown "!" word or a spec that watches no change at all
     */
    static FlowMonitorRequest parse(long monitorId, String spec, Function<String, FlowMod> parseFlow) {
        int flags = DEFAULT_FLAGS;
        StringBuilder rest = new StringBuilder();
        boolean tableGiven = false;
        for (String word : spec.split("[,\\s]+")) {
            switch (word) {
                case "" -> { }
                case "!initial" -> flags &= ~FlowMonitorRequest.INITIAL;
                case "!add" -> flags &= ~FlowMonitorRequest.ADD;
                case "!delete" -> flags &= ~FlowMonitorRequest.REMOVED;
                case "!modify" -> flags &= ~FlowMonitorRequest.MODIFY;
                case "!actions" -> flags &= ~FlowMonitorRequest.INSTRUCTIONS;
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
        if ((flags & (FlowMonitorRequest.ADD | FlowMonitorRequest.REMOVED | FlowMonitorRequest.MODIFY)) == 0) {
            throw new IllegalArgumentException(spec + ": watch at least one of add, delete, modify");
        }
        if (rest.isEmpty()) {
            return FlowMonitorRequest.add(monitorId, flags);
        }
        FlowMod f = parseFlow.apply(rest.toString());
        return new FlowMonitorRequest(monitorId, f.outPort(), FlowMonitorRequest.GROUP_ANY, flags,
                tableGiven ? f.tableId() : FlowMonitorRequest.TABLE_ALL, FlowMonitorRequest.COMMAND_ADD, f.match());
    }
}
