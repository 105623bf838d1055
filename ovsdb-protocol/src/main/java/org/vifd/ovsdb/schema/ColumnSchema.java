package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** RFC 7047 §3.2 {@code <column-schema>}. */
public record ColumnSchema(String name, ColumnType type, boolean ephemeral, boolean mutable) {

    public ColumnSchema {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    static ColumnSchema parse(String name, JsonNode json) {
        if (!json.isObject() || !json.has("type")) {
            throw new IllegalArgumentException("column " + name + ": <column-schema> needs \"type\"");
        }
        try {
            ColumnType type = ColumnType.parse(json.get("type"));
            boolean ephemeral = json.path("ephemeral").asBoolean(false);
            boolean mutable = json.path("mutable").asBoolean(true);
            return new ColumnSchema(name, type, ephemeral, mutable);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column " + name + ": " + e.getMessage(), e);
        }
    }
}
