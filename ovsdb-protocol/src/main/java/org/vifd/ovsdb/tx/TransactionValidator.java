package org.vifd.ovsdb.tx;

import org.vifd.ovsdb.schema.AtomicType;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.SchemaViolationException;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Value;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a transaction's operations against the schema before anything is sent (RFC 7047 §5.2 semantics). */
final class TransactionValidator {

    private TransactionValidator() {
    }

    static void validate(Schema schema, String database, List<Operation> operations) {
        if (!schema.name().equals(database)) {
            throw new SchemaViolationException(database, null, null, "schema is for database " + schema.name());
        }
        Set<NamedUuid> declared = new HashSet<>();
        for (Operation op : operations) {
            if (op instanceof Operation.Insert insert && insert.uuidName() != null && !declared.add(insert.uuidName())) {
                throw new SchemaViolationException(insert.table(), null, insert.uuidName(), "duplicate uuid-name");
            }
        }
        for (Operation op : operations) {
            if (op.table() == null) {
                continue;
            }
            TableSchema table = schema.table(op.table());
            if (table == null) {
                throw new SchemaViolationException(op.table(), null, null, "no such table in database " + database);
            }
            if (op instanceof Operation.Insert insert) {
                checkRow(table, insert.row(), true, false, declared);
            } else if (op instanceof Operation.Select select) {
                checkWhere(table, select.where(), declared);
                checkColumns(table, select.columns());
            } else if (op instanceof Operation.Update update) {
                checkWhere(table, update.where(), declared);
                checkRow(table, update.row(), true, true, declared);
            } else if (op instanceof Operation.Mutate mutate) {
                checkWhere(table, mutate.where(), declared);
                for (Mutation m : mutate.mutations()) {
                    checkMutation(table, m, declared);
                }
            } else if (op instanceof Operation.Delete delete) {
                checkWhere(table, delete.where(), declared);
            } else if (op instanceof Operation.Wait wait) {
                checkWhere(table, wait.where(), declared);
                checkColumns(table, wait.columns());
                for (Row row : wait.rows()) {
                    checkRow(table, row, false, false, declared);
                }
            }
        }
    }

    private static ColumnSchema column(TableSchema table, String column, Object value) {
        ColumnSchema c = table.column(column);
        if (c == null) {
            throw new SchemaViolationException(table.name(), column, value, "no such column");
        }
        return c;
    }

    private static void checkColumns(TableSchema table, List<String> columns) {
        if (columns != null) {
            for (String c : columns) {
                column(table, c, null);
            }
        }
    }

    private static void checkRow(TableSchema table, Row row, boolean write, boolean update, Set<NamedUuid> declared) {
        for (Map.Entry<String, Value> e : row.columns().entrySet()) {
            ColumnSchema c = column(table, e.getKey(), e.getValue());
            if (write && (e.getKey().equals(TableSchema.UUID_COLUMN) || e.getKey().equals(TableSchema.VERSION_COLUMN))) {
                throw new SchemaViolationException(table.name(), e.getKey(), e.getValue(), "column is read-only");
            }
            if (update && !c.mutable()) {
                throw new SchemaViolationException(table.name(), e.getKey(), e.getValue(), "column is not mutable");
            }
            check(table, c, e.getValue(), true, declared);
        }
    }

    private static void checkWhere(TableSchema table, List<Condition> where, Set<NamedUuid> declared) {
        for (Condition cond : where) {
            ColumnSchema c = column(table, cond.column(), cond.value());
            ColumnType t = c.type();
            Condition.Function f = cond.function();
            boolean ordering = f != Condition.Function.EQUALS && f != Condition.Function.NOT_EQUALS
                    && f != Condition.Function.INCLUDES && f != Condition.Function.EXCLUDES;
            if (ordering && (t.isMap() || t.max() != 1 || (t.key().type() != AtomicType.INTEGER
                    && t.key().type() != AtomicType.REAL))) {
                // RFC 7047 §5.1: <, <=, >=, > apply only to integer and real columns holding at most one atom.
                throw new SchemaViolationException(table.name(), cond.column(), cond.value(),
                        "function " + f.wire() + " needs an integer or real column of at most one element");
            }
            boolean anySize = f == Condition.Function.INCLUDES || f == Condition.Function.EXCLUDES;
            check(table, c, cond.value(), !anySize, declared);
        }
    }

    private static void checkMutation(TableSchema table, Mutation m, Set<NamedUuid> declared) {
        ColumnSchema c = column(table, m.column(), m.value());
        if (!c.mutable()) {
            throw new SchemaViolationException(table.name(), m.column(), m.value(), "column is not mutable");
        }
        ColumnType t = c.type();
        if (m.mutator().isArithmetic()) {
            AtomicType k = t.key().type();
            if (t.isMap() || (k != AtomicType.INTEGER && k != AtomicType.REAL)
                    || !(m.value() instanceof Atom a)) {
                throw new SchemaViolationException(table.name(), m.column(), m.value(),
                        "mutator " + m.mutator().wire() + " needs an integer or real column and one atom (RFC 7047 §5.1)");
            }
            // Range limits apply to the result, which only the server knows; the operand's kind must match.
            boolean kindOk = a instanceof Atom.Int || (k == AtomicType.REAL && a instanceof Atom.Real);
            if (!kindOk) {
                throw new SchemaViolationException(table.name(), m.column(), m.value(),
                        "expected " + k.jsonName() + " operand, got " + a.typeName());
            }
            return;
        }
        if (!t.isMap() && t.isScalar()) {
            throw new SchemaViolationException(table.name(), m.column(), m.value(),
                    "mutator " + m.mutator().wire() + " needs a set or map column");
        }
        if (t.isMap() && m.mutator() == Mutation.Mutator.DELETE && m.value() instanceof OvsSet keys) {
            // RFC 7047 §5.1: "delete" on a map may give a set of keys.
            for (Atom key : keys.elements()) {
                String problem = t.key().check(key);
                if (problem != null) {
                    throw new SchemaViolationException(table.name(), m.column(), m.value(), problem);
                }
            }
            return;
        }
        check(table, c, m.value(), false, declared);
    }

    private static void check(TableSchema table, ColumnSchema c, Value v, boolean checkSize, Set<NamedUuid> declared) {
        String problem = c.type().check(v, checkSize);
        if (problem != null) {
            throw new SchemaViolationException(table.name(), c.name(), v, problem);
        }
        forEachAtom(v, a -> {
            if (a instanceof NamedUuid n && !declared.contains(n)) {
                throw new SchemaViolationException(table.name(), c.name(), v,
                        "named-uuid " + n.name() + " is not the uuid-name of an insert in this transaction");
            }
        });
    }

    private static void forEachAtom(Value v, java.util.function.Consumer<Atom> f) {
        if (v instanceof Atom a) {
            f.accept(a);
        } else if (v instanceof OvsSet s) {
            s.elements().forEach(f);
        } else {
            ((OvsMap) v).entries().forEach((k, val) -> {
                f.accept(k);
                f.accept(val);
            });
        }
    }
}
