package org.vifd.ovsdb;

import java.util.Objects;

/**
 * A failure of an OVSDB request. For an error from the server, {@link #error()} and {@link #details()} are the
 * server's own words (RFC 7047 §3.1 {@code <error>}: "error" and optional "details"); for a local failure
 * (connection lost, decode error, schema violation) {@link #error()} is one of the local codes in {@link OvsdbError}.
 */
public class OvsdbException extends RuntimeException {

    private final String error;
    private final String details;

    public OvsdbException(String error, String details) {
        this(error, details, null);
    }

    public OvsdbException(String error, String details, Throwable cause) {
        super(message(error, details), cause);
        this.error = Objects.requireNonNull(error, "error");
        this.details = details;
    }

    private static String message(String error, String details) {
        return details == null || details.isEmpty() ? error : error + ": " + details;
    }

    /** The error string: the server's "error" member, or a local code. */
    public String error() {
        return error;
    }

    /** The server's "details" member (may be null). */
    public String details() {
        return details;
    }

    /** The error as a named constant (or an unknown one carrying the string). */
    public OvsdbError kind() {
        return OvsdbError.valueOf(error);
    }
}
