package org.vifd.ovsdb.value;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * RFC 7047 §5.1 {@code <named-uuid>}: {@code ["named-uuid", "<id>"]}, a reference to the row that an earlier
 * "insert" of the same transaction named with its "uuid-name". The name is an {@code <id>} (RFC 7047 §3.1).
 */
public record NamedUuid(String name) implements Atom {

    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public NamedUuid {
        Objects.requireNonNull(name, "name");
        if (!ID.matcher(name).matches()) {
            throw new IllegalArgumentException("named-uuid must be an <id> (RFC 7047 §3.1), got '" + name + "'");
        }
    }

    @Override
    public String typeName() {
        return "uuid";
    }

    @Override
    public String toString() {
        return "@" + name;
    }
}
