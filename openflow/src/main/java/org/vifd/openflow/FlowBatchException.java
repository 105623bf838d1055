package org.vifd.openflow;

import java.util.List;
import org.vifd.openflow.protocol.OfMessage;

/**
 * Some messages of a batch or bundle failed. Each failure names the message's index in the batch, the message and
 * the switch's error (attributed by xid). For a pipelined batch the other messages did take effect; for an atomic
 * bundle none did (the bundle was discarded).
 */
public final class FlowBatchException extends OpenFlowException {
    /** One failed message. */
    public record Failure(int index, OfMessage message, OpenFlowErrorException error) {
    }

    private final List<Failure> failures;
    private final OpenFlowErrorException bundleError;

    public FlowBatchException(String what, List<Failure> failures, OpenFlowErrorException bundleError) {
        super(what + ": " + failures.size() + " message(s) failed"
                + (failures.isEmpty() ? "" : ", first #" + failures.get(0).index() + " " + failures.get(0).error()
                        .getMessage())
                + (bundleError == null ? "" : "; bundle: " + bundleError.getMessage()));
        this.failures = List.copyOf(failures);
        this.bundleError = bundleError;
    }

    public List<Failure> failures() {
        return failures;
    }

    /** The error on the bundle control message itself (open or commit), or null. */
    public OpenFlowErrorException bundleError() {
        return bundleError;
    }
}
