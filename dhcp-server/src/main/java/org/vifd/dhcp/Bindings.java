package org.vifd.dhcp;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of every port's DHCP binding, looked up by the compact port key the agent puts in the
 * punt flow's userdata. The agent publishes a new snapshot with {@link DhcpResponder#bindings(Bindings)}; the
 * very next packet sees it.
 *
 * <p>Building one compiles each binding (options encoded once per distinct subnet). A change is made with an
 * {@link Editor} ({@link #edit}): copy-on-write, it copies only the table of references and compiles only the
 * bindings put, so the new snapshot shares every unchanged port's compiled entry with this one; a one-port change
 * to 10,000 ports costs a 32 k-slot array copy, not 10,000 compilations.
 */
public final class Bindings {

    private static final Bindings EMPTY = new Bindings(new int[4], new PortEntry[4], 0);

    /** Open addressing: keys and entries in parallel arrays, linear probing; capacity a power of two, load ≤ 1/2. */
    private final int[] keys;
    private final PortEntry[] entries;
    private final int mask;
    private final int size;

    private Bindings(int[] keys, PortEntry[] entries, int size) {
        this.keys = keys;
        this.entries = entries;
        this.mask = entries.length - 1;
        this.size = size;
    }

    public static Bindings empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An editor starting from this snapshot; this snapshot never changes. */
    public Editor edit() {
        return new Editor(this);
    }

    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Hot path: the compiled entry for a port key, or null. */
    PortEntry entry(int portKey) {
        int i = slot(portKey, mask);
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
        return size;
    }

    /** All bindings by port key (sorted, unmodifiable). O(size): not for the hot path. */
    public Map<Integer, PortBinding> asMap() {
        Map<Integer, PortBinding> map = new TreeMap<>();
        for (PortEntry e : entries) {
            if (e != null) {
                map.put(e.portKey, e.binding);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** A snapshot with this port added or replaced; throws {@link IllegalArgumentException} for a bad binding. */
    public Bindings with(int portKey, PortBinding binding) {
        return edit().put(portKey, binding).build();
    }

    public Bindings without(int portKey) {
        if (entry(portKey) == null) {
            return this;
        }
        return edit().remove(portKey).build();
    }

    /** Whether both hold the same bindings under the same keys. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings b && b.size == size && b.asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "Bindings[" + size + " ports]";
    }

    /**
     * Changes a snapshot into a new one, copy-on-write: the first change copies the reference table, {@link #put}
     * compiles only the binding given (a subnet's options are encoded once per editor), and every other port's
     * compiled entry is shared. Not thread-safe; the snapshots it builds are.
     */
    public static final class Editor {
        private int[] keys;
        private PortEntry[] entries;
        private int size;
        /** Whether {@link #keys}/{@link #entries} are this editor's own copy (else shared with a snapshot). */
        private boolean owned;
        private final Map<Subnet, PortEntry.SubnetOptions> subnets = new HashMap<>();

        private Editor(Bindings from) {
            this.keys = from.keys;
            this.entries = from.entries;
            this.size = from.size;
        }

        /**
         * Adds or replaces a port, compiling its binding now; throws {@link IllegalArgumentException} naming the port
         * for a binding the responder cannot serve (then nothing changed).
         */
        public Editor put(int portKey, PortBinding binding) {
            Objects.requireNonNull(binding, "binding");
            PortEntry old = find(portKey);
            PortEntry.SubnetOptions so = old != null && old.subnetOptions.subnet.equals(binding.subnet())
                    ? old.subnetOptions : subnets.computeIfAbsent(binding.subnet(), PortEntry.SubnetOptions::new);
            PortEntry e = new PortEntry(portKey, binding, so);
            own((size + 1) * 2 > entries.length ? entries.length * 2 : entries.length);
            int mask = entries.length - 1;
            int i = slot(portKey, mask);
            while (entries[i] != null) {
                if (keys[i] == portKey) {
                    entries[i] = e;
                    return this;
                }
                i = (i + 1) & mask;
            }
            keys[i] = portKey;
            entries[i] = e;
            size++;
            return this;
        }

        /** Removes a port (nothing if absent). */
        public Editor remove(int portKey) {
            if (find(portKey) == null) {
                return this;
            }
            own(entries.length);
            int mask = entries.length - 1;
            int i = slot(portKey, mask);
            while (keys[i] != portKey || entries[i] == null) {
                i = (i + 1) & mask;
            }
            entries[i] = null;
            size--;
            // Backward-shift deletion (linear probing): move later entries of the run into the hole when their
            // home slot does not lie cyclically in (hole, position].
            int j = i;
            while (true) {
                j = (j + 1) & mask;
                if (entries[j] == null) {
                    return this;
                }
                int home = slot(keys[j], mask);
                boolean stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
                if (!stays) {
                    keys[i] = keys[j];
                    entries[i] = entries[j];
                    entries[j] = null;
                    i = j;
                }
            }
        }

        public boolean contains(int portKey) {
            return find(portKey) != null;
        }

        public int size() {
            return size;
        }

        /** The snapshot as edited so far; the editor may go on (its next change copies again). */
        public Bindings build() {
            owned = false;
            return size == 0 ? EMPTY : new Bindings(keys, entries, size);
        }

        private PortEntry find(int portKey) {
            int mask = entries.length - 1;
            int i = slot(portKey, mask);
            PortEntry e;
            while ((e = entries[i]) != null) {
                if (keys[i] == portKey) {
                    return e;
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        /** Makes the table this editor's own with the given capacity (rehashing when it grows). */
        private void own(int capacity) {
            if (owned && capacity == entries.length) {
                return;
            }
            if (capacity == entries.length) {
                keys = keys.clone();
                entries = entries.clone();
            } else {
                int[] k = new int[capacity];
                PortEntry[] es = new PortEntry[capacity];
                int mask = capacity - 1;
                for (PortEntry e : entries) {
                    if (e != null) {
                        int i = slot(e.portKey, mask);
                        while (es[i] != null) {
                            i = (i + 1) & mask;
                        }
                        k[i] = e.portKey;
                        es[i] = e;
                    }
                }
                keys = k;
                entries = es;
            }
            owned = true;
        }
    }

    /** Collects bindings from nothing; subnets' option values are encoded once per distinct subnet. */
    public static final class Builder {
        private final Editor editor = EMPTY.edit();

        private Builder() {
        }

        /** Adds or replaces a port; throws {@link IllegalArgumentException} naming the port for a bad binding. */
        public Builder put(int portKey, PortBinding binding) {
            editor.put(portKey, binding);
            return this;
        }

        public Bindings build() {
            return editor.build();
        }
    }
}
