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
    private final Map<Value, Map<Uuid, Row>> byValue;

    private ReplicaIndex(String table, String column, Map<Value, Map<Uuid, Row>> byValue) {
        this.table = table;
        this.column = column;
        this.byValue = byValue;
    }

    static ReplicaIndex build(String table, String column, Map<Uuid, Row> rows) {
        Map<Value, Map<Uuid, Row>> m = new HashMap<>(Math.max(16, (int) (rows.size() / 0.75f) + 1));
        rows.forEach((uuid, row) -> add(m, column, uuid, row));
        return new ReplicaIndex(table, column, m);
    }

    /** This index after {@code changes} (of its table), sharing what did not change. */
    ReplicaIndex apply(List<RowChange> changes) {
        // Copy-on-write by shard: a few changes copy a few shards, not the whole index.
        ShardedMap.Editor<Value, Map<Uuid, Row>> m = ShardedMap.edit(byValue);
        for (RowChange c : changes) {
            if (c.oldRow() != null) {
                Value k = key(c.oldRow().get(column));
                Map<Uuid, Row> rows = m.get(k);
                if (rows != null) {
                    Map<Uuid, Row> copy = new LinkedHashMap<>(rows);
                    copy.remove(c.uuid());
                    if (copy.isEmpty()) {
                        m.remove(k);
                    } else {
                        m.put(k, copy);
                    }
                }
            }
            if (c.newRow() != null) {
                Value k = key(c.newRow().get(column));
                Map<Uuid, Row> rows = m.get(k);
                Map<Uuid, Row> copy = rows == null ? new LinkedHashMap<>(2) : new LinkedHashMap<>(rows);
                copy.put(c.uuid(), c.newRow());
                m.put(k, copy);
            }
        }
        return new ReplicaIndex(table, column, m.freeze());
    }

    private static void add(Map<Value, Map<Uuid, Row>> m, String column, Uuid uuid, Row row) {
        m.computeIfAbsent(key(row.get(column)), k -> new LinkedHashMap<>(2)).put(uuid, row);
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
        Map<Uuid, Row> rows = byValue.get(key(value));
        return rows == null ? List.of() : Collections.unmodifiableCollection(rows.values());
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
