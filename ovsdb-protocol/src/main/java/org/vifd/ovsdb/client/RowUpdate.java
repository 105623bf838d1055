package org.vifd.ovsdb.client;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * RFC 7047 §4.1.6 {@code <row-update>} of a plain "monitor": {@code oldRow} is null for an insert (and for initial
 * contents), {@code newRow} null for a delete; a modify has both, {@code oldRow} holding only the changed columns.
 */
public record RowUpdate(Uuid uuid, Row oldRow, Row newRow) {
}
