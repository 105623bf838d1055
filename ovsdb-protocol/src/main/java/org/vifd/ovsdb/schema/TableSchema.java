package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 7047 §3.2 {@code <table-schema>}. {@link #columns()} includes the implicit "_uuid" and "_version" columns
 * every table has (RFC 7047 §3.2, "columns").
 */
public record TableSchema(String name, Map<String, ColumnSchema> columns, Long maxRows, boolean isRoot,
                          List<List<String>> indexes) {

    public static final String UUID_COLUMN = "_uuid";
    public static final String VERSION_COLUMN = "_version";

    public TableSchema {
        Objects.requireNonNull(name, "name");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        indexes = indexes.stream().map(List::copyOf).toList();
    }

    static TableSchema parse(String name, JsonNode json) {
        if (!json.isObject() || !json.path("columns").isObject()) {
            throw new IllegalArgumentException("table " + name + ": <table-schema> needs \"columns\"");
        }
        LinkedHashMap<String, ColumnSchema> columns = new LinkedHashMap<>();
        ColumnType uuid = ColumnType.scalar(AtomicType.UUID);
        columns.put(UUID_COLUMN, new ColumnSchema(UUID_COLUMN, uuid, false, false));
        columns.put(VERSION_COLUMN, new ColumnSchema(VERSION_COLUMN, uuid, false, false));
        for (Map.Entry<String, JsonNode> e : json.get("columns").properties()) {
            columns.put(e.getKey(), ColumnSchema.parse(e.getKey(), e.getValue()));
        }
        Long maxRows = json.has("maxRows") ? json.get("maxRows").asLong() : null;
        List<List<String>> indexes = new ArrayList<>();
        for (JsonNode index : json.path("indexes")) {
            List<String> cols = new ArrayList<>();
            index.forEach(c -> cols.add(c.asText()));
            indexes.add(cols);
        }
        return new TableSchema(name, columns, maxRows, json.path("isRoot").asBoolean(false), indexes);
    }

    public ColumnSchema column(String column) {
        return columns.get(column);
    }
}
