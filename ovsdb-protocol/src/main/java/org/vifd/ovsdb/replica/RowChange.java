package org.vifd.ovsdb.replica;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.util.Objects;

/**
 * One row's change as a replica applied it: {@code oldRow} is null for an insert, {@code newRow} null for a delete;
 * both are complete rows (every monitored column, plus "_uuid").
 */
public record RowChange(String table, Uuid uuid, Kind kind, Row oldRow, Row newRow) {

    /** A closed set. */
    public enum Kind {
        INSERT, MODIFY, DELETE
    }

    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.INSERT) != (oldRow == null) || (kind == Kind.DELETE) != (newRow == null)) {
            throw new IllegalArgumentException(kind + " of " + table + " " + uuid + " with old=" + oldRow + " new=" + newRow);
        }
    }

    public static RowChange insert(String table, Uuid uuid, Row row) {
        return new RowChange(table, uuid, Kind.INSERT, null, row);
    }

    public static RowChange modify(String table, Uuid uuid, Row oldRow, Row newRow) {
        return new RowChange(table, uuid, Kind.MODIFY, oldRow, newRow);
    }

    public static RowChange delete(String table, Uuid uuid, Row row) {
        return new RowChange(table, uuid, Kind.DELETE, row, null);
    }

    /** The row as it is after the change, or as it was before a delete. */
    public Row row() {
        return newRow != null ? newRow : oldRow;
    }

    @Override
    public String toString() {
        return kind + " " + table + " " + uuid;
    }
}
