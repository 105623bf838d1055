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

    public OvsMap {
        Objects.requireNonNull(entries, "entries");
        if (!(entries instanceof Owned)) {
            entries = freeze(entries);
        }
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
