package org.vifd.ovsdb;

/**
 * The connection closed before the answer arrived. A transaction that fails with this may still have committed
 * on the server: its reply was lost, not necessarily its effect.
 */
public class ConnectionClosedException extends OvsdbException {

    public ConnectionClosedException(String details) {
        super(OvsdbError.CONNECTION_CLOSED.name(), details);
    }

    public ConnectionClosedException(String details, Throwable cause) {
        super(OvsdbError.CONNECTION_CLOSED.name(), details, cause);
    }

    /**
     * Whether the request's outcome is known. False here: the request may have reached the server and taken effect
     * (a transaction may have committed) before its reply was lost. {@link NotConnectedException} answers true: the
     * request never left this process.
     */
    public boolean outcomeKnown() {
        return false;
    }
}
