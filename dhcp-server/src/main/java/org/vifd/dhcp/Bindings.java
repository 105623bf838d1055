package org.vifd.dhcp;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every port's DHCP binding, looked up by the compact port key the agent puts in the
 * punt flow's userdata. The agent publishes a new snapshot with {@link DhcpResponder#bindings(Bindings)}; the
 * very next packet sees it. Building one compiles each binding (options encoded once); {@link #with} and
 * {@link #without} reuse the compiled entries of unchanged ports.
 */
public final class Bindings {

    private static final Bindings EMPTY = new Bindings(new HashMap<>());

    /** Open addressing: keys and entries in parallel arrays, linear probing; capacity a power of two. */
    private final int[] keys;
    private final PortEntry[] entries;
    private final int mask;
    private final Map<Integer, PortEntry> byKey;

    private Bindings(Map<Integer, PortEntry> byKey) {
        this.byKey = byKey;
        int capacity = Integer.highestOneBit(Math.max(4, byKey.size() * 2) - 1) << 1;
        this.keys = new int[capacity];
        this.entries = new PortEntry[capacity];
        this.mask = capacity - 1;
        for (PortEntry e : byKey.values()) {
            int i = slot(e.portKey);
            while (entries[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = e.portKey;
            entries[i] = e;
        }
    }

    public static Bindings empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    private int slot(int key) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Hot path: the compiled entry for a port key, or null. */
    PortEntry entry(int portKey) {
        int i = slot(portKey);
        PortEntry e;
        while ((e = entries[i]) != null) {
            if (keys[i] == portKey) {
                return e;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    public Optional<PortBinding> get(int portKey) {
        PortEntry e = entry(portKey);
        return e == null ? Optional.empty() : Optional.of(e.binding);
    }

    public int size() {
        return byKey.size();
    }

    /** All bindings by port key (sorted, unmodifiable). */
    public Map<Integer, PortBinding> asMap() {
        Map<Integer, PortBinding> map = new TreeMap<>();
        byKey.forEach((k, e) -> map.put(k, e.binding));
        return Collections.unmodifiableMap(map);
    }

    /** A snapshot with this port added or replaced; throws {@link IllegalArgumentException} for a bad binding. */
    public Bindings with(int portKey, PortBinding binding) {
        Map<Integer, PortEntry> copy = new HashMap<>(byKey);
        copy.put(portKey, new PortEntry(portKey, binding, new PortEntry.SubnetOptions(binding.subnet())));
        return new Bindings(copy);
    }

    public Bindings without(int portKey) {
        if (!byKey.containsKey(portKey)) {
            return this;
        }
        Map<Integer, PortEntry> copy = new HashMap<>(byKey);
        copy.remove(portKey);
        return new Bindings(copy);
    }

    /** Collects bindings; subnets' option values are encoded once per distinct subnet. */
    public static final class Builder {
        private final Map<Integer, PortEntry> byKey = new HashMap<>();
        private final Map<Subnet, PortEntry.SubnetOptions> subnets = new HashMap<>();

        private Builder() {
        }

        /** Adds or replaces a port; throws {@link IllegalArgumentException} naming the port for a bad binding. */
        public Builder put(int portKey, PortBinding binding) {
            PortEntry.SubnetOptions so = subnets.computeIfAbsent(binding.subnet(), PortEntry.SubnetOptions::new);
            byKey.put(portKey, new PortEntry(portKey, binding, so));
            return this;
        }

        public Bindings build() {
            return new Bindings(new HashMap<>(byKey));
        }
    }
}
