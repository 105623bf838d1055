package org.vifd.ovsdb.replica;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One consistent, immutable state of a {@link Replica}: every table as it was after one update. Reading it never
 * blocks and never sees half of a transaction; a newer state is a new view. Rows carry every monitored column
 * (absent ones filled with the column's default) and "_uuid".
 */
public final class ReplicaView {

    private final long generation;
    private final long version;
    private final Map<String, Map<Uuid, Row>> tables;
    private final Set<String> declaredIndexes;
    private final Map<String, ReplicaIndex> indexes = new ConcurrentHashMap<>();

    ReplicaView(long generation, long version, Map<String, Map<Uuid, Row>> tables, Set<String> declaredIndexes) {
        this.generation = generation;
        this.version = version;
        this.tables = tables;
        this.declaredIndexes = declaredIndexes;
    }

    static ReplicaView empty(Set<String> tables, Set<String> declaredIndexes) {
        Map<String, Map<Uuid, Row>> m = new HashMap<>();
        tables.forEach(t -> m.put(t, Map.of()));
        return new ReplicaView(0, 0, Collections.unmodifiableMap(m), declaredIndexes);
    }

    /** The session generation (connection) this view was last synchronised on. */
    public long generation() {
        return generation;
    }

    /** Counts the updates applied so far (each update makes a new view). */
    public long version() {
        return version;
    }

    /** Names of the monitored tables. */
    public Set<String> tableNames() {
        return tables.keySet();
    }

    /** uuid → row of a monitored table (unmodifiable); empty for a table that is not monitored. */
    public Map<Uuid, Row> table(String table) {
        Map<Uuid, Row> t = tables.get(table);
        return t == null ? Map.of() : Collections.unmodifiableMap(t);
    }

    /** The table's map as held (immutable; a {@link ShardedMap} once loaded), for the replica to edit a copy of. */
    Map<Uuid, Row> rawTable(String table) {
        Map<Uuid, Row> t = tables.get(table);
        return t == null ? Map.of() : t;
    }

    public Optional<Row> row(String table, Uuid uuid) {
        return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(uuid));
    }

    /** Total number of rows held. */
    public int size() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }

    /**
     * The rows of {@code table} by {@code column}. Indexes declared on the replica's builder are kept up to date
     * with each update; others are built on first use and kept for this view.
     */
    public ReplicaIndex index(String table, String column) {
        return indexes.computeIfAbsent(table + "\u0000" + column,
                k -> ReplicaIndex.build(table, column, tables.getOrDefault(table, Map.of())));
    }

    /** The next view: {@code newTables} holds the replaced tables, {@code changes} what changed in them. */
    ReplicaView next(long newGeneration, Map<String, Map<Uuid, Row>> newTables, Map<String, List<RowChange>> changes) {
        Map<String, Map<Uuid, Row>> m = new HashMap<>(tables);
        m.putAll(newTables);
        ReplicaView v = new ReplicaView(newGeneration, version + 1, Collections.unmodifiableMap(m), declaredIndexes);
        indexes.forEach((key, index) -> {
            List<RowChange> c = changes.get(index.table());
            if (c == null || c.isEmpty()) {
                v.indexes.put(key, index);
            } else if (declaredIndexes.contains(key)) {
                v.indexes.put(key, index.apply(c));
            }
        });
        for (String key : declaredIndexes) {
            if (!v.indexes.containsKey(key)) {
                int sep = key.indexOf('\u0000');
                v.index(key.substring(0, sep), key.substring(sep + 1));
            }
        }
        return v;
    }

    static String indexKey(String table, String column) {
        return table + "\u0000" + column;
    }

    @Override
    public String toString() {
        return "ReplicaView[generation " + generation + ", version " + version + ", " + size() + " rows]";
    }
}
