package org.vifd.ovsdb.client;

import org.vifd.ovsdb.value.Uuid;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 7047 §4.1.6 {@code <table-updates>} (with {@link RowUpdate}) or ovsdb-server(7) {@code <table-updates2>}
 * (with {@link RowUpdate2}): table name → row uuid → update.
 */
public record TableUpdates<R>(Map<String, Map<Uuid, R>> tables) {

    public TableUpdates {
        LinkedHashMap<String, Map<Uuid, R>> copy = new LinkedHashMap<>();
        tables.forEach((t, rows) -> copy.put(t, Collections.unmodifiableMap(rows instanceof Decoded<Uuid, R> d ? d : new LinkedHashMap<>(rows))));
        tables = Collections.unmodifiableMap(copy);
    }

    /**
     * The rows of one table as a decoder in this package fills them and then hands them over to exactly one
     * TableUpdates, which keeps them without a copy (the initial contents of a big database are 10,000s of rows).
     */
    static final class Decoded<K, V> extends LinkedHashMap<K, V> {
    }

    public Map<Uuid, R> table(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    public boolean isEmpty() {
        return tables.values().stream().allMatch(Map::isEmpty);
    }

    /** Total number of row updates. */
    public int size() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }
}
