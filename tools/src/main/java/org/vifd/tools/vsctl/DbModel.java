package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Value;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The database as the commands of one ovs-vsctl invocation see it: a snapshot read at the start, changed in place
 * by each command so that later commands (after {@code --}) see earlier ones, and the list of OVSDB operations
 * (RFC 7047 §5.2) that make the same changes on the server in one transaction.
 */
public final class DbModel {

    private final Schema schema;
    private final Map<String, TreeMap<Atom, DbRow>> tables = new LinkedHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private int nextInsert;

    /** One row: its id (a uuid, or a named-uuid for a row inserted by this transaction) and its columns. */
    public static final class DbRow {
        private final String table;
        private final Atom id;
        private final Map<String, Datum> columns;

        DbRow(String table, Atom id, Map<String, Datum> columns) {
            this.table = table;
            this.id = id;
            this.columns = columns;
        }

        public String table() {
            return table;
        }

        public Atom id() {
            return id;
        }

        public boolean isNew() {
            return id instanceof NamedUuid;
        }

        public Datum get(String column) {
            return columns.get(column);
        }

        public String string(String column) {
            Datum d = columns.get(column);
            return d == null || d.size() == 0 || !(d.keys().get(0) instanceof Atom.Str s) ? null : s.value();
        }

        public List<Atom> refs(String column) {
            Datum d = columns.get(column);
            return d == null ? List.of() : d.keys();
        }
    }

    public DbModel(Schema schema, Map<String, List<Row>> rows) {
        this.schema = schema;
        for (Map.Entry<String, List<Row>> e : rows.entrySet()) {
            TableSchema ts = schema.table(e.getKey());
            TreeMap<Atom, DbRow> t = new TreeMap<>(Datum.ORDER);
            for (Row r : e.getValue()) {
                Map<String, Datum> cols = new LinkedHashMap<>();
                for (ColumnSchema c : ts.columns().values()) {
                    if (!c.name().equals(TableSchema.VERSION_COLUMN)) {
                        cols.put(c.name(), Datum.of(r.get(c.name()), c.type()));
                    }
                }
                t.put(r.uuid(), new DbRow(e.getKey(), r.uuid(), cols));
            }
            tables.put(e.getKey(), t);
        }
    }

    public Schema schema() {
        return schema;
    }

    public TableSchema table(String name) {
        return schema.table(name);
    }

    /** Rows of a table in uuid order (new rows after existing ones). */
    public Collection<DbRow> rows(String table) {
        TreeMap<Atom, DbRow> t = tables.get(table);
        return t == null ? List.of() : List.copyOf(t.values());
    }

    public DbRow row(String table, Atom id) {
        TreeMap<Atom, DbRow> t = tables.get(table);
        return t == null ? null : t.get(id);
    }

    public boolean loaded(String table) {
        return tables.containsKey(table);
    }

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    public boolean changed() {
        return !operations.isEmpty();
    }

    /** Inserts a row (RFC 7047 §5.2.1); {@code name} null picks a fresh uuid-name. Columns not given take their defaults. */
    public DbRow insert(String table, Map<String, Datum> values, NamedUuid name) {
        TableSchema ts = schema.table(table);
        NamedUuid id = name != null ? name : new NamedUuid("vifctl_row" + (++nextInsert));
        Map<String, Datum> cols = new LinkedHashMap<>();
        Row.Builder wire = Row.builder();
        for (ColumnSchema c : ts.columns().values()) {
            if (c.name().equals(TableSchema.VERSION_COLUMN)) {
                continue;
            }
            Datum given = values.get(c.name());
            cols.put(c.name(), given != null ? given : defaultDatum(c));
            if (given != null) {
                wire.put(c.name(), given.toValue(c.type()));
            }
        }
        operations.add(new Operation.Insert(table, wire.build(), id));
        DbRow row = new DbRow(table, id, cols);
        tables.computeIfAbsent(table, k -> new TreeMap<>(Datum.ORDER)).put(id, row);
        return row;
    }

