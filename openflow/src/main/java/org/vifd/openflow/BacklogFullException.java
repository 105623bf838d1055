package org.vifd.openflow;

/** The send backlog (bytes queued or requests in flight) is at its configured bound; nothing was sent. */
public final class BacklogFullException extends OpenFlowException {
    public BacklogFullException(String message) {
        super(message);
    }
}
