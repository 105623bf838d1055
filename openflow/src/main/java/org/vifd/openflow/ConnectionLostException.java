package org.vifd.openflow;

/**
 * The connection closed before the reply arrived. The request may or may not have taken effect on the switch
 * (a flow-mod whose barrier reply was lost may well be installed): reconcile from a flow dump.
 */
public final class ConnectionLostException extends OpenFlowException {
    public ConnectionLostException(String message) {
        super(message);
    }
}
