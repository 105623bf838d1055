package org.vifd.openflow.text;

/** Flow text that does not parse (ovs-ofctl(8) flow syntax), with the offending piece of text. */
public final class FlowTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FlowTextException(String message) {
        super(message);
    }
}
