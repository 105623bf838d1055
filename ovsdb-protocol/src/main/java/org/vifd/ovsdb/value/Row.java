package org.vifd.ovsdb.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A row (RFC 7047 §5.1 {@code <row>}): column name → value, immutable. Rows read from the server carry the
 * columns that were asked for (and "_uuid"/"_version" when present); rows to write carry only the columns to set.
 */
public record Row(Map<String, Value> columns) {

    private static final Row EMPTY = new Row(Map.of());

    public Row {
        Objects.requireNonNull(columns, "columns");
        LinkedHashMap<String, Value> copy = new LinkedHashMap<>(columns.size() * 2);
        columns.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "column"), Objects.requireNonNull(v, "value of " + k)));
        columns = Collections.unmodifiableMap(copy);
    }

    public static Row empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Value get(String column) {
        return columns.get(column);
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The row's "_uuid" column. */
    public Uuid uuid() {
        return (Uuid) atom("_uuid");
    }

    /** A column holding exactly one atom (a scalar, or an optional value that is set); null when absent or empty. */
    public Atom atom(String column) {
        Value v = columns.get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Atom a) {
            return a;
        }
        if (v instanceof OvsSet s) {
            return s.single();
        }
        throw new IllegalStateException("column " + column + " is a map, not an atom: " + v);
    }

    public String string(String column) {
        Atom a = atom(column);
        return a == null ? null : ((Atom.Str) a).value();
    }

    public Long integer(String column) {
        Atom a = atom(column);
        return a == null ? null : ((Atom.Int) a).value();
    }

    public Boolean bool(String column) {
        Atom a = atom(column);
        return a == null ? null : ((Atom.Bool) a).value();
    }

    /** A set column (an atom read as a one-element set, an absent column as the empty set). */
    public OvsSet set(String column) {
        Value v = columns.get(column);
        if (v == null) {
            return OvsSet.empty();
        }
        if (v instanceof OvsSet s) {
            return s;
        }
        if (v instanceof Atom a) {
            return OvsSet.of(a);
        }
        throw new IllegalStateException("column " + column + " is a map, not a set: " + v);
    }

    /** A map column (an absent column as the empty map; an empty set, as the wire may say, as the empty map). */
    public OvsMap map(String column) {
        Value v = columns.get(column);
        if (v == null || (v instanceof OvsSet s && s.isEmpty())) {
            return OvsMap.empty();
        }
        if (v instanceof OvsMap m) {
            return m;
        }
        throw new IllegalStateException("column " + column + " is not a map: " + v);
    }

    /** This row with the columns of {@code other} put over it (how an update2 "modify" diff is applied is elsewhere). */
    public Row with(Row other) {
        LinkedHashMap<String, Value> m = new LinkedHashMap<>(columns);
        m.putAll(other.columns);
        return new Row(m);
    }

    @Override
    public String toString() {
        return columns.toString();
    }

    /** Builds a row column by column. */
    public static final class Builder {
        private final LinkedHashMap<String, Value> columns = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String column, Value value) {
            columns.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder put(String column, String value) {
            return put(column, Atom.of(value));
        }

        public Builder put(String column, long value) {
            return put(column, Atom.of(value));
        }

        public Builder put(String column, double value) {
            return put(column, Atom.of(value));
        }

        public Builder put(String column, boolean value) {
            return put(column, Atom.of(value));
        }

        public Builder put(String column, Map<String, String> value) {
            return put(column, OvsMap.ofStrings(value));
        }

        public Row build() {
            return new Row(columns);
        }
    }
}
