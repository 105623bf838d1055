package org.vifd.ovsdb.value;

import java.util.Objects;
import java.util.UUID;

/**
 * An atomic value (RFC 7047 §5.1 {@code <atom>}): integer, real, boolean, string, uuid, or a named-uuid that a
 * transaction resolves when it commits.
 */
public sealed interface Atom extends Value, Comparable<Atom> permits Atom.Int, Atom.Real, Atom.Bool, Atom.Str, Uuid, NamedUuid {

    /** The atomic type's name as the schema spells it ("integer", "real", "boolean", "string", "uuid"). */
    String typeName();

    static Int of(long value) {
        return new Int(value);
    }

    static Real of(double value) {
        return new Real(value);
    }

    static Bool of(boolean value) {
        return value ? Bool.TRUE : Bool.FALSE;
    }

    static Str of(String value) {
        return new Str(value);
    }

    static Uuid of(UUID value) {
        return new Uuid(value);
    }

    /** Atoms order by type, then by value, so that sets and maps print in a stable order. */
    @Override
    default int compareTo(Atom o) {
        int byKind = Integer.compare(kindOrder(this), kindOrder(o));
        if (byKind != 0) {
            return byKind;
        }
        if (this instanceof Int a) {
            return Long.compare(a.value(), ((Int) o).value());
        }
        if (this instanceof Real a) {
            return Double.compare(a.value(), ((Real) o).value());
        }
        if (this instanceof Bool a) {
            return Boolean.compare(a.value(), ((Bool) o).value());
        }
        if (this instanceof Str a) {
            return a.value().compareTo(((Str) o).value());
        }
        if (this instanceof Uuid a) {
            return a.value().compareTo(((Uuid) o).value());
        }
        return ((NamedUuid) this).name().compareTo(((NamedUuid) o).name());
    }

    private static int kindOrder(Atom a) {
        if (a instanceof Int) {
            return 0;
        } else if (a instanceof Real) {
            return 1;
        } else if (a instanceof Bool) {
            return 2;
        } else if (a instanceof Str) {
            return 3;
        } else if (a instanceof Uuid) {
            return 4;
        }
        return 5;
    }

    /** RFC 7047 §5.1 {@code <integer>}: a 64-bit signed integer. */
    record Int(long value) implements Atom {
        @Override
        public String typeName() {
            return "integer";
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** RFC 7047 §5.1 {@code <real>}: a finite IEEE double. */
    record Real(double value) implements Atom {
        public Real {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("real atom must be finite, got " + value);
            }
        }

        @Override
        public String typeName() {
            return "real";
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** RFC 7047 §5.1 {@code <boolean>}. */
    record Bool(boolean value) implements Atom {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);

        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** RFC 7047 §5.1 {@code <string>}: any Unicode string. */
    record Str(String value) implements Atom {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String toString() {
            return '"' + value + '"';
        }
    }
}
