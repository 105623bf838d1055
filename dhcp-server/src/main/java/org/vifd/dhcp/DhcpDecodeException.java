package org.vifd.dhcp;

/**
 * A DHCP message could not be decoded. Carries the byte offset (from the start of the DHCP payload) where the
 * problem was found. Thrown often for hostile input, so it carries no stack trace.
 */
public final class DhcpDecodeException extends Exception {

    private final int offset;
    private final String reason;

    public DhcpDecodeException(int offset, String reason) {
        super("at offset " + offset + ": " + reason, null, false, false);
        this.offset = offset;
        this.reason = reason;
    }

    public int offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }
}
