package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.tools.vsctl.DbModel.DbRow;
import org.vifd.tools.vsctl.VsctlCommands.Context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The generic database commands of ovs-vsctl(8) "Database Commands" (lib/db-ctl-base.c). */
final class DbCommands {

    /** Relational operators of find/wait-until, longest first so that "<=" wins over "<". */
    private static final List<String> OPERATORS = List.of("{!=}", "{<=}", "{>=}", "{=}", "{<}", "{>}", "!=", "<=", ">=", "=", "<", ">");

    private DbCommands() {
    }

    /** {@code COLUMN[:KEY][OP VALUE]} split up (db-ctl-base parse_column_key_value). */
    record ColumnKeyValue(ColumnSchema column, String key, String operator, String value) {
    }

    static ColumnKeyValue parseColumnKeyValue(String arg, TableSchema table, boolean keyAllowed, List<String> operators) {
        DatumSyntax.Token col = DatumSyntax.token(arg, 0);
        if (col.text().isEmpty()) {
            throw new VsctlException(arg + ": missing column name");
        }
        ColumnSchema column = RecordFinder.column(table, col.text());
        int p = col.end();
        String key = null;
        if (p < arg.length() && arg.charAt(p) == ':') {
            if (!keyAllowed) {
                throw new VsctlException(arg + ": key not accepted here");
            }
            DatumSyntax.Token k = DatumSyntax.token(arg, p + 1);
            key = k.text();
            p = k.end();
        }
        if (operators != null) {
            String best = null;
            for (String op : operators) {
                if (arg.startsWith(op, p) && (best == null || op.length() > best.length())) {
                    best = op;
                }
            }
            if (best == null) {
                throw new VsctlException(p >= arg.length() ? arg + ": missing value"
                        : arg + ": unexpected \"" + arg.charAt(p) + "\" parsing " + DatumSyntax.english(column.type()));
            }
            return new ColumnKeyValue(column, key, best, arg.substring(p + best.length()));
        }
        if (p < arg.length()) {
            throw new VsctlException(arg + ": trailing garbage \"" + arg.substring(p) + "\" in argument");
        }
        return new ColumnKeyValue(column, key, null, null);
    }

    private static TableSchema table(Context c) {
        return RecordFinder.table(c.db.schema(), c.cmd.arg(0));
    }

    /** The record, or null with --if-exists when it is missing. */
    private static DbRow record(Context c, TableSchema t, String id) {
        DbRow r = RecordFinder.find(c.db, t.name(), id, c.symtab);
        if (r == null && !c.cmd.has("--if-exists")) {
            throw new VsctlException("no row \"" + id + "\" in table " + t.name());
        }
        return r;
    }

    static void get(Context c) {
        TableSchema t = table(c);
        String id = c.cmd.option("--id");
        DbRow row = record(c, t, c.cmd.arg(1));
        if (row == null) {
            return;
        }
        if (id != null) {
            if (!id.startsWith("@")) {
                throw new VsctlException("--id option requires a row id beginning with @");
            }
            c.symtab.bind(id, row.id());
        }
        for (String arg : c.cmd.args().subList(2, c.cmd.args().size())) {
            ColumnKeyValue ckv = parseColumnKeyValue(arg, t, true, null);
            ColumnSchema col = ckv.column();
            Datum d = row.get(col.name());
            if (ckv.key() != null) {
                if (!col.type().isMap()) {
                    throw new VsctlException("cannot specify key to get for non-map column " + col.name());
                }
                Atom key = DatumSyntax.parseAtom(ckv.key(), col.type().key(), c.symtab);
                Atom v = d.get(key);
                if (v == null) {
                    if (!c.cmd.has("--if-exists")) {
                        throw new VsctlException("no key \"" + ckv.key() + "\" in " + t.name() + " record \"" + c.cmd.arg(1)
                                + "\" column " + col.name());
                    }
                    c.out.line("");
                } else {
                    c.out.line(DatumSyntax.formatAtom(v));
                }
            } else {
                c.out.line(DatumSyntax.formatDatum(d, col.type()));
            }
        }
    }

    /** The columns to show: --columns (in that order) or _uuid then all columns sorted by name. */
    private static List<ColumnSchema> columns(Context c, TableSchema t) {
        List<ColumnSchema> cols = new ArrayList<>();
        String spec = c.cmd.option("--columns");
        if (spec != null) {
            for (String name : spec.split(",")) {
                if (!name.isBlank()) {
                    cols.add(RecordFinder.column(t, name.trim()));
                }
            }
            return cols;
        }
        cols.add(t.column(TableSchema.UUID_COLUMN));
        t.columns().values().stream()
                .filter(col -> !col.name().startsWith("_"))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(cols::add);
        return cols;
    }

    private static OutputTable newTable(List<ColumnSchema> cols) {
        return new OutputTable(null, cols.stream().map(ColumnSchema::name).toList());
    }

