package org.vifd.ovsdb.value;

import java.util.Objects;

/**
 * RFC 7047 §5.1 {@code <named-uuid>}: {@code ["named-uuid", "<id>"]}, a reference to the row that an earlier
 * "insert" of the same transaction named with its "uuid-name". The name is an {@code <id>} (RFC 7047 §3.1).
 */
public record NamedUuid(String name) implements Atom {

    public NamedUuid {
        Objects.requireNonNull(name, "name");
        if (!isId(name)) {
            throw new IllegalArgumentException("named-uuid must be an <id> (RFC 7047 §3.1), got '" + name + "'");
        }
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}, checked by hand: a transaction builds two of these per port, no regex per name. */
    private static boolean isId(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
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
