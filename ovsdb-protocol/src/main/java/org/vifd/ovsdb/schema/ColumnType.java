package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 7047 §3.2 {@code <type>}: a key base type, an optional value base type (then the column is a map), and how
 * many elements it holds ({@code min} 0 or 1, {@code max} ≥ 1, {@link #UNLIMITED} for "unlimited").
 */
public record ColumnType(BaseType key, BaseType value, long min, long max) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public ColumnType {
        Objects.requireNonNull(key, "key");
        if (min < 0 || min > 1) {
            throw new IllegalArgumentException("<type> min must be 0 or 1 (RFC 7047 §3.2), got " + min);
        }
        if (max < 1 || max < min) {
            throw new IllegalArgumentException("<type> max must be at least 1 and at least min, got " + max);
        }
    }

    /** A column of exactly one atom of the given type. */
    public static ColumnType scalar(AtomicType type) {
        return new ColumnType(BaseType.of(type), null, 1, 1);
    }

    static ColumnType parse(JsonNode json) {
        if (json.isTextual()) {
            return new ColumnType(BaseType.parse(json), null, 1, 1);
        }
        if (!json.isObject() || !json.has("key")) {
            throw new IllegalArgumentException("<type> must be an atomic-type or an object with \"key\": " + ValueJson.abbreviate(json));
        }
        BaseType key = BaseType.parse(json.get("key"));
        BaseType value = json.has("value") ? BaseType.parse(json.get("value")) : null;
        long min = json.has("min") ? json.get("min").asLong() : 1;
        JsonNode maxNode = json.get("max");
        long max = maxNode == null ? 1 : maxNode.isTextual() && maxNode.textValue().equals("unlimited") ? UNLIMITED : maxNode.asLong();
        return new ColumnType(key, value, min, max);
    }

    /**
     * RFC 7047 §5.1 / ovsdb(7): the column's default — empty for sets and maps, else 0, 0.0, false, "" or the zero
     * uuid. (update2 rows leave out columns that hold their default, ovsdb-server(7).)
     */
    public Value defaultValue() {
        if (isMap()) {
            return OvsMap.empty();
        }
        if (min == 0) {
            return OvsSet.empty();
        }
        Atom a = switch (key.type()) {
            case INTEGER -> Atom.of(0L);
            case REAL -> Atom.of(0.0);
            case BOOLEAN -> Atom.of(false);
            case STRING -> Atom.of("");
            case UUID -> org.vifd.ovsdb.value.Uuid.ZERO;
        };
        return isScalar() ? a : OvsSet.of(a);
    }

    public boolean isMap() {
        return value != null;
    }

    /** Exactly one atom: decoded as an {@link Atom}. */
    public boolean isScalar() {
        return value == null && min == 1 && max == 1;
    }

    /** Zero or one atom: decoded as an {@link OvsSet} of size 0 or 1. */
    public boolean isOptional() {
        return value == null && min == 0 && max == 1;
    }

    /** A set (not a scalar, not a map): decoded as an {@link OvsSet}. */
    public boolean isSet() {
        return value == null && !isScalar();
    }

    /**
     * Decodes a value of this type: a scalar as an {@link Atom}, a set column as an {@link OvsSet} (a bare atom is a
     * one-element set, RFC 7047 §5.1), a map column as an {@link OvsMap}. Sizes are not checked here: update2 diffs
     * (ovsdb-server(7)) may exceed them.
     */
    public Value decode(JsonNode json) {
        if (isMap()) {
            if (json != null && json.isArray() && json.size() == 2 && "set".equals(json.get(0).asText()) && json.get(1).isArray()
                    && json.get(1).isEmpty()) {
                return OvsMap.empty();
            }
            Value v = ValueJson.decode(json);
            if (!(v instanceof OvsMap raw)) {
                throw new IllegalArgumentException("expected a map, got " + ValueJson.abbreviate(json));
            }
            LinkedHashMap<Atom, Atom> typed = new LinkedHashMap<>(raw.size() * 2);
            raw.entries().forEach((k, val) -> typed.put(key.coerce(k), value.coerce(val)));
            return new OvsMap(typed);
        }
        if (isScalar()) {
            return key.decode(json);
        }
        Value v = ValueJson.decode(json);
        if (v instanceof Atom a) {
            return OvsSet.of(key.coerce(a));
        }
        if (!(v instanceof OvsSet raw)) {
            throw new IllegalArgumentException("expected a set, got " + ValueJson.abbreviate(json));
        }
        LinkedHashSet<Atom> typed = new LinkedHashSet<>(raw.size() * 2);
        for (Atom a : raw.elements()) {
            typed.add(key.coerce(a));
        }
        return new OvsSet(typed);
    }

    /**
     * Decodes a value of this type as {@link #decode(JsonNode)} does, streaming: {@code p} is on the value's first
     * token and is left on its last. Throws IllegalArgumentException for a value that does not fit.
     */
    public Value read(JsonParser p) throws IOException {
        if (isScalar()) {
            return key.coerce(ValueJson.readAtom(p));
        }
        return fit(ValueJson.read(p));
    }

    /**
     * What {@link #read} makes of a value read without a schema ({@link ValueJson#read}): a bare atom of a set
     * column as a one-element set, an empty set of a map column as the empty map, atoms checked and coerced. For a
     * scalar column only an atom fits.
     */
    public Value fit(Value v) {
        if (isScalar()) {
            if (!(v instanceof Atom a)) {
                throw new IllegalArgumentException("expected an atom, got " + v);
            }
            return key.coerce(a);
        }
        if (isMap()) {
            if (v instanceof OvsSet empty && empty.isEmpty()) {
                return OvsMap.empty();
            }
            if (!(v instanceof OvsMap raw)) {
                throw new IllegalArgumentException("expected a map, got " + v);
            }
            return typed(raw);
        }
        if (v instanceof Atom a) {
            return OvsSet.of(key.coerce(a));
        }
        if (!(v instanceof OvsSet raw)) {
            throw new IllegalArgumentException("expected a set, got " + v);
        }
        return typed(raw);
    }

    /**
     * The map with keys and values coerced to this type. Only a real column turns atoms into others (an integral
     * number read as a real); for every other type the atoms are only checked and the same map is answered.
     */
    private OvsMap typed(OvsMap raw) {
        if (key.type() != AtomicType.REAL && value.type() != AtomicType.REAL) {
            raw.entries().forEach((k, v) -> {
                key.coerce(k);
                value.coerce(v);
            });
            return raw;
        }
        LinkedHashMap<Atom, Atom> typed = new LinkedHashMap<>(raw.size() * 2);
        raw.entries().forEach((k, v) -> typed.put(key.coerce(k), value.coerce(v)));
        return new OvsMap(typed);
    }

    private OvsSet typed(OvsSet raw) {
        if (key.type() != AtomicType.REAL) {
            for (Atom a : raw.elements()) {
                key.coerce(a);
            }
            return raw;
        }
        LinkedHashSet<Atom> typed = new LinkedHashSet<>(raw.size() * 2);
        for (Atom a : raw.elements()) {
            typed.add(key.coerce(a));
        }
        return new OvsSet(typed);
    }

    /** Why {@code v} is not a complete value of this type (kinds, constraints, element count), or null if it is. */
    public String check(Value v) {
        return check(v, true);
    }

    /**
     * Why {@code v} does not fit; with {@code checkSize} false only the atoms are checked (condition operands of
     * "includes"/"excludes" and mutation operands, RFC 7047 §5.1, may hold any number of elements).
     */
    public String check(Value v, boolean checkSize) {
        long n;
        if (v instanceof Atom a) {
            if (isMap()) {
                return "expected a map, got atom " + a;
            }
            n = 1;
            String p = key.check(a);
            if (p != null) {
                return p;
            }
        } else if (v instanceof OvsSet s) {
            if (isMap() && !s.isEmpty()) {
                return "expected a map, got set " + s;
            }
            n = s.size();
            for (Atom a : s.elements()) {
                String p = key.check(a);
                if (p != null) {
                    return p;
                }
            }
        } else {
            OvsMap m = (OvsMap) v;
            if (!isMap()) {
                return "expected " + (isScalar() ? key.type().jsonName() : "a set") + ", got map " + m;
            }
            n = m.size();
            for (Map.Entry<Atom, Atom> e : m.entries().entrySet()) {
                String p = key.check(e.getKey());
                if (p == null) {
                    p = value.check(e.getValue());
                }
                if (p != null) {
                    return p;
                }
            }
        }
        if (checkSize && (n < min || n > max)) {
            return n + " element(s), but the column holds " + min + ".." + (max == UNLIMITED ? "unlimited" : String.valueOf(max));
        }
        return null;
    }
}
