package org.vifd.ovsdb.tx;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.ValueJson;

import java.util.List;
import java.util.Objects;

/** One of the ten operations of a "transact" request, RFC 7047 §5.2.1–§5.2.10. */
public sealed interface Operation permits Operation.Insert, Operation.Select, Operation.Update, Operation.Mutate,
        Operation.Delete, Operation.Wait, Operation.Commit, Operation.Abort, Operation.Comment, Operation.Assert {

    /** The operation's name on the wire ("insert", "select", ...). */
    String op();

    /** The table the operation works on, or null for commit/abort/comment/assert. */
    default String table() {
        return null;
    }

    ObjectNode toJson();

    private static ObjectNode start(String op, String table) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("op", op);
        if (table != null) {
            o.put("table", table);
        }
        return o;
    }

    private static ArrayNode whereJson(List<Condition> where) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(where.size());
        for (Condition c : where) {
            a.add(c.toJson());
        }
        return a;
    }

    private static ArrayNode strings(List<String> strings) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode(strings.size());
        strings.forEach(a::add);
        return a;
    }

    /** RFC 7047 §5.2.1: inserts {@code row}; {@code uuidName} (may be null) names it for other operations. */
    record Insert(String table, Row row, NamedUuid uuidName) implements Operation {
        public Insert {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(row, "row");
        }

        @Override
        public String op() {
            return "insert";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), table);
            o.set("row", ValueJson.encodeRow(row));
            if (uuidName != null) {
                o.put("uuid-name", uuidName.name());
            }
            return o;
        }
    }

    /** RFC 7047 §5.2.2: rows matching {@code where}; {@code columns} null means all columns. */
    record Select(String table, List<Condition> where, List<String> columns) implements Operation {
        public Select {
            Objects.requireNonNull(table, "table");
            where = List.copyOf(where);
            columns = columns == null ? null : List.copyOf(columns);
        }

        @Override
        public String op() {
            return "select";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), table);
            o.set("where", whereJson(where));
            if (columns != null) {
                o.set("columns", strings(columns));
            }
            return o;
        }
    }

    /** RFC 7047 §5.2.3: sets the columns of {@code row} in every row matching {@code where}. */
    record Update(String table, List<Condition> where, Row row) implements Operation {
        public Update {
            Objects.requireNonNull(table, "table");
            where = List.copyOf(where);
            Objects.requireNonNull(row, "row");
        }

        @Override
        public String op() {
            return "update";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), table);
            o.set("where", whereJson(where));
            o.set("row", ValueJson.encodeRow(row));
            return o;
        }
    }

    /** RFC 7047 §5.2.4: applies {@code mutations} to every row matching {@code where}. */
    record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Operation {
        public Mutate {
            Objects.requireNonNull(table, "table");
            where = List.copyOf(where);
            mutations = List.copyOf(mutations);
        }

        @Override
        public String op() {
            return "mutate";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), table);
            o.set("where", whereJson(where));
            ArrayNode m = o.putArray("mutations");
            for (Mutation mutation : mutations) {
                m.add(mutation.toJson());
            }
            return o;
        }
    }

    /** RFC 7047 §5.2.5: deletes every row matching {@code where}. */
    record Delete(String table, List<Condition> where) implements Operation {
        public Delete {
            Objects.requireNonNull(table, "table");
            where = List.copyOf(where);
        }

        @Override
        public String op() {
            return "delete";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), table);
            o.set("where", whereJson(where));
            return o;
        }
    }

    /**
     * RFC 7047 §5.2.6: waits until the {@code columns} of the rows matching {@code where} are (untilEqual) or are
     * not equal to {@code rows}; {@code timeoutMillis} null waits forever, 0 checks once.
     */
    record Wait(String table, List<Condition> where, List<String> columns, boolean untilEqual, List<Row> rows,
                Long timeoutMillis) implements Operation {
        public Wait {
            Objects.requireNonNull(table, "table");
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        @Override
        public String op() {
            return "wait";
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode o = start(op(), null);
            if (timeoutMillis != null) {
                o.put("timeout", timeoutMillis);
            }
            o.put("table", table);
            o.set("where", whereJson(where));
            o.set("columns", strings(columns));
            o.put("until", untilEqual ? "==" : "!=");
            ArrayNode r = o.putArray("rows");
            for (Row row : rows) {
                r.add(ValueJson.encodeRow(row));
            }
            return o;
        }
    }

    /** RFC 7047 §5.2.7: with {@code durable}, the reply waits until the transaction is on disk. */
    record Commit(boolean durable) implements Operation {
        @Override
        public String op() {
            return "commit";
        }

        @Override
        public ObjectNode toJson() {
            return start(op(), null).put("durable", durable);
        }
    }

    /** RFC 7047 §5.2.8: aborts the transaction (its result is the error "aborted"). */
    record Abort() implements Operation {
        @Override
        public String op() {
            return "abort";
        }

        @Override
        public ObjectNode toJson() {
            return start(op(), null);
        }
    }

    /** RFC 7047 §5.2.9: a comment the server may log with the transaction. */
    record Comment(String comment) implements Operation {
        public Comment {
            Objects.requireNonNull(comment, "comment");
        }

        @Override
        public String op() {
            return "comment";
        }

        @Override
        public ObjectNode toJson() {
            return start(op(), null).put("comment", comment);
        }
    }

    /** RFC 7047 §5.2.10: fails with "not owner" unless this session holds {@code lock}. */
    record Assert(String lock) implements Operation {
        public Assert {
            Objects.requireNonNull(lock, "lock");
        }

        @Override
        public String op() {
            return "assert";
        }

        @Override
        public ObjectNode toJson() {
            return start(op(), null).put("lock", lock);
        }
    }
}
