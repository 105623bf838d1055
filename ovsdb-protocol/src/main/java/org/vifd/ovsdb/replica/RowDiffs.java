package org.vifd.ovsdb.replica;

import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Row arithmetic of the replica: update2 "modify" diffs (ovsdb-server(7)), column defaults, normal form. */
final class RowDiffs {

    private RowDiffs() {
    }

    /**
     * Applies a {@code <row-update2>} "modify" diff (ovsdb-server(7), "update2"): a column that holds at most one
     * value gets the new value; a set the symmetric difference (elements in the diff are added if absent, removed if
     * present); a map: a key absent is added, a key present with the same value removed, with another value changed.
     * (OVS lib/ovsdb-data.c ovsdb_datum_apply_diff; "composite" = max &gt; 1.)
     */
    static Row applyDiff(Row old, Row diff, TableSchema table) {
        LinkedHashMap<String, Value> m = new LinkedHashMap<>(old.columns());
        for (Map.Entry<String, Value> e : diff.columns().entrySet()) {
            String column = e.getKey();
            var cs = table == null ? null : table.column(column);
            if (cs == null || cs.type().max() == 1) {
                m.put(column, e.getValue());
                continue;
            }
            ColumnType type = cs.type();
            Value before = m.get(column);
            if (type.isMap()) {
                OvsMap base = before instanceof OvsMap bm ? bm : OvsMap.empty();
                OvsMap d = e.getValue() instanceof OvsMap dm ? dm : OvsMap.empty();
                LinkedHashMap<Atom, Atom> out = new LinkedHashMap<>(base.entries());
                d.entries().forEach((k, v) -> {
                    Atom cur = out.get(k);
                    if (cur == null) {
                        out.put(k, v);
                    } else if (cur.equals(v)) {
                        out.remove(k);
                    } else {
                        out.put(k, v);
                    }
                });
                m.put(column, new OvsMap(out));
            } else {
                OvsSet base = asSet(before);
                OvsSet d = asSet(e.getValue());
                LinkedHashSet<Atom> out = new LinkedHashSet<>(base.elements());
                for (Atom a : d.elements()) {
                    if (!out.remove(a)) {
                        out.add(a);
                    }
                }
                m.put(column, new OvsSet(out));
            }
        }
        return new Row(m);
    }

    private static OvsSet asSet(Value v) {
        if (v instanceof OvsSet s) {
            return s;
        }
        if (v instanceof Atom a) {
            return OvsSet.of(a);
        }
        return OvsSet.empty();
    }

    /**
     * The row in normal form: exactly "_uuid" and the monitored columns, in {@code shape}'s order ("_uuid" first), a
     * column the server left out (update2 omits default values) filled with its default, so that equal database
     * rows are equal {@link Row}s. A row the decoder already built in this shape is answered as it is.
     */
    static Row normalize(Uuid uuid, Row row, Row.Shape shape, TableSchema table) {
        if (row.hasShape(shape) && uuid.equals(row.get(TableSchema.UUID_COLUMN))) {
            return row;
        }
        List<String> columns = shape.columns();
        Value[] values = new Value[columns.size()];
        values[0] = uuid;
        for (int i = 1; i < values.length; i++) {
            String c = columns.get(i);
            Value v = row.get(c);
            if (v == null) {
                var cs = table.column(c);
                v = cs == null ? OvsSet.empty() : cs.type().defaultValue();
            }
            values[i] = v;
        }
        return shape.row(values);
    }

    /** RFC 7047 §5.1 / ovsdb(7): the default of a type (see {@link ColumnType#defaultValue()}). */
    static Value defaultValue(ColumnType type) {
        return type.defaultValue();
    }
}
