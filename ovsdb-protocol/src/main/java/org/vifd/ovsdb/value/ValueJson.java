package org.vifd.ovsdb.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON encoding of values, RFC 7047 §5.1. Encoding follows ovsdb-server's own choices: a set of exactly one
 * element is written as that atom, every other set as {@code ["set", [...]]}; maps as {@code ["map", [[k, v], ...]]}.
 * Decoding here needs no schema: an atom stays an atom; {@code org.vifd.ovsdb.schema.ColumnType#decode} decodes
 * against a column's type.
 */
public final class ValueJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ValueJson() {
    }

    public static JsonNode encode(Value value) {
        if (value instanceof Atom a) {
            return encodeAtom(a);
        }
        if (value instanceof OvsSet s) {
            if (s.size() == 1) {
                return encodeAtom(s.elements().iterator().next());
            }
            ArrayNode items = NODES.arrayNode(s.size());
            for (Atom a : s.elements()) {
                items.add(encodeAtom(a));
            }
            return NODES.arrayNode(2).add("set").add(items);
        }
        OvsMap m = (OvsMap) value;
        ArrayNode pairs = NODES.arrayNode(m.size());
        m.entries().forEach((k, v) -> pairs.add(NODES.arrayNode(2).add(encodeAtom(k)).add(encodeAtom(v))));
        return NODES.arrayNode(2).add("map").add(pairs);
    }

    public static JsonNode encodeAtom(Atom atom) {
        if (atom instanceof Atom.Int i) {
            return NODES.numberNode(i.value());
        } else if (atom instanceof Atom.Real r) {
            return NODES.numberNode(r.value());
        } else if (atom instanceof Atom.Bool b) {
            return NODES.booleanNode(b.value());
        } else if (atom instanceof Atom.Str s) {
            return NODES.textNode(s.value());
        } else if (atom instanceof Uuid u) {
            return NODES.arrayNode(2).add("uuid").add(u.value().toString());
        }
        return NODES.arrayNode(2).add("named-uuid").add(((NamedUuid) atom).name());
    }

    public static ObjectNode encodeRow(Row row) {
        ObjectNode o = NODES.objectNode();
        row.columns().forEach((c, v) -> o.set(c, encode(v)));
        return o;
    }

    /** Decodes any value without a schema; a JSON integer becomes an integer atom, a fraction a real. */
    public static Value decode(JsonNode json) {
        if (json != null && json.isArray() && json.size() == 2 && json.get(0).isTextual()) {
            String tag = json.get(0).textValue();
            if (tag.equals("set")) {
                JsonNode items = json.get(1);
                requireArray(items, "set elements");
                LinkedHashSet<Atom> atoms = new LinkedHashSet<>(items.size() * 2);
                for (JsonNode item : items) {
                    atoms.add(decodeAtom(item));
                }
                return new OvsSet(atoms);
            }
            if (tag.equals("map")) {
                JsonNode pairs = json.get(1);
                requireArray(pairs, "map pairs");
                LinkedHashMap<Atom, Atom> map = new LinkedHashMap<>(pairs.size() * 2);
                for (JsonNode pair : pairs) {
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new IllegalArgumentException("map pair must be [key, value], got " + abbreviate(pair));
                    }
                    map.put(decodeAtom(pair.get(0)), decodeAtom(pair.get(1)));
                }
                return new OvsMap(map);
            }
        }
        return decodeAtom(json);
    }

    /** Decodes an atom without a schema. */
    public static Atom decodeAtom(JsonNode json) {
        if (json == null) {
            throw new IllegalArgumentException("missing atom");
        }
        if (json.isIntegralNumber()) {
            if (!json.canConvertToLong()) {
                throw new IllegalArgumentException("integer out of 64-bit range: " + abbreviate(json));
            }
            return Atom.of(json.longValue());
        }
        if (json.isNumber()) {
            return Atom.of(json.doubleValue());
        }
        if (json.isBoolean()) {
            return Atom.of(json.booleanValue());
        }
        if (json.isTextual()) {
            return Atom.of(json.textValue());
        }
        if (json.isArray() && json.size() == 2 && json.get(0).isTextual() && json.get(1).isTextual()) {
            String tag = json.get(0).textValue();
            if (tag.equals("uuid")) {
                return new Uuid(parseUuid(json.get(1).textValue()));
            }
            if (tag.equals("named-uuid")) {
                return new NamedUuid(json.get(1).textValue());
            }
        }
        throw new IllegalArgumentException("not an atom (RFC 7047 §5.1): " + abbreviate(json));
    }

    /** Decodes a {@code <row>} without a schema. */
    public static Row decodeRow(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("row must be a JSON object, got " + abbreviate(json));
        }
        LinkedHashMap<String, Value> columns = new LinkedHashMap<>(json.size() * 2);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            columns.put(e.getKey(), decode(e.getValue()));
        }
        return new Row(columns);
    }

    /** A UUID in the 8-4-4-4-12 hex form RFC 7047 §5.1 requires (java.util.UUID alone accepts shorter forms). */
    public static UUID parseUuid(String text) {
        if (text.length() != 36 || text.charAt(8) != '-' || text.charAt(13) != '-' || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            throw new IllegalArgumentException("not a UUID (RFC 7047 §5.1 wants 8-4-4-4-12 hex digits): '" + text + "'");
        }
        return UUID.fromString(text);
    }

    private static void requireArray(JsonNode n, String what) {
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(what + " must be a JSON array, got " + abbreviate(n));
        }
    }

    /** JSON text cut to a readable length for error messages. */
    public static String abbreviate(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        String s = n.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }
}
