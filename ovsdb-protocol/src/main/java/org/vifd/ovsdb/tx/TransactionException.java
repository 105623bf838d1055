package org.vifd.ovsdb.tx;

import org.vifd.ovsdb.OvsdbException;

import java.util.List;

/**
 * A transaction that the server rejected (RFC 7047 §4.1.3): {@link #operationIndex()} is the operation that failed,
 * or the number of operations when the commit itself failed (e.g. "referential integrity violation"). Nothing of the
 * transaction was applied. {@link #results()} holds what the server answered for each operation up to the failure.
 */
public class TransactionException extends OvsdbException {

    private final int operationIndex;
    private final Operation operation;
    private final List<OperationResult> results;

    public TransactionException(String error, String details, int operationIndex, Operation operation,
                                List<OperationResult> results) {
        super(error, describe(details, operationIndex, operation));
        this.operationIndex = operationIndex;
        this.operation = operation;
        this.results = List.copyOf(results);
    }

    private static String describe(String details, int index, Operation op) {
        String where = op == null ? "at commit" : "in operation " + index + " (" + op.op()
                + (op.table() == null ? "" : " " + op.table()) + ")";
        return details == null ? where : details + " [" + where + "]";
    }

    public int operationIndex() {
        return operationIndex;
    }

    /** The failed operation, or null when the commit failed. */
    public Operation operation() {
        return operation;
    }

    public List<OperationResult> results() {
        return results;
    }
}
