package org.vifd.ovsdb.value;

import java.util.Collections;
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
        LinkedHashMap<Atom, Atom> copy = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "map key"), Objects.requireNonNull(v, "map value")));
        entries = Collections.unmodifiableMap(copy);
    }

    public static OvsMap empty() {
        return EMPTY;
    }

    /** A string-to-string map, the most common kind (external_ids, other_config, options). */
    public static OvsMap ofStrings(Map<String, String> map) {
        LinkedHashMap<Atom, Atom> m = new LinkedHashMap<>();
        map.forEach((k, v) -> m.put(Atom.of(k), Atom.of(v)));
        return new OvsMap(m);
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
