package org.vifd.dhcp;

import java.util.Objects;

/**
 * Hears what went wrong with a port's client, for the operator ({@code /ports}): a DECLINE, a NAK, a spoofed or
 * undecodable message. Called on the hot path: must not block.
 */
@FunctionalInterface
public interface PortEventListener {

    /** Hears nothing. */
    PortEventListener NONE = event -> { };

    void portEvent(PortEvent event);

    /** What happened. A closed set. */
    enum Kind { DECLINE, NAK, SPOOFED, MALFORMED }

    /**
     * @param portId the port (the binding's port id)
     * @param kind   what happened
     * @param detail one line for the operator (addresses, MACs, xid)
     */
    record PortEvent(String portId, Kind kind, String detail) {
        public PortEvent {
            Objects.requireNonNull(portId, "portId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