    private static void addRow(OutputTable out, List<ColumnSchema> cols, DbRow row) {
        List<OutputTable.Cell> cells = new ArrayList<>();
        for (ColumnSchema col : cols) {
            if (col.name().equals(TableSchema.UUID_COLUMN)) {
                cells.add(OutputTable.Cell.of(new Datum(List.of(row.id()), null), col.type()));
            } else {
                cells.add(OutputTable.Cell.of(row.get(col.name()), col.type()));
            }
        }
        out.addRow(cells);
    }

    static void list(Context c) {
        TableSchema t = table(c);
        List<ColumnSchema> cols = columns(c, t);
        OutputTable out = newTable(cols);
        if (c.cmd.args().size() > 1) {
            for (String id : c.cmd.args().subList(1, c.cmd.args().size())) {
                DbRow row = record(c, t, id);
                if (row != null) {
                    addRow(out, cols, row);
                }
            }
        } else {
            for (DbRow row : c.db.rows(t.name())) {
                addRow(out, cols, row);
            }
        }
        c.out.table(out);
    }

    static void find(Context c) {
        TableSchema t = table(c);
        List<ColumnSchema> cols = columns(c, t);
        OutputTable out = newTable(cols);
        List<String> conditions = c.cmd.args().subList(1, c.cmd.args().size());
        for (DbRow row : c.db.rows(t.name())) {
            if (satisfiesAll(c, t, row, conditions)) {
                addRow(out, cols, row);
            }
        }
        c.out.table(out);
    }

    private static boolean satisfiesAll(Context c, TableSchema t, DbRow row, List<String> conditions) {
        for (String cond : conditions) {
            if (!satisfies(c, t, row, cond)) {
                return false;
            }
        }
        return true;
    }

    /** db-ctl-base is_condition_satisfied. */
    static boolean satisfies(Context c, TableSchema t, DbRow row, String arg) {
        ColumnKeyValue ckv = parseColumnKeyValue(arg, t, true, OPERATORS);
        ColumnSchema col = ckv.column();
        Datum have = col.name().equals(TableSchema.UUID_COLUMN) ? new Datum(List.of(row.id()), null) : row.get(col.name());
        String op = ckv.operator();
        if (ckv.key() != null) {
            if (!col.type().isMap()) {
                throw new VsctlException("cannot specify key to check for non-map column " + col.name());
            }
            Atom key = DatumSyntax.parseAtom(ckv.key(), col.type().key(), c.symtab);
            ColumnType valueType = new ColumnType(col.type().value(), null, 0, ColumnType.UNLIMITED);
            Datum want = DatumSyntax.parseDatum(ckv.value(), valueType, c.symtab);
            Atom v = have.get(key);
            if (v == null && !op.startsWith("{")) {
                return false;
            }
            Datum a = v == null ? new Datum(List.of(), null) : new Datum(List.of(v), null);
            return evaluate(a, want, op);
        }
        Datum want = DatumSyntax.parseDatum(ckv.value(), VsctlCommands.relaxed(col.type()), c.symtab);
        return evaluate(have, want, op);
    }

    private static boolean evaluate(Datum a, Datum b, String op) {
        return switch (op) {
            case "=", "{=}" -> a.compareTo(b) == 0;
            case "!=", "{!=}" -> a.compareTo(b) != 0;
            case "<" -> a.compareTo(b) < 0;
            case "<=" -> a.compareTo(b) <= 0;
            case ">" -> a.compareTo(b) > 0;
            case ">=" -> a.compareTo(b) >= 0;
            case "{<}" -> b.size() > a.size() && b.includesAll(a);
            case "{>}" -> a.size() > b.size() && a.includesAll(b);
            case "{<=}" -> b.includesAll(a);
            case "{>=}" -> a.includesAll(b);
            default -> throw new IllegalStateException(op);
        };
    }

    /** {@code COLUMN[:KEY]=VALUE} applied to a row (db-ctl-base set_column). */
    static void setColumn(Context c, DbRow row, String arg) {
        TableSchema t = c.db.table(row.table());
        ColumnKeyValue ckv = parseColumnKeyValue(arg, t, true, List.of("="));
        ColumnSchema col = ckv.column();
        checkMutable(col, t);
        if (ckv.key() != null) {
            if (!col.type().isMap()) {
                throw new VsctlException("cannot specify key to set for non-map column " + col.name());
            }
            Atom key = DatumSyntax.parseAtom(ckv.key(), col.type().key(), c.symtab);
            Atom value = DatumSyntax.parseAtom(ckv.value(), col.type().value(), c.symtab);
            c.db.setMapKey(row, col.name(), key, value);
        } else {
            Datum d = DatumSyntax.parseDatum(ckv.value(), col.type(), c.symtab);
            c.db.update(row, Map.of(col.name(), d));
        }
    }

