package org.vifd.ovsdb.schema;

import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;

/**
 * A value to send does not fit the database schema; nothing was sent. Names the table, column and value
 * (column and value are null when the problem is the table or the operation itself).
 */
public class SchemaViolationException extends OvsdbException {

    private final String table;
    private final String column;
    private final Object value;

    public SchemaViolationException(String table, String column, Object value, String reason) {
        super(OvsdbError.SCHEMA_VIOLATION.name(), describe(table, column, value, reason));
        this.table = table;
        this.column = column;
        this.value = value;
    }

    private static String describe(String table, String column, Object value, String reason) {
        StringBuilder sb = new StringBuilder("table ").append(table);
        if (column != null) {
            sb.append(", column ").append(column);
        }
        if (value != null) {
            sb.append(", value ").append(value);
        }
        return sb.append(": ").append(reason).toString();
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public Object value() {
        return value;
    }
}
