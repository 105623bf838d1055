package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.tools.vsctl.DbModel.DbRow;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ovs-vsctl's {@code show} (db-ctl-base cmd_show with ovs-vsctl's cmd_show_tables): from each Open_vSwitch row down
 * through the referenced rows, four spaces per level; a row is printed as "Table name" (or its uuid when the table
 * has no name column), followed by its listed columns that do not hold their default value. Rows of a table are
 * not expanded again below a row of the same table.
 */
public final class ShowPrinter {

    /** One table of the show tree: the column that names its rows, and the columns shown under each row. */
    record ShowTable(String nameColumn, List<String> columns) {
    }

    private static final Map<String, ShowTable> TABLES = Map.of(
            "Open_vSwitch", new ShowTable(null, List.of("manager_options", "bridges", "ovs_version")),
            "Bridge", new ShowTable("name", List.of("controller", "fail_mode", "datapath_type", "ports")),
            "Port", new ShowTable("name", List.of("tag", "trunks", "interfaces")),
            "Interface", new ShowTable("name", List.of("type", "options", "error")),
            "Controller", new ShowTable("target", List.of("is_connected")),
            "Manager", new ShowTable("target", List.of("is_connected")));

    private ShowPrinter() {
    }

    public static String show(DbModel db) {
        StringBuilder out = new StringBuilder();
        Set<String> shown = new HashSet<>();
        for (DbRow ovs : db.rows("Open_vSwitch")) {
            row(db, ovs, 0, shown, out);
        }
        return out.toString();
    }

    private static void row(DbModel db, DbRow row, int level, Set<String> shown, StringBuilder out) {
        ShowTable show = TABLES.get(row.table());
        TableSchema ts = db.table(row.table());
        out.append("    ".repeat(level));
        if (show != null && show.nameColumn() != null) {
            ColumnSchema nameCol = ts.column(show.nameColumn());
            out.append(row.table()).append(' ').append(DatumSyntax.formatDatum(row.get(nameCol.name()), nameCol.type()));
        } else {
            out.append(row.id());
        }
        out.append('\n');
        if (show == null || !shown.add(row.table())) {
            return;
        }
        for (String column : show.columns()) {
            ColumnSchema col = ts.column(column);
            if (col == null) {
                continue;
            }
            Datum d = row.get(column);
            String ref = col.type().key().refTable();
            if (ref != null && !col.type().isMap() && TABLES.containsKey(ref)) {
                for (Atom id : d.keys()) {
                    DbRow child = db.row(ref, id);
                    if (child != null) {
                        row(db, child, level + 1, shown, out);
                    }
                }
                continue;
            }
            if (!d.equals(DbModel.defaultDatum(col)) && !isDefault(d, col)) {
                out.append("    ".repeat(level + 1)).append(column).append(": ")
                        .append(DatumSyntax.formatDatum(d, col.type())).append('\n');
            }
        }
        shown.remove(row.table());
    }

    private static boolean isDefault(Datum d, ColumnSchema col) {
        return d.compareTo(DbModel.defaultDatum(col)) == 0;
    }
}
