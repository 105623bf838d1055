package org.vifd.openflow.action;

import java.util.List;

/** Flow instructions (OpenFlow 1.3.5 §7.2.4). */
public sealed interface Instruction {

    /** OFPIT_GOTO_TABLE. */
    record GotoTable(int tableId) implements Instruction {
    }

    /** OFPIT_WRITE_METADATA. */
    record WriteMetadata(long metadata, long mask) implements Instruction {
    }

    /** OFPIT_WRITE_ACTIONS: merge into the action set. */
    record WriteActions(List<Action> actions) implements Instruction {
        public WriteActions {
            actions = List.copyOf(actions);
        }
    }

    /** OFPIT_APPLY_ACTIONS: apply now, in order. */
    record ApplyActions(List<Action> actions) implements Instruction {
        public ApplyActions {
            actions = List.copyOf(actions);
        }
    }

    /** OFPIT_CLEAR_ACTIONS. */
    record ClearActions() implements Instruction {
    }

    /** OFPIT_METER (OpenFlow 1.3/1.4; encoded as the meter action for OpenFlow 1.5). */
    record Meter(long meterId) implements Instruction {
    }

    static Instruction apply(Action... actions) {
        return new ApplyActions(List.of(actions));
    }

    static Instruction gotoTable(int table) {
        return new GotoTable(table);
    }
}
