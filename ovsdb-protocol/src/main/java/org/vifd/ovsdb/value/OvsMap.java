package org.vifd.ovsdb.value;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 7047 §5.1 {@code <map>}: distinct keys, each to one value, both atoms. Keeps insertion order for encoding;
 * equality is map equality.
 */
public record OvsMap(Map<Atom, Atom> entries) implements Value {

    private static final OvsMap EMPTY = new OvsMap(Map.of());

    /** The JDK's immutable one-entry map: taken as it is when its key and value are not null. */
    private static final Class<?> SINGLETON = Collections.singletonMap(Boolean.TRUE, Boolean.TRUE).getClass();

    public OvsMap {
        Objects.requireNonNull(entries, "entries");
        if (!(entries instanceof Owned) && !(entries instanceof Small) && !isCheckedSingleton(entries)) {
            entries = freeze(entries);
        }
    }

    private static boolean isCheckedSingleton(Map<Atom, Atom> entries) {
        return entries.getClass() == SINGLETON && !entries.containsKey(null) && !entries.containsValue(null);
    }

    /** An immutable copy; maps of zero and one entry take the JDK's compact empty and singleton maps. */
    private static Map<Atom, Atom> freeze(Map<Atom, Atom> entries) {
        int n = entries.size();
        if (n == 0) {
            return Collections.emptyMap();
        }
        if (n == 1) {
            Map.Entry<Atom, Atom> e = entries.entrySet().iterator().next();
            return Collections.singletonMap(Objects.requireNonNull(e.getKey(), "map key"), Objects.requireNonNull(e.getValue(), "map value"));
        }
        LinkedHashMap<Atom, Atom> copy = new LinkedHashMap<>(n * 2);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, "map value")));
        return new Owned(copy);
    }

    /** Takes over {@code entries} (no nulls, and no one changes it afterwards) without a copy: for decoders in this package. */
    static OvsMap owning(LinkedHashMap<Atom, Atom> entries) {
        return entries.size() <= 1 ? new OvsMap(freeze(entries)) : new OvsMap(new Owned(entries));
    }

    /** Maps up to this size are kept as two arrays ({@link Small}), larger ones as a hash table. */
    static final int SMALL_MAX = 8;

    /**
     * Takes over {@code keys[0..n)} and {@code values[0..n)} (no nulls, no one changes them afterwards) as a map in
     * that order, a later duplicate key replacing the earlier one's value (as {@link LinkedHashMap#put} would): for
     * decoders in this package. Up to {@link #SMALL_MAX} entries cost two small arrays instead of a hash table and an
     * entry object per pair (external_ids and other_config hold a handful each).
     */
    static OvsMap owning(Atom[] keys, Atom[] values, int n) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            int at = -1;
            for (int j = 0; j < size; j++) {
                if (keys[j].equals(keys[i])) {
                    at = j;
                    break;
                }
            }
            if (at >= 0) {
                values[at] = values[i];
            } else {
                keys[size] = keys[i];
                values[size] = values[i];
                size++;
            }
            if (size > SMALL_MAX) {
                LinkedHashMap<Atom, Atom> m = new LinkedHashMap<>(n * 2);
                for (int k = 0; k < size; k++) {
                    m.put(keys[k], values[k]);
                }
                for (int k = i + 1; k < n; k++) {
                    m.put(keys[k], values[k]);
                }
                return new OvsMap(new Owned(m));
            }
        }
        if (size <= 1) {
            return size == 0 ? EMPTY : new OvsMap(Collections.singletonMap(keys[0], values[0]));
        }
        return new OvsMap(new Small(size == keys.length ? keys : java.util.Arrays.copyOf(keys, size),
                size == values.length ? values : java.util.Arrays.copyOf(values, size)));
    }

    /** The read-only entries of a small OvsMap: distinct keys and their values in two arrays, in order. */
    private static final class Small extends AbstractMap<Atom, Atom> {
        private final Atom[] keys;
        private final Atom[] values;

        Small(Atom[] keys, Atom[] values) {
            this.keys = keys;
            this.values = values;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Atom get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super Atom, ? super Atom> action) {
            for (int i = 0; i < keys.length; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Entry<Atom, Atom>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<Atom, Atom>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < keys.length;
                        }

                        @Override
                        public Entry<Atom, Atom> next() {
                            if (next >= keys.length) {
                                throw new java.util.NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return keys.length;
                }
            };
        }
    }

    /** The read-only entries of an OvsMap, over a map no one else holds. */
    private static final class Owned extends AbstractMap<Atom, Atom> {
        private final Map<Atom, Atom> map;
        private final Map<Atom, Atom> view;

        Owned(LinkedHashMap<Atom, Atom> map) {
            this.map = map;
            this.view = Collections.unmodifiableMap(map);
        }

        @Override
        public Atom get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public Set<Entry<Atom, Atom>> entrySet() {
            return view.entrySet();
        }

        @Override
        public Set<Atom> keySet() {
            return view.keySet();
        }

        @Override
        public java.util.Collection<Atom> values() {
            return view.values();
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super Atom, ? super Atom> action) {
            map.forEach(action);
        }
    }

    public static OvsMap empty() {
        return EMPTY;
    }

    /** A string-to-string map, the most common kind (external_ids, other_config, options). */
    public static OvsMap ofStrings(Map<String, String> map) {
        LinkedHashMap<Atom, Atom> m = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> m.put(Atom.of(k), Atom.of(v)));
        return owning(m);
    }

    public static OvsMap of(String k1, String v1) {
        return new OvsMap(Map.of(Atom.of(k1), Atom.of(v1)));
    }

    public int size() {
        return entries.size();
    }

    public Atom get(Atom key) {
        return entries.get(key);
    }

    /** Value of a string key as a string, or null. */
    public String getString(String key) {
        Atom a = entries.get(Atom.of(key));
        return a instanceof Atom.Str s ? s.value() : null;
    }

    /** The map as String → String (keys and values printed as their plain text). */
    public Map<String, String> asStrings() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        entries.forEach((k, v) -> m.put(plain(k), plain(v)));
        return Collections.unmodifiableMap(m);
    }

    private static String plain(Atom a) {
        return a instanceof Atom.Str s ? s.value() : a.toString();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
