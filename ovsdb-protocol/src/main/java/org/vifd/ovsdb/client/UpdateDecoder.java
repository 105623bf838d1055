package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.tx.TransactResponses;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.ValueJson;

import java.util.LinkedHashMap;
import java.util.Map;

/** Decodes {@code <table-updates>} (RFC 7047 §4.1.6) and {@code <table-updates2>} (ovsdb-server(7)). */
public final class UpdateDecoder {

    private UpdateDecoder() {
    }

    /** @param schema may be null: then values are decoded without column types */
    public static TableUpdates<RowUpdate> decodeUpdates(JsonNode json, Schema schema) {
        return decode(json, schema, (uuid, u, table) -> new RowUpdate(uuid, row(u.get("old"), table), row(u.get("new"), table)));
    }

    /** @param schema may be null: then values are decoded without column types */
    public static TableUpdates<RowUpdate2> decodeUpdates2(JsonNode json, Schema schema) {
        return decode(json, schema, (uuid, u, table) -> {
            for (RowUpdate2.Kind kind : RowUpdate2.Kind.values()) {
                if (u.has(kind.wire())) {
                    return new RowUpdate2(uuid, kind, kind == RowUpdate2.Kind.DELETE ? null : row(u.get(kind.wire()), table));
                }
            }
            throw new IllegalArgumentException("<row-update2> has none of initial/insert/delete/modify: " + ValueJson.abbreviate(u));
        });
    }

    private interface RowDecoder<R> {
        R decode(Uuid uuid, JsonNode update, TableSchema table);
    }

    private static <R> TableUpdates<R> decode(JsonNode json, Schema schema, RowDecoder<R> rows) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("<table-updates> must be an object, got " + ValueJson.abbreviate(json));
        }
        Map<String, Map<Uuid, R>> tables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> t : json.properties()) {
            TableSchema table = schema == null ? null : schema.table(t.getKey());
            if (!t.getValue().isObject()) {
                throw new IllegalArgumentException("<table-update> of " + t.getKey() + " must be an object");
            }
            Map<Uuid, R> updates = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> r : t.getValue().properties()) {
                Uuid uuid = new Uuid(ValueJson.parseUuid(r.getKey()));
                if (!r.getValue().isObject()) {
                    throw new IllegalArgumentException("<row-update> of " + t.getKey() + " " + uuid + " must be an object");
                }
                updates.put(uuid, rows.decode(uuid, r.getValue(), table));
            }
            tables.put(t.getKey(), updates);
        }
        return new TableUpdates<>(tables);
    }

    private static Row row(JsonNode json, TableSchema table) {
        return json == null || json.isNull() ? null : TransactResponses.decodeRow(json, table);
    }
}
