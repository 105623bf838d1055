package org.vifd.ovsdb.tx;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.util.List;

/**
 * The result of one operation (RFC 7047 §5.2): {@code uuid} for insert, {@code rows} for select, {@code count} for
 * update, mutate and delete; all null/empty for the others. {@code error}/{@code details} are set when the operation
 * failed.
 */
public record OperationResult(Uuid uuid, Long count, List<Row> rows, String error, String details) {

    public OperationResult {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public static OperationResult empty() {
        return new OperationResult(null, null, List.of(), null, null);
    }

    public boolean failed() {
        return error != null;
    }
}
