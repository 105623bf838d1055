package org.vifd.openflow;

/** Base of the typed failures with which this library's futures complete. */
public class OpenFlowException extends RuntimeException {
    public OpenFlowException(String message) {
        super(message);
    }

    public OpenFlowException(String message, Throwable cause) {
        super(message, cause);
    }
}
