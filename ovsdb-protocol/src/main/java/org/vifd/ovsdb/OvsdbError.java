package org.vifd.ovsdb;

import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The "error" strings of OVSDB (RFC 7047 §3.1, §4.1.3, §5.2; ovsdb-server(7)), plus a few local codes for failures
 * that never reached a server. An open set: {@link #valueOf(String)} answers a named constant or an unknown one.
 */
public final class OvsdbError {

    // RFC 7047 §4.1.3 / §5.2 operation and transaction errors.
    public static final OvsdbError REFERENTIAL_INTEGRITY_VIOLATION = new OvsdbError("referential integrity violation");
    public static final OvsdbError CONSTRAINT_VIOLATION = new OvsdbError("constraint violation");
    public static final OvsdbError RESOURCES_EXHAUSTED = new OvsdbError("resources exhausted");
    public static final OvsdbError IO_ERROR = new OvsdbError("I/O error");
    public static final OvsdbError DUPLICATE_UUID_NAME = new OvsdbError("duplicate uuid-name");
    public static final OvsdbError DOMAIN_ERROR = new OvsdbError("domain error");
    public static final OvsdbError RANGE_ERROR = new OvsdbError("range error");
    public static final OvsdbError TIMED_OUT = new OvsdbError("timed out");
    public static final OvsdbError NOT_SUPPORTED = new OvsdbError("not supported");
    public static final OvsdbError ABORTED = new OvsdbError("aborted");
    public static final OvsdbError NOT_OWNER = new OvsdbError("not owner");
    public static final OvsdbError CANCELED = new OvsdbError("canceled");
    // Errors ovsdb-server reports for malformed requests (lib/ovsdb-error.c, ovsdb/jsonrpc-server.c).
    public static final OvsdbError SYNTAX_ERROR = new OvsdbError("syntax error");
    public static final OvsdbError UNKNOWN_DATABASE = new OvsdbError("unknown database");
    public static final OvsdbError UNKNOWN_METHOD = new OvsdbError("unknown method");
    public static final OvsdbError UNKNOWN_MONITOR = new OvsdbError("unknown monitor");
    // Local codes: the request did not get an answer from the server.
    public static final OvsdbError CONNECTION_CLOSED = new OvsdbError("connection closed");
    public static final OvsdbError CONNECT_FAILED = new OvsdbError("connect failed");
    public static final OvsdbError DECODE_ERROR = new OvsdbError("decode error");
    public static final OvsdbError PROTOCOL_ERROR = new OvsdbError("protocol error");
    public static final OvsdbError SCHEMA_VIOLATION = new OvsdbError("schema violation");
    public static final OvsdbError TOO_MANY_IN_FLIGHT = new OvsdbError("too many requests in flight");
    public static final OvsdbError NOT_YET_SUPPORTED = new OvsdbError("not yet supported");

    private static final Map<String, OvsdbError> BY_NAME = Stream.of(
                    REFERENTIAL_INTEGRITY_VIOLATION, CONSTRAINT_VIOLATION, RESOURCES_EXHAUSTED, IO_ERROR,
                    DUPLICATE_UUID_NAME, DOMAIN_ERROR, RANGE_ERROR, TIMED_OUT, NOT_SUPPORTED, ABORTED, NOT_OWNER,
                    CANCELED, SYNTAX_ERROR, UNKNOWN_DATABASE, UNKNOWN_METHOD, UNKNOWN_MONITOR,
                    CONNECTION_CLOSED, CONNECT_FAILED, DECODE_ERROR, PROTOCOL_ERROR, SCHEMA_VIOLATION,
                    TOO_MANY_IN_FLIGHT, NOT_YET_SUPPORTED)
            .collect(Collectors.toUnmodifiableMap(OvsdbError::name, Function.identity()));

    private final String name;
    private final boolean known;

    private OvsdbError(String name) {
        this(name, true);
    }

    private OvsdbError(String name, boolean known) {
        this.name = name;
        this.known = known;
    }

    /** The named constant for this error string, or an unknown value that carries it. Never throws. */
    public static OvsdbError valueOf(String name) {
        OvsdbError e = BY_NAME.get(name);
        return e != null ? e : new OvsdbError(String.valueOf(name), false);
    }

    public String name() {
        return name;
    }

    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OvsdbError other && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name);
    }

    @Override
    public String toString() {
        return known ? name : "UNKNOWN(" + name + ")";
    }
}
