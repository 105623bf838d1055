package org.vifd.agent.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One port's reported state: up (wired) or down, since when, and why ({@code wired}, {@code no ofport},
 * {@code admin_state_up is false}, the last error...).
 */
public record PortStatus(String portId, PortState state, Instant timestamp, String reason) {
    public PortStatus {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(reason, "reason");
    }

    public static PortStatus up(String portId, Instant at, String reason) {
        return new PortStatus(portId, PortState.UP, at, reason);
    }

    public static PortStatus down(String portId, Instant at, String reason) {
        return new PortStatus(portId, PortState.DOWN, at, reason);
    }
}
