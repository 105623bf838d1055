package org.vifd.agent.dhcp;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.vifd.agent.status.DhcpPortProblem;
import org.vifd.dhcp.PortEventListener;

/**
 * The last DHCP problem per port for {@code /ports}: the responder's port events (DECLINE, NAK, spoofed,
 * undecodable: the latest wins) and the builder's reasons a port is not served (kept while they last). Never
 * blocks: port events arrive on the hot path.
 */
public final class DhcpPortProblems implements PortEventListener {
    private final Clock clock;
    private final ConcurrentHashMap<String, DhcpPortProblem> events = new ConcurrentHashMap<>();
    private volatile Map<String, DhcpPortProblem> notServed = Map.of();

    public DhcpPortProblems(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void portEvent(PortEvent event) {
        events.put(event.portId(), new DhcpPortProblem(event.kind().name().toLowerCase(Locale.ROOT), event.detail(),
                clock.instant()));
    }

    /** The ports not served now and why (from each build); agent loop only. */
    void notServed(Map<String, String> problems) {
        Map<String, DhcpPortProblem> before = notServed;
        Map<String, DhcpPortProblem> next = new java.util.HashMap<>();
        problems.forEach((id, why) -> {
            DhcpPortProblem old = before.get(id);
            next.put(id, old != null && old.reason().equals(why) ? old
                    : new DhcpPortProblem("not_served", why, clock.instant()));
        });
        notServed = Map.copyOf(next);
    }

    /** The port's problem: why it is not served, else its latest port event; null when none. */
    public DhcpPortProblem get(String portId) {
        DhcpPortProblem p = notServed.get(portId);
        return p != null ? p : events.get(portId);
    }
}
