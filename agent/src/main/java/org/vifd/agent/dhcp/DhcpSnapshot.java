package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.vifd.dhcp.Bindings;

/**
 * What the DHCP hot path reads, published as one immutable value: for each port key the port (its ofport, for the
 * packet-out, and its binding) and the compiled {@link Bindings} the responder answers from. Lookup by key is an
 * array index: keys are small and dense ({@link DhcpPortKeys}).
 */
public final class DhcpSnapshot {
    public static final DhcpSnapshot EMPTY = new DhcpSnapshot(List.of(), Bindings.empty());

    private final List<DhcpPort> ports;
    private final DhcpPort[] byKey;
    private final Bindings bindings;

    private DhcpSnapshot(List<DhcpPort> ports, Bindings bindings) {
        this.ports = ports;
        this.bindings = bindings;
        int max = 0;
        for (DhcpPort p : ports) {
            max = Math.max(max, p.portKey());
        }
        this.byKey = new DhcpPort[max + 1];
        for (DhcpPort p : ports) {
            if (byKey[p.portKey()] != null) {
                throw new IllegalArgumentException("ports " + byKey[p.portKey()].portId() + " and " + p.portId()
                        + " share key " + p.portKey());
            }
            byKey[p.portKey()] = p;
        }
    }

    /**
     * A snapshot of these ports; compiles their bindings (options encoded once per subnet). Throws
     * {@link IllegalArgumentException} naming the port for a binding the responder cannot serve (the builder
     * checks each port first, so the agent gets per-port errors instead).
     */
    public static DhcpSnapshot of(Collection<DhcpPort> ports) {
        List<DhcpPort> sorted = new ArrayList<>(ports);
        sorted.sort(Comparator.comparingInt(DhcpPort::portKey));
        Bindings.Builder b = Bindings.builder();
        for (DhcpPort p : sorted) {
            b.put(p.portKey(), p.binding());
        }
        return new DhcpSnapshot(List.copyOf(sorted), b.build());
    }

    /** Hot path: the port with this key, or null. */
    public DhcpPort port(int portKey) {
        return portKey > 0 && portKey < byKey.length ? byKey[portKey] : null;
    }

    /** The ports by ascending key. */
    public List<DhcpPort> ports() {
        return ports;
    }

    public Bindings bindings() {
        return bindings;
    }

    public int size() {
        return ports.size();
    }

    @Override
    public String toString() {
        return "DhcpSnapshot[" + ports.size() + " ports]";
    }
}
