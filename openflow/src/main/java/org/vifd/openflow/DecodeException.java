package org.vifd.openflow;

/** Bytes that do not decode: carries the offset (from the start of the message or frame) where decoding failed. */
public final class DecodeException extends Exception {
    private final int offset;

    public DecodeException(int offset, String message) {
        super(message + " at offset " + offset, null, false, false);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
