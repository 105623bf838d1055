package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.core.JsonGenerator;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.ValueJson;

import java.io.IOException;
import java.util.List;

/**
 * Writes operations as JSON text straight from the values (RFC 7047 §5.2), member for member what
 * {@link Operation#toJson()} builds as a tree, without building it.
 */
final class OperationJson {

    private OperationJson() {
    }

    static void write(JsonGenerator g, Operation op) throws IOException {
        g.writeStartObject();
        if (op instanceof Operation.Wait w) {
            g.writeStringField("op", op.op());
            if (w.timeoutMillis() != null) {
                g.writeNumberField("timeout", w.timeoutMillis());
            }
            g.writeStringField("table", w.table());
        } else {
            g.writeStringField("op", op.op());
            if (op.table() != null) {
                g.writeStringField("table", op.table());
            }
        }
        if (op instanceof Operation.Insert i) {
            g.writeFieldName("row");
            ValueJson.writeRow(g, i.row());
            if (i.uuidName() != null) {
                g.writeStringField("uuid-name", i.uuidName().name());
            }
        } else if (op instanceof Operation.Select s) {
            where(g, s.where());
            if (s.columns() != null) {
                strings(g, "columns", s.columns());
            }
        } else if (op instanceof Operation.Update u) {
            where(g, u.where());
            g.writeFieldName("row");
            ValueJson.writeRow(g, u.row());
        } else if (op instanceof Operation.Mutate m) {
            where(g, m.where());
            g.writeArrayFieldStart("mutations");
            for (Mutation mutation : m.mutations()) {
                g.writeStartArray();
                g.writeString(mutation.column());
                g.writeString(mutation.mutator().wire());
                ValueJson.write(g, mutation.value());
                g.writeEndArray();
            }
            g.writeEndArray();
        } else if (op instanceof Operation.Delete d) {
            where(g, d.where());
        } else if (op instanceof Operation.Wait w) {
            where(g, w.where());
            strings(g, "columns", w.columns());
            g.writeStringField("until", w.untilEqual() ? "==" : "!=");
            g.writeArrayFieldStart("rows");
            for (Row row : w.rows()) {
                ValueJson.writeRow(g, row);
            }
            g.writeEndArray();
        } else if (op instanceof Operation.Commit c) {
            g.writeBooleanField("durable", c.durable());
        } else if (op instanceof Operation.Comment c) {
            g.writeStringField("comment", c.comment());
        } else if (op instanceof Operation.Assert a) {
            g.writeStringField("lock", a.lock());
        }
        g.writeEndObject();
    }

    private static void where(JsonGenerator g, List<Condition> where) throws IOException {
        g.writeArrayFieldStart("where");
        for (Condition c : where) {
            g.writeStartArray();
            g.writeString(c.column());
            g.writeString(c.function().wire());
            ValueJson.write(g, c.value());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> strings) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
