package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the "result" of a transact reply (RFC 7047 §4.1.3) into a {@link TransactResult} or a failure. */
public final class TransactResponses {

    private TransactResponses() {
    }

    /**
     * Decodes {@code result}; throws {@link TransactionException} when an operation or the commit failed, or
     * {@link OvsdbException} ({@link OvsdbError#PROTOCOL_ERROR}) when the reply is malformed.
     *
     * @param schema may be null; then rows are decoded without types
     */
    public static TransactResult decode(JsonNode result, List<Operation> ops, Schema schema) {
        if (result == null || !result.isArray()) {
            throw new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), "transact result is not an array: " + ValueJson.abbreviate(result));
        }
        List<OperationResult> results = new ArrayList<>(result.size());
        Map<NamedUuid, Uuid> named = new LinkedHashMap<>();
        try {
            for (int i = 0; i < result.size(); i++) {
                JsonNode r = result.get(i);
                Operation op = i < ops.size() ? ops.get(i) : null;
                if (r == null || r.isNull()) {
                    // RFC 7047 §4.1.3: operations after a failed one have null results.
                    results.add(null);
                    continue;
                }
                if (r.hasNonNull("error")) {
                    String error = r.get("error").asText();
                    String details = r.hasNonNull("details") ? r.get("details").asText() : null;
                    results.add(new OperationResult(null, null, null, error, details));
                    throw new TransactionException(error, details, i, op, results);
                }
                results.add(decodeOne(r, op, schema));
                if (op instanceof Operation.Insert insert && insert.uuidName() != null && results.get(i).uuid() != null) {
                    named.put(insert.uuidName(), results.get(i).uuid());
                }
            }
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), "malformed transact result: " + e.getMessage(), e);
        }
        if (results.size() < ops.size()) {
            throw new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(),
                    "transact result has " + results.size() + " entries for " + ops.size() + " operations");
        }
        return new TransactResult(results.subList(0, ops.size()), named);
    }

    private static OperationResult decodeOne(JsonNode r, Operation op, Schema schema) {
        Uuid uuid = r.has("uuid") ? (Uuid) ValueJson.decodeAtom(r.get("uuid")) : null;
        Long count = r.has("count") ? r.get("count").asLong() : null;
        List<Row> rows = null;
        if (r.has("rows")) {
            TableSchema table = schema != null && op != null && op.table() != null ? schema.table(op.table()) : null;
            rows = new ArrayList<>(r.get("rows").size());
            for (JsonNode row : r.get("rows")) {
                rows.add(decodeRow(row, table));
            }
        }
        return new OperationResult(uuid, count, rows, null, null);
    }

    /** Decodes a row with its table's column types when {@code table} is known, else without a schema. */
    public static Row decodeRow(JsonNode json, TableSchema table) {
        if (table == null) {
            return ValueJson.decodeRow(json);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("row must be a JSON object, got " + ValueJson.abbreviate(json));
        }
        LinkedHashMap<String, Value> columns = new LinkedHashMap<>(json.size() * 2);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            ColumnSchema c = table.column(e.getKey());
            try {
                columns.put(e.getKey(), c == null ? ValueJson.decode(e.getValue()) : c.type().decode(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("table " + table.name() + " column " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return new Row(columns);
    }
}
