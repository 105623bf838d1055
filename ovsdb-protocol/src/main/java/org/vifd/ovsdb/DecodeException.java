package org.vifd.ovsdb;

/**
 * The byte stream from the peer could not be framed or parsed as JSON-RPC. {@link #offset()} is the byte offset in
 * the connection's input stream where the problem was seen.
 */
public class DecodeException extends OvsdbException {

    private final long offset;

    public DecodeException(long offset, String what) {
        this(offset, what, null);
    }

    public DecodeException(long offset, String what, Throwable cause) {
        super(OvsdbError.DECODE_ERROR.name(), what + " at byte offset " + offset, cause);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
