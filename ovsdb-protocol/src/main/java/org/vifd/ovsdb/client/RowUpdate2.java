package org.vifd.ovsdb.client;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * ovsdb-server(7) {@code <row-update2>} of "update2"/"update3": an initial row, an insert, a delete ({@code row} is
 * null), or a modify whose {@code row} holds the diff (for a set column the elements to add or remove, for a map
 * the pairs to add, remove or change, for other columns the new value).
 */
public record RowUpdate2(Uuid uuid, Kind kind, Row row) {

    /** The four members of a {@code <row-update2>}: a closed set. */
    public enum Kind {
        INITIAL("initial"), INSERT("insert"), DELETE("delete"), MODIFY("modify");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }
}
