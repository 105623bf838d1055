package org.vifd.ovsdb.schema;

/** RFC 7047 §3.2 {@code <atomic-type>}: a closed set of five. */
public enum AtomicType {
    INTEGER("integer"), REAL("real"), BOOLEAN("boolean"), STRING("string"), UUID("uuid");

    private final String jsonName;

    AtomicType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static AtomicType fromJson(String name) {
        for (AtomicType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown atomic-type '" + name + "' (RFC 7047 §3.2)");
    }
}
