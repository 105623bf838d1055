package org.vifd.ovsdb.value;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A row (RFC 7047 §5.1 {@code <row>}): column name → value, immutable. Rows read from the server carry the
 * columns that were asked for (and "_uuid"/"_version" when present); rows to write carry only the columns to set.
 */
public record Row(Map<String, Value> columns) {

    private static final Row EMPTY = new Row(Map.of());

    public Row {
        Objects.requireNonNull(columns, "columns");
        if (!(columns instanceof Frozen)) {
            // A map from outside: copy it (checked). A Frozen one was built by Row itself, checked, and is never changed.
            Frozen copy = new Frozen(columns.size());
            columns.forEach((k, v) -> copy.set(Objects.requireNonNull(k, "column"), Objects.requireNonNull(v, "value of " + k)));
            columns = copy;
        }
    }

    /**
     * The read-only column map of a row: names and values in two arrays, in insertion order. A row holds a handful
     * of columns, so a scan beats hashing, and a replica of 10,000 ports keeps two small arrays per row instead of a
     * hash table and an entry object per column (less heap, and less for the garbage collector to copy). Rows built
     * by {@link Builder} or {@link #with} take their arrays over without a copy.
     */
    private static final class Frozen extends AbstractMap<String, Value> {
        private String[] keys;
        private Value[] values;
        private int size;

        Frozen(int capacity) {
            keys = new String[Math.max(2, capacity)];
            values = new Value[keys.length];
        }

        /** Over a {@link Shape}'s names (shared, never written) and values of its own. */
        Frozen(String[] sharedKeys, Value[] values) {
            keys = sharedKeys;
            this.values = values;
            size = sharedKeys.length;
        }

        Frozen(Frozen other, int extra) {
            keys = Arrays.copyOf(other.keys, Math.max(2, other.size + extra));
            values = Arrays.copyOf(other.values, keys.length);
            size = other.size;
        }

        /** Only while building (before the map is handed to a row). */
        void set(String key, Value value) {
            int i = indexOf(key);
            if (i >= 0) {
                values[i] = value;
                return;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < size; i++) {
                if (keys[i] == key) {
                    return i;
                }
            }
            if (key != null) {
                for (int i = 0; i < size; i++) {
                    if (keys[i].equals(key)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        @Override
        public Value get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : values[i];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean isEmpty() {
            return size == 0;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Value> action) {
            for (int i = 0; i < size; i++) {
                action.accept(keys[i], values[i]);
            }
        }

        @Override
        public Set<Entry<String, Value>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Value>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        public Entry<String, Value> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(keys[i], values[i]);
                        }
                    };
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
    }

    public static Row empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder(8);
    }

    /** A builder for a row of about {@code expectedColumns} columns. */
    public static Builder builder(int expectedColumns) {
        return new Builder(expectedColumns);
    }

    public Value get(String column) {
        return columns.get(column);
    }

    /** True if this row was made by {@code shape}: it has exactly the shape's columns, in its order. */
    public boolean hasShape(Shape shape) {
        return columns instanceof Frozen f && f.keys == shape.names;
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
        Frozen m = new Frozen((Frozen) columns, other.columns.size());
        other.columns.forEach(m::set);
        return new Row(m);
    }

    @Override
    public String toString() {
        return columns.toString();
    }

    /** Builds a row column by column. */
    public static final class Builder {
        private Frozen columns;
        /** True once {@link #build()} handed {@code columns} to a row: the next put copies it first. */
        private boolean handedOver;

        private Builder(int expectedColumns) {
            columns = new Frozen(expectedColumns);
        }

        public Builder put(String column, Value value) {
            if (handedOver) {
                columns = new Frozen(columns, 1);
                handedOver = false;
            }
            columns.set(Objects.requireNonNull(column, "column"), Objects.requireNonNull(value, "value"));
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
            handedOver = true;
            return new Row(columns);
        }
    }

    /**
     * The columns of many rows that all have the same ones in the same order (a replica's rows in normal form): the
     * names are checked once, and every row made by the shape shares its one array of names.
     */
    public static final class Shape {
        private final String[] names;

        private Shape(String[] names) {
            this.names = names;
        }

        /** A shape of these distinct, non-null column names. */
        public static Shape of(List<String> columns) {
            String[] names = columns.toArray(new String[0]);
            for (int i = 0; i < names.length; i++) {
                Objects.requireNonNull(names[i], "column");
                for (int j = 0; j < i; j++) {
                    if (names[j].equals(names[i])) {
                        throw new IllegalArgumentException("column " + names[i] + " twice in a row shape");
                    }
                }
            }
            if (names.length == 0) {
                throw new IllegalArgumentException("a row shape needs at least one column");
            }
            return new Shape(names);
        }

        public List<String> columns() {
            return List.of(names);
        }

        public int size() {
            return names.length;
        }

        /** Position of {@code column} in the shape, or -1. */
        public int indexOf(String column) {
            for (int i = 0; i < names.length; i++) {
                if (names[i] == column) {
                    return i;
                }
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(column)) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The row with {@code values[i]} in column i. Takes {@code values} over without a copy: the caller must not
         * touch the array again.
         */
        public Row row(Value[] values) {
            if (values.length != names.length) {
                throw new IllegalArgumentException(values.length + " values for a shape of " + names.length + " columns");
            }
            for (int i = 0; i < values.length; i++) {
                Objects.requireNonNull(values[i], names[i]);
            }
            return new Row(new Frozen(names, values));
        }

        @Override
        public String toString() {
            return "Row.Shape" + Arrays.toString(names);
        }
    }
}
