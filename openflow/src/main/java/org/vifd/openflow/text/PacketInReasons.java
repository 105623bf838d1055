package org.vifd.openflow.text;

import java.util.List;

/**
 * ofp_packet_in_reason (OpenFlow 1.5.1 §7.4.1; 0 to 5, the last three since 1.4) by the names OVS prints and parses
 * (ofputil_packet_in_reason_to_string): the one table for packet-ins, asynchronous configurations and the
 * controller() action.
 */
public final class PacketInReasons {
    /** Indexed by the reason's wire value. */
    static final List<String> NAMES = List.of("no_match", "action", "invalid_ttl", "action_set", "group",
            "packet_out");

    private PacketInReasons() {
    }

    /** The name of a reason; one without a name as its decimal value, as OVS prints it. */
    public static String name(int reason) {
        return reason >= 0 && reason < NAMES.size() ? NAMES.get(reason) : Integer.toString(reason);
    }

    /** The reason a name stands for, or -1 for none. */
    static int valueOf(String name) {
        return NAMES.indexOf(name);
    }
}