    private static void checkMutable(ColumnSchema col, TableSchema t) {
        if (col.name().startsWith("_")) {
            throw new VsctlException("cannot modify read-only column " + col.name() + " in table " + t.name());
        }
    }

    static void set(Context c) {
        TableSchema t = table(c);
        DbRow row = record(c, t, c.cmd.arg(1));
        if (row == null) {
            return;
        }
        for (String arg : c.cmd.args().subList(2, c.cmd.args().size())) {
            setColumn(c, row, arg);
        }
    }

    static void add(Context c) {
        TableSchema t = table(c);
        DbRow row = record(c, t, c.cmd.arg(1));
        if (row == null) {
            return;
        }
        ColumnSchema col = RecordFinder.column(t, c.cmd.arg(2));
        checkMutable(col, t);
        Datum add = null;
        for (String v : c.cmd.args().subList(3, c.cmd.args().size())) {
            Datum d = DatumSyntax.parseDatum(v, VsctlCommands.relaxed(col.type()), c.symtab);
            add = add == null ? d : add.union(d);
        }
        Datum result = row.get(col.name()).union(add);
        if (result.size() > col.type().max()) {
            throw new VsctlException("\"add\" operation would put " + result.size() + " values in column " + col.name()
                    + " of table " + t.name() + " but the maximum number is " + col.type().max());
        }
        c.db.mutateInsert(row, col.name(), add);
    }

    static void remove(Context c) {
        TableSchema t = table(c);
        DbRow row = record(c, t, c.cmd.arg(1));
        if (row == null) {
            return;
        }
        ColumnSchema col = RecordFinder.column(t, c.cmd.arg(2));
        checkMutable(col, t);
        for (String v : c.cmd.args().subList(3, c.cmd.args().size())) {
            Datum d;
            try {
                d = DatumSyntax.parseDatum(v, VsctlCommands.relaxed(col.type()), c.symtab);
            } catch (VsctlException e) {
                if (!col.type().isMap()) {
                    throw e;
                }
                // A map's keys alone may be given (ovs-vsctl(8) "remove").
                d = DatumSyntax.parseDatum(v, new ColumnType(col.type().key(), null, 0, ColumnType.UNLIMITED), c.symtab);
            }
            Datum result = row.get(col.name()).difference(d);
            if (result.size() < col.type().min()) {
                throw new VsctlException("\"remove\" operation would put " + result.size() + " values in column "
                        + col.name() + " of table " + t.name() + " but the minimum number is " + col.type().min());
            }
            c.db.mutateDelete(row, col.name(), d);
        }
    }

    static void clear(Context c) {
        TableSchema t = table(c);
        DbRow row = record(c, t, c.cmd.arg(1));
        if (row == null) {
            return;
        }
        for (String name : c.cmd.args().subList(2, c.cmd.args().size())) {
            ColumnSchema col = RecordFinder.column(t, name);
            checkMutable(col, t);
            if (col.type().min() > 0) {
                throw new VsctlException("\"clear\" operation cannot be applied to column " + col.name() + " of table "
                        + t.name() + ", which is not allowed to be empty");
            }
            c.db.update(row, Map.of(col.name(), new Datum(List.of(), col.type().isMap() ? List.of() : null)));
        }
    }

    static void create(Context c) {
        TableSchema t = table(c);
        String id = c.cmd.option("--id");
        NamedUuid name = null;
        if (id != null) {
            if (!id.startsWith("@")) {
                throw new VsctlException("--id option requires a row id beginning with @");
            }
            name = (NamedUuid) c.symtab.create(id).value();
        }
        DbRow row = c.db.insert(t.name(), Map.of(), name);
        for (String arg : c.cmd.args().subList(1, c.cmd.args().size())) {
            setColumn(c, row, arg);
        }
        c.out.uuidLine(row.id());
    }

    static void destroy(Context c) {
        TableSchema t = table(c);
        if (c.cmd.has("--all")) {
            if (c.cmd.args().size() > 1) {
                throw new VsctlException("--all and records argument should not be specified together");
            }
            for (DbRow row : c.db.rows(t.name())) {
                c.db.delete(row);
            }
            return;
        }
        if (c.cmd.args().size() < 2) {
            throw new VsctlException("either --all or records argument should be specified");
        }
        for (String id : c.cmd.args().subList(1, c.cmd.args().size())) {
            DbRow row = record(c, t, id);
            if (row != null) {
                c.db.delete(row);
            }
        }
    }

    static void waitUntil(Context c) {
        TableSchema t = table(c);
        DbRow row = RecordFinder.find(c.db, t.name(), c.cmd.arg(1), c.symtab);
        if (row == null || !satisfiesAll(c, t, row, c.cmd.args().subList(2, c.cmd.args().size()))) {
            throw new VsctlCommands.TryAgain();
        }
    }

    static Map<String, Datum> noValues() {
        return new LinkedHashMap<>();
    }
}
