package org.vifd.ovsdb.replica;

import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one table of a {@link ReplicaView} by the value of one column. Immutable. A one-element set and its
 * atom are the same key, so an optional column ({@code Interface.ofport}) is looked up by its atom.
 */
public final class ReplicaIndex {

    private final String table;
    private final String column;
    /**
     * Value → the rows holding it: a {@link One} for a single row (a unique column such as "name": no map per value),
     * else an unmodifiable-by-convention LinkedHashMap uuid → row. Never changed once the index is handed out.
     */
    private final Map<Value, Object> byValue;

    /** The only row holding a value. */
    private record One(Uuid uuid, Row row) {
    }

    private ReplicaIndex(String table, String column, Map<Value, Object> byValue) {
        this.table = table;
        this.column = column;
        this.byValue = byValue;
    }

    static ReplicaIndex build(String table, String column, Map<Uuid, Row> rows) {
        Map<Value, Object> m = new HashMap<>(Math.max(16, (int) (rows.size() / 0.75f) + 1));
        rows.forEach((uuid, row) -> {
            Value k = key(row.get(column));
            Object cur = m.get(k);
            if (cur == null) {
                m.put(k, new One(uuid, row));
            } else if (cur instanceof One one) {
                LinkedHashMap<Uuid, Row> both = new LinkedHashMap<>(4);
                both.put(one.uuid(), one.row());
                both.put(uuid, row);
                m.put(k, both);
            } else {
                castRows(cur).put(uuid, row);   // a map made just now by this build, not yet shared
            }
        });
        return new ReplicaIndex(table, column, m);
    }

    @SuppressWarnings("unchecked")
    private static Map<Uuid, Row> castRows(Object o) {
        return (Map<Uuid, Row>) o;
    }

    /** The entry {@code cur} (may be null) with {@code uuid → row} put in: a new entry, {@code cur} unchanged. */
    private static Object with(Object cur, Uuid uuid, Row row) {
        if (cur == null || (cur instanceof One one && one.uuid().equals(uuid))) {
            return new One(uuid, row);
        }
        LinkedHashMap<Uuid, Row> copy;
        if (cur instanceof One one) {
            copy = new LinkedHashMap<>(4);
            copy.put(one.uuid(), one.row());
        } else {
            copy = new LinkedHashMap<>(castRows(cur));
        }
        copy.put(uuid, row);
        return copy;
    }

    /** The entry {@code cur} without {@code uuid} (null when nothing is left): a new entry, {@code cur} unchanged. */
    private static Object without(Object cur, Uuid uuid) {
        if (cur instanceof One one) {
            return one.uuid().equals(uuid) ? null : one;
        }
        Map<Uuid, Row> rows = castRows(cur);
        if (!rows.containsKey(uuid)) {
            return cur;
        }
        if (rows.size() == 2) {
            for (Map.Entry<Uuid, Row> e : rows.entrySet()) {
                if (!e.getKey().equals(uuid)) {
                    return new One(e.getKey(), e.getValue());
                }
            }
        }
        LinkedHashMap<Uuid, Row> copy = new LinkedHashMap<>(rows);
        copy.remove(uuid);
        return copy;
    }

    /** This index after {@code changes} (of its table), sharing what did not change. */
    ReplicaIndex apply(List<RowChange> changes) {
        // Copy-on-write by shard: a few changes copy a few shards, not the whole index.
        ShardedMap.Editor<Value, Object> m = ShardedMap.edit(byValue);
        for (RowChange c : changes) {
            if (c.oldRow() != null) {
                Value k = key(c.oldRow().get(column));
                Object cur = m.get(k);
                if (cur != null) {
                    Object left = without(cur, c.uuid());
                    if (left == null) {
                        m.remove(k);
                    } else if (left != cur) {
                        m.put(k, left);
                    }
                }
            }
            if (c.newRow() != null) {
                Value k = key(c.newRow().get(column));
                m.put(k, with(m.get(k), c.uuid(), c.newRow()));
            }
        }
        return new ReplicaIndex(table, column, m.freeze());
    }

    static Value key(Value v) {
        if (v instanceof OvsSet s && s.size() == 1) {
            return s.single();
        }
        return v == null ? OvsSet.empty() : v;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The rows whose column equals {@code value} (any order); empty if none. */
    public Collection<Row> get(Value value) {
        Object o = byValue.get(key(value));
        if (o == null) {
            return List.of();
        }
        return o instanceof One one ? List.of(one.row()) : Collections.unmodifiableCollection(castRows(o).values());
    }

    /** The rows whose (string or optional string) column equals {@code value}. */
    public Collection<Row> get(String value) {
        return get(Atom.of(value));
    }

    /** The one row with this value (a unique column such as "name"), if any. */
    public Optional<Row> first(Value value) {
        return get(value).stream().findFirst();
    }

    public Optional<Row> first(String value) {
        return first(Atom.of(value));
    }

    /** Number of distinct values. */
    public int size() {
        return byValue.size();
    }
}
