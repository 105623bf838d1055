package org.vifd.agent.dhcp;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Compact keys for the ports vifd serves DHCP to: the punt flow's userdata and the port's meter id. A port keeps its
 * key while it is served, so a binding change (new address, new options) touches no flow; a freed key goes to the
 * next new port (lowest free first), which keeps the hot path's key-indexed table small.
 *
 * <p>Not thread-safe: owned by the agent loop.
 */
public final class DhcpPortKeys {
    /** Keys are 1..MAX_KEY; OpenFlow meter ids are 32-bit, the hot path's table is sized by the highest key. */
    public static final int MAX_KEY = 1 << 20;

    private final BitSet used = new BitSet();
    private final Map<String, Integer> keyByPort = new HashMap<>();

    /** The port's key, allocating the lowest free one for a new port; empty when all keys are taken. */
    public OptionalInt keyFor(String portId) {
        Objects.requireNonNull(portId, "portId");
        Integer k = keyByPort.get(portId);
        if (k != null) {
            return OptionalInt.of(k);
        }
        int free = used.nextClearBit(1);
        if (free > MAX_KEY) {
            return OptionalInt.empty();
        }
        used.set(free);
        keyByPort.put(portId, free);
        return OptionalInt.of(free);
    }

    /** The key held by the port, if any, without allocating. */
    public OptionalInt peek(String portId) {
        Integer k = keyByPort.get(portId);
        return k == null ? OptionalInt.empty() : OptionalInt.of(k);
    }

    public void release(String portId) {
        Integer k = keyByPort.remove(portId);
        if (k != null) {
            used.clear(k);
        }
    }

    /** Frees the keys of every port not in {@code live}. */
    public void retainOnly(Set<String> live) {
        keyByPort.entrySet().removeIf(e -> {
            if (!live.contains(e.getKey())) {
                used.clear(e.getValue());
                return true;
            }
            return false;
        });
    }

    public int size() {
        return keyByPort.size();
    }

    /** An independent copy (tests compare an incremental update with a full build from the same keys). */
    public DhcpPortKeys copy() {
        DhcpPortKeys c = new DhcpPortKeys();
        c.used.or(used);
        c.keyByPort.putAll(keyByPort);
        return c;
    }

    /** Same ports holding the same keys. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpPortKeys k && k.keyByPort.equals(keyByPort);
    }

    @Override
    public int hashCode() {
        return keyByPort.hashCode();
    }

    @Override
    public String toString() {
        return "DhcpPortKeys[" + keyByPort.size() + " in use]";
    }
}
