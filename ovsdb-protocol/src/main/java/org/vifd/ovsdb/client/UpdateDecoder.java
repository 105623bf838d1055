package org.vifd.ovsdb.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.jsonrpc.RawJson;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.tx.TransactResponses;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.JsonTextReader;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
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
        return readUpdates2(p, schema, Map.of());
    }

    /**
     * Like {@link #readUpdates2(JsonParser, Schema)}; the "initial" and "insert" rows of a table in {@code shapes}
     * are built in that shape, whose first column must be "_uuid": the row's uuid there, then every column of the
     * shape, one the server left out (update2 omits columns that hold their default, ovsdb-server(7)) filled with its
     * default, one the shape lacks checked and dropped. (A replica's normal form, built once instead of decoded and
     * then copied.) "modify" rows are diffs and stay as received.
     */
    public static TableUpdates<RowUpdate2> readUpdates2(JsonParser p, Schema schema, Map<String, Row.Shape> shapes) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("<table-updates2> must be an object, got " + p.currentToken());
        }
        Map<String, Map<Uuid, RowUpdate2>> tables = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String tableName = p.currentName();
            TableSchema table = schema == null ? null : schema.table(tableName);
            Row.Shape shape = shapes.get(tableName);
            ShapedRows shaped = shape == null ? null : new ShapedRows(shape, table);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("<table-update2> of " + tableName + " must be an object");
            }
            Map<Uuid, RowUpdate2> updates = new TableUpdates.Decoded<>();
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
                        boolean whole = kind == RowUpdate2.Kind.INITIAL || kind == RowUpdate2.Kind.INSERT;
                        row = shaped != null && whole ? shaped.read(p, uuid) : readRow(p, table);
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

    private static final RowUpdate2.Kind[] KINDS = RowUpdate2.Kind.values();
    private static final byte[][] KIND_NAMES = java.util.Arrays.stream(KINDS)
            .map(k -> k.wire().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toArray(byte[][]::new);
    private static final byte[][] NO_NAMES = new byte[0][];

    /**
     * Reads {@code <table-updates2>} as {@link #readUpdates2(JsonParser, Schema, Map)} does (the same updates, the same
     * things refused), straight from the text: positioned before the object, left after it.
     */
    public static TableUpdates<RowUpdate2> readUpdates2(JsonTextReader r, Schema schema, Map<String, Row.Shape> shapes) {
        if (r.peek() != '{') {
            throw r.error("<table-updates2> must be an object");
        }
        r.expect('{', "<table-updates2>");
        Map<String, Map<Uuid, RowUpdate2>> tables = new LinkedHashMap<>();
        for (boolean firstTable = true; r.nextMember(firstTable); firstTable = false) {
            r.readKey(NO_NAMES);
            String tableName = r.lastKey();
            TableSchema table = schema == null ? null : schema.table(tableName);
            Row.Shape shape = shapes.get(tableName);
            ShapedRows shaped = shape == null ? null : new ShapedRows(shape, table);
            if (r.peek() != '{') {
                throw r.error("<table-update2> of " + tableName + " must be an object");
            }
            r.expect('{', "<table-update2>");
            Map<Uuid, RowUpdate2> updates = new TableUpdates.Decoded<>();
            for (boolean firstRow = true; r.nextMember(firstRow); firstRow = false) {
                Uuid uuid = r.readUuidKey();
                if (r.peek() != '{') {
                    throw r.error("<row-update2> of " + tableName + " " + uuid + " must be an object");
                }
                r.expect('{', "<row-update2>");
                RowUpdate2 chosen = null;
                for (boolean firstKind = true; r.nextMember(firstKind); firstKind = false) {
                    int k = r.readKey(KIND_NAMES);
                    RowUpdate2.Kind kind = k < 0 ? null : KINDS[k];
                    if (kind == null || (chosen != null && chosen.kind().ordinal() <= kind.ordinal())) {
                        r.skipValue();   // not a member of <row-update2>, or one that the first-listed kind beats
                        continue;
                    }
                    Row row = null;
                    if (kind == RowUpdate2.Kind.DELETE || r.peek() == 'n') {
                        r.skipValue();   // (well-formed JSON starting with 'n' is null)
                    } else {
                        boolean whole = kind == RowUpdate2.Kind.INITIAL || kind == RowUpdate2.Kind.INSERT;
                        row = shaped != null && whole ? shaped.read(r, uuid) : readRow(r, table);
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
        return new TableUpdates<>(tables);
    }

    /** A {@code <row>} read from text, as {@link #readRow(JsonParser, TableSchema)} reads it. */
    static Row readRow(JsonTextReader r, TableSchema table) {
        if (r.peek() != '{') {
            throw r.error("row must be a JSON object");
        }
        r.expect('{', "row");
        Row.Builder row = Row.builder();
        for (boolean first = true; r.nextMember(first); first = false) {
            r.readKey(NO_NAMES);
            String column = r.lastKey();
            ColumnSchema c = table == null ? null : table.column(column);
            try {
                row.put(c == null ? column : c.name(), readTyped(r, c == null ? null : c.type()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException((table == null ? "" : "table " + table.name() + " ") + "column " + column + ": "
                        + ex.getMessage(), ex);
            }
        }
        return row.build();
    }

    /** A value of {@code type} (null: without a schema), as {@link ColumnType#read} reads it. */
    private static Value readTyped(JsonTextReader r, ColumnType type) {
        if (type == null) {
            return r.readValue();
        }
        return type.isScalar() ? type.key().coerce(r.readAtom()) : type.fit(r.readValue());
    }

    /** Reads whole rows of one table straight into a {@link Row.Shape}. */
    private static final class ShapedRows {
        private final Row.Shape shape;
        private final TableSchema table;
        private final ColumnType[] types;
        private final Value[] defaults;

        /** The shape's column names in UTF-8, to match member names without making strings of them. */
        private final byte[][] names;

        ShapedRows(Row.Shape shape, TableSchema table) {
            List<String> columns = shape.columns();
            this.names = columns.stream().map(c -> c.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toArray(byte[][]::new);
            if (!columns.get(0).equals(TableSchema.UUID_COLUMN)) {
                throw new IllegalArgumentException("a row shape to decode into must start with _uuid, got " + shape);
            }
            this.shape = shape;
            this.table = table;
            this.types = new ColumnType[columns.size()];
            this.defaults = new Value[columns.size()];
            for (int i = 1; i < types.length; i++) {
                ColumnSchema c = table == null ? null : table.column(columns.get(i));
                types[i] = c == null ? null : c.type();
                defaults[i] = c == null ? OvsSet.empty() : c.type().defaultValue();
            }
        }

        Row read(JsonParser p, Uuid uuid) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("row must be a JSON object, got " + p.currentToken());
            }
            Value[] values = new Value[types.length];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String column = p.currentName();
                p.nextToken();
                int i = shape.indexOf(column);
                ColumnType type;
                if (i > 0) {
                    type = types[i];
                } else {
                    ColumnSchema c = table == null ? null : table.column(column);
                    type = c == null ? null : c.type();
                }
                Value v;
                try {
                    v = type == null ? ValueJson.read(p) : type.read(p);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException((table == null ? "" : "table " + table.name() + " ") + "column " + column + ": "
                            + ex.getMessage(), ex);
                }
                if (i > 0) {
                    values[i] = v;
                }
            }
            values[0] = uuid;
            for (int i = 1; i < values.length; i++) {
                if (values[i] == null) {
                    values[i] = defaults[i];
                }
            }
            return shape.row(values);
        }

        /** As {@link #read(JsonParser, Uuid)}, from text. */
        Row read(JsonTextReader r, Uuid uuid) {
            if (r.peek() != '{') {
                throw r.error("row must be a JSON object");
            }
            r.expect('{', "row");
            Value[] values = new Value[types.length];
            for (boolean first = true; r.nextMember(first); first = false) {
                int i = r.readKey(names);
                ColumnType type;
                if (i > 0) {
                    type = types[i];
                } else {
                    ColumnSchema c = table == null ? null : table.column(r.lastKey());
                    type = c == null ? null : c.type();
                }
                Value v;
                try {
                    v = readTyped(r, type);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException((table == null ? "" : "table " + table.name() + " ") + "column " + r.lastKey()
                            + ": " + ex.getMessage(), ex);
                }
                if (i > 0) {
                    values[i] = v;
                }
            }
            values[0] = uuid;
            for (int i = 1; i < values.length; i++) {
                if (values[i] == null) {
                    values[i] = defaults[i];
                }
            }
            return shape.row(values);
        }
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
