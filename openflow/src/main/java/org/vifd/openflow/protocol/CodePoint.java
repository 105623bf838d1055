package org.vifd.openflow.protocol;

/**
 * An open-ended protocol code point (Netty's DnsRecordType style): a number with the name the spec gives it, or
 * {@code UNKNOWN(n)} for a number it does not name. Two code points of the same kind are equal when their numbers
 * are; subclasses keep the registry of named constants and their {@code valueOf(int)}.
 */
public abstract class CodePoint {
    private final int code;
    private final String name;

    protected CodePoint(int code, String name) {
        this.code = code;
        this.name = name;
    }

    public final int code() {
        return code;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CodePoint) o).code == code;
    }

    @Override
    public final int hashCode() {
        return code;
    }

    @Override
    public final String toString() {
        return name;
    }
}
