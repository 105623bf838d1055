package org.vifd.ovsdb;

/**
 * The request was never sent: there was no open connection to send it on. Its outcome is known — it had no
 * effect on the server — so it is safe to send again.
 */
public class NotConnectedException extends ConnectionClosedException {

    public NotConnectedException(String details) {
        super(details);
    }

    public NotConnectedException(String details, Throwable cause) {
        super(details, cause);
    }

    @Override
    public boolean outcomeKnown() {
        return true;
    }
}
