package org.vifd.agent.wiring;

/**
 * Timestamps ({@link System#nanoTime()}) of the steps that wire a port, for the wiring-latency benchmark and for
 * tests: the replica showing the port's Interface with a valid ofport, the transaction that sets its tag committed,
 * its flow bundle committed (the bundle commit is acknowledged only once the switch applied it, OpenFlow 1.3.5
 * §7.3.9.7 / OVS's ONF bundle extension), and the port reported up. Called on the agent loop: return quickly.
 */
public interface WiringTrace {
    /** Traces nothing. */
    WiringTrace NONE = new WiringTrace() {
    };

    /** The replica shows the port's Interface with a valid ofport (the agent's share of the latency starts here). */
    default void ofportSeen(String portId, long ofport, long nanos) {
    }

    /** The transaction that set the port's tag and other_config committed. */
    default void columnsCommitted(String portId, long nanos) {
    }

    /** The bundle with the port's admission flows committed. */
    default void flowsCommitted(String portId, long nanos) {
    }

    /** The port was reported up. */
    default void wired(String portId, long nanos) {
    }
}
