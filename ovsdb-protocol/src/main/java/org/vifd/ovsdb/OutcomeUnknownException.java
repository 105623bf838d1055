package org.vifd.ovsdb;

/**
 * A transaction was sent but the connection ended before its reply arrived. The reply was lost, not necessarily the
 * transaction: it may have committed. Never resend it blindly — read the database (a replica after its resync) and
 * decide again. {@link #generation()} names the session generation (connection) it was sent on.
 */
public class OutcomeUnknownException extends ConnectionClosedException {

    private final long generation;

    public OutcomeUnknownException(String details, long generation, Throwable cause) {
        super(details, cause);
        this.generation = generation;
    }

    public long generation() {
        return generation;
    }
}