    /** Sets whole columns of a row (RFC 7047 §5.2.3 update). */
    public void update(DbRow row, Map<String, Datum> values) {
        TableSchema ts = schema.table(row.table);
        Row.Builder wire = Row.builder();
        values.forEach((c, d) -> {
            wire.put(c, d.toValue(ts.column(c).type()));
            row.columns.put(c, d);
        });
        operations.add(new Operation.Update(row.table, List.of(whereId(row)), wire.build()));
    }

    /** Adds elements (pairs) to a set (map) column, keeping existing map keys (RFC 7047 §5.1 "insert"). */
    public void mutateInsert(DbRow row, String column, Datum add) {
        ColumnSchema c = schema.table(row.table).column(column);
        operations.add(new Operation.Mutate(row.table, List.of(whereId(row)),
                List.of(Mutation.insert(column, add.toValue(setOrMap(c)))))) ;
        row.columns.put(column, row.columns.get(column).union(add));
    }

    /** Removes elements, map keys (a set) or map pairs (a map) from a column (RFC 7047 §5.1 "delete"). */
    public void mutateDelete(DbRow row, String column, Datum remove) {
        ColumnSchema c = schema.table(row.table).column(column);
        org.vifd.ovsdb.schema.ColumnType type = remove.isMap() ? setOrMap(c)
                : new org.vifd.ovsdb.schema.ColumnType(c.type().key(), null, 0, org.vifd.ovsdb.schema.ColumnType.UNLIMITED);
        operations.add(new Operation.Mutate(row.table, List.of(whereId(row)),
                List.of(Mutation.delete(column, remove.toValue(type)))));
        row.columns.put(column, row.columns.get(column).difference(remove));
    }

    /** Sets one key of a map column: delete the key, then insert the pair, in one mutate (RFC 7047 §5.2.4 applies them in order). */
    public void setMapKey(DbRow row, String column, Atom key, Atom value) {
        ColumnSchema c = schema.table(row.table).column(column);
        Datum pair = new Datum(List.of(key), List.of(value));
        operations.add(new Operation.Mutate(row.table, List.of(whereId(row)), List.of(
                Mutation.delete(column, new org.vifd.ovsdb.value.OvsSet(java.util.Set.of(key))),
                Mutation.insert(column, pair.toValue(c.type())))));
        row.columns.put(column, row.columns.get(column).with(key, value));
    }

    /** Deletes a row (RFC 7047 §5.2.5). */
    public void delete(DbRow row) {
        operations.add(new Operation.Delete(row.table, List.of(whereId(row))));
        tables.get(row.table).remove(row.id);
    }

    /** Adds any other operation (e.g. the next_cfg increment). */
    public void addOperation(Operation op) {
        operations.add(op);
    }

    private static org.vifd.ovsdb.schema.ColumnType setOrMap(ColumnSchema c) {
        org.vifd.ovsdb.schema.ColumnType t = c.type();
        return new org.vifd.ovsdb.schema.ColumnType(t.key(), t.value(), 0, org.vifd.ovsdb.schema.ColumnType.UNLIMITED);
    }

    private static Condition whereId(DbRow row) {
        return Condition.equal(TableSchema.UUID_COLUMN, row.id);
    }

    /** RFC 7047 §5.2.1: a column not given on insert takes its type's default. */
    public static Datum defaultDatum(ColumnSchema c) {
        org.vifd.ovsdb.schema.ColumnType t = c.type();
        if (t.min() == 0) {
            return new Datum(List.of(), t.isMap() ? List.of() : null);
        }
        Atom k = defaultAtom(t.key());
        return new Datum(List.of(k), t.isMap() ? List.of(defaultAtom(t.value())) : null);
    }

    private static Atom defaultAtom(org.vifd.ovsdb.schema.BaseType b) {
        return switch (b.type()) {
            case INTEGER -> Atom.of(0L);
            case REAL -> Atom.of(0.0);
            case BOOLEAN -> Atom.of(false);
            case STRING -> Atom.of("");
            case UUID -> org.vifd.ovsdb.value.Uuid.ZERO;
        };
    }

    /** Wire value of a datum for a column. */
    public Value wire(String table, String column, Datum d) {
        return d.toValue(schema.table(table).column(column).type());
    }
}
