package org.vifd.ovsdb.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;
import org.vifd.ovsdb.value.ValueJson;

import java.util.Objects;

/**
 * RFC 7047 §3.2 {@code <base-type>}: an atomic type with its optional constraints. Bounds that the schema does not
 * give are null; {@code enumValues} is null when the schema has no "enum".
 */
public record BaseType(AtomicType type, OvsSet enumValues, Long minInteger, Long maxInteger, Double minReal,
                       Double maxReal, Long minLength, Long maxLength, String refTable, RefType refType) {

    public BaseType {
        Objects.requireNonNull(type, "type");
    }

    public static BaseType of(AtomicType type) {
        return new BaseType(type, null, null, null, null, null, null, null, null, null);
    }

    static BaseType parse(JsonNode json) {
        if (json.isTextual()) {
            return of(AtomicType.fromJson(json.textValue()));
        }
        if (!json.isObject() || json.get("type") == null || !json.get("type").isTextual()) {
            throw new IllegalArgumentException("<base-type> must be a string or an object with \"type\": " + ValueJson.abbreviate(json));
        }
        AtomicType type = AtomicType.fromJson(json.get("type").textValue());
        BaseType plain = of(type);
        OvsSet enumValues = null;
        if (json.has("enum")) {
            Value v = ValueJson.decode(json.get("enum"));
            OvsSet raw = v instanceof OvsSet s ? s : OvsSet.of((Atom) v);
            java.util.LinkedHashSet<Atom> typed = new java.util.LinkedHashSet<>();
            for (Atom a : raw.elements()) {
                typed.add(plain.coerce(a));
            }
            enumValues = new OvsSet(typed);
        }
        String refTable = text(json, "refTable");
        RefType refType = null;
        if (refTable != null) {
            String rt = text(json, "refType");
            refType = rt == null || rt.equals("strong") ? RefType.STRONG : RefType.WEAK;
        }
        return new BaseType(type, enumValues, longOrNull(json, "minInteger"), longOrNull(json, "maxInteger"),
                doubleOrNull(json, "minReal"), doubleOrNull(json, "maxReal"), longOrNull(json, "minLength"),
                longOrNull(json, "maxLength"), refTable, refType);
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null ? null : n.asText();
    }

    private static Long longOrNull(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null ? null : n.asLong();
    }

    private static Double doubleOrNull(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null ? null : n.asDouble();
    }

    /** Decodes an atom of this type from the wire. */
    public Atom decode(JsonNode json) {
        return coerce(ValueJson.decodeAtom(json));
    }

    /**
     * Converts an atom decoded without a schema to this type where the JSON alone is ambiguous (a real that
     * happens to be integral, e.g. {@code 1}); fails if the kinds do not match.
     */
    public Atom coerce(Atom a) {
        if (type == AtomicType.REAL && a instanceof Atom.Int i) {
            return Atom.of((double) i.value());
        }
        String problem = kindProblem(a);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return a;
    }

    private String kindProblem(Atom a) {
        boolean ok = switch (type) {
            case INTEGER -> a instanceof Atom.Int;
            // RFC 7047 §5.1: a <real> is any JSON number, so an integer is a valid real.
            case REAL -> a instanceof Atom.Real || a instanceof Atom.Int;
            case BOOLEAN -> a instanceof Atom.Bool;
            case STRING -> a instanceof Atom.Str;
            case UUID -> a instanceof Uuid || a instanceof NamedUuid;
        };
        return ok ? null : "expected " + type.jsonName() + ", got " + a.typeName() + " " + a;
    }

    /** Why {@code a} does not fit this base type (RFC 7047 §3.2 constraints), or null if it fits. */
    public String check(Atom a) {
        String problem = kindProblem(a);
        if (problem != null) {
            return problem;
        }
        if (enumValues != null && !enumValues.contains(a)) {
            return a + " is not one of " + enumValues;
        }
        if (type == AtomicType.INTEGER && a instanceof Atom.Int i) {
            if (minInteger != null && i.value() < minInteger) {
                return "integer " + i.value() + " is below minInteger " + minInteger;
            }
            if (maxInteger != null && i.value() > maxInteger) {
                return "integer " + i.value() + " is above maxInteger " + maxInteger;
            }
        }
        if (type == AtomicType.REAL) {
            double r = a instanceof Atom.Int i ? i.value() : ((Atom.Real) a).value();
            if (minReal != null && r < minReal) {
                return "real " + r + " is below minReal " + minReal;
            }
            if (maxReal != null && r > maxReal) {
                return "real " + r + " is above maxReal " + maxReal;
            }
        } else if (a instanceof Atom.Str s && (minLength != null || maxLength != null)) {
            // RFC 7047 §3.2 limits the length in characters (ovsdb counts UTF-8 characters, i.e. code points).
            long len = s.value().codePointCount(0, s.value().length());
            if (minLength != null && len < minLength) {
                return "string of length " + len + " is shorter than minLength " + minLength;
            }
            if (maxLength != null && len > maxLength) {
                return "string of length " + len + " is longer than maxLength " + maxLength;
            }
        }
        return null;
    }
}
