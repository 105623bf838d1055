package org.vifd.ovsdb.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.jsonrpc.RawJson;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.tx.TransactResponses;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.ValueJson;

import java.io.IOException;
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

    /**
     * Reads {@code <table-updates2>} as {@link #decodeUpdates2(JsonNode, Schema)} does, streaming, from {@code p}
     * positioned on its START_OBJECT; leaves {@code p} on the matching END_OBJECT. Rows are built once, straight
     * from the text, with the column types of {@code schema} (may be null).
     */
    public static TableUpdates<RowUpdate2> readUpdates2(JsonParser p, Schema schema) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("<table-updates2> must be an object, got " + p.currentToken());
        }
        Map<String, Map<Uuid, RowUpdate2>> tables = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tableName = p.currentName();
            TableSchema table = schema == null ? null : schema.table(tableName);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("<table-update2> of " + tableName + " must be an object");
            }
            Map<Uuid, RowUpdate2> updates = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Uuid uuid = new Uuid(ValueJson.parseUuid(p.currentName()));
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("<row-update2> of " + tableName + " " + uuid + " must be an object");
                }
                RowUpdate2 chosen = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    RowUpdate2.Kind kind = kindOf(p.currentName());
                    p.nextToken();
                    if (kind == null || (chosen != null && chosen.kind().ordinal() <= kind.ordinal())) {
                        p.skipChildren();   // not a member of <row-update2>, or one that the first-listed kind beats
                        continue;
                    }
                    Row row = null;
                    if (kind == RowUpdate2.Kind.DELETE) {
                        p.skipChildren();
                    } else if (p.currentToken() != JsonToken.VALUE_NULL) {
                        row = readRow(p, table);
                    }
                    chosen = new RowUpdate2(uuid, kind, row);
                }
                if (chosen == null) {
                    throw new IllegalArgumentException("<row-update2> of " + tableName + " " + uuid
                            + " has none of initial/insert/delete/modify");
                }
                updates.put(uuid, chosen);
            }
            tables.put(tableName, updates);
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("<table-updates2> malformed at " + p.currentToken());
        }
        return new TableUpdates<>(tables);
    }

    /** Reads {@code <table-updates2>} from received text. */
    public static TableUpdates<RowUpdate2> readUpdates2(RawJson json, Schema schema) {
        try (JsonParser p = json.parser()) {
            p.nextToken();
            return readUpdates2(p, schema);
        } catch (IOException e) {
            throw new IllegalArgumentException("<table-updates2> unreadable: " + e.getMessage(), e);
        }
    }

    private static RowUpdate2.Kind kindOf(String member) {
        for (RowUpdate2.Kind k : RowUpdate2.Kind.values()) {
            if (k.wire().equals(member)) {
                return k;
            }
        }
        return null;
    }

    /** A {@code <row>} with its table's column types when known, as {@link TransactResponses#decodeRow} does. */
    static Row readRow(JsonParser p, TableSchema table) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("row must be a JSON object, got " + p.currentToken());
        }
        Row.Builder row = Row.builder();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String column = p.currentName();
            p.nextToken();
            ColumnSchema c = table == null ? null : table.column(column);
            try {
                row.put(c == null ? column : c.name(), c == null ? ValueJson.read(p) : c.type().read(p));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException((table == null ? "" : "table " + table.name() + " ") + "column " + column + ": "
                        + ex.getMessage(), ex);
            }
        }
        return row.build();
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
