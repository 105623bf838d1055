package org.vifd.ovsdb.value;

import java.util.Objects;
import java.util.UUID;

/** RFC 7047 §5.1 {@code <uuid>}: encoded as {@code ["uuid", "<36 chars>"]}. */
public record Uuid(UUID value) implements Atom {

    /** The all-zero id that a standalone server answers as its last transaction id (ovsdb-server(7)). */
    public static final Uuid ZERO = new Uuid(new UUID(0, 0));

    public Uuid {
        Objects.requireNonNull(value, "value");
    }

    public static Uuid parse(String text) {
        return new Uuid(UUID.fromString(text));
    }

    public static Uuid random() {
        return new Uuid(UUID.randomUUID());
    }

    @Override
    public String typeName() {
        return "uuid";
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
