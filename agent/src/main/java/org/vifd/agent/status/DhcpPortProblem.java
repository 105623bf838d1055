package org.vifd.agent.status;

import java.time.Instant;
import java.util.Objects;

/**
 * The last DHCP problem of a port, shown under {@code dhcp} in its {@code /ports} row.
 *
 * @param kind   {@code not_served} (the binding cannot be served: no server identity, a bad option...),
 *               {@code decline} (the client found its address in use: another host has it), {@code nak},
 *               {@code spoofed} (a message from another MAC), {@code malformed} (an undecodable message)
 * @param reason one line for the operator
 * @param at     when it happened (for {@code not_served}: when the problem was first seen)
 */
public record DhcpPortProblem(String kind, String reason, Instant at) {
    public DhcpPortProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
