package org.vifd.agent.ovn;

import java.util.Objects;

/**
 * A Northbound row (or part of one) that could not be mapped to the intent, and why. The rest of the intent is still
 * mapped. {@code pending} problems are expected to go away on their own (a row referenced but not received yet, as
 * conditional monitoring brings rows in two steps); the others need an operator.
 *
 * @param table the Northbound table
 * @param row   the row's name (or uuid when it has none)
 */
public record MappingProblem(String table, String row, String reason, boolean pending) {
    public MappingProblem {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return table + " " + row + ": " + reason;
    }
}
