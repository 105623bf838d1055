package org.vifd.ovsdb.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
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

    // ---- streaming forms: the same encoding without a JsonNode tree ----

    /** Writes {@code value} as {@link #encode} would. */
    public static void write(JsonGenerator g, Value value) throws IOException {
        if (value instanceof Atom a) {
            writeAtom(g, a);
        } else if (value instanceof OvsSet s) {
            if (s.size() == 1) {
                writeAtom(g, s.elements().iterator().next());
                return;
            }
            g.writeStartArray();
            g.writeString("set");
            g.writeStartArray();
            for (Atom a : s.elements()) {
                writeAtom(g, a);
            }
            g.writeEndArray();
            g.writeEndArray();
        } else {
            g.writeStartArray();
            g.writeString("map");
            g.writeStartArray();
            for (Map.Entry<Atom, Atom> e : ((OvsMap) value).entries().entrySet()) {
                g.writeStartArray();
                writeAtom(g, e.getKey());
                writeAtom(g, e.getValue());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndArray();
        }
    }

    /** Writes {@code atom} as {@link #encodeAtom} would. */
    public static void writeAtom(JsonGenerator g, Atom atom) throws IOException {
        if (atom instanceof Atom.Str s) {
            g.writeString(s.value());
        } else if (atom instanceof Atom.Int i) {
            g.writeNumber(i.value());
        } else if (atom instanceof Atom.Real r) {
            g.writeNumber(r.value());
        } else if (atom instanceof Atom.Bool b) {
            g.writeBoolean(b.value());
        } else if (atom instanceof Uuid u) {
            g.writeStartArray();
            g.writeString("uuid");
            g.writeString(u.value().toString());
            g.writeEndArray();
        } else {
            g.writeStartArray();
            g.writeString("named-uuid");
            g.writeString(((NamedUuid) atom).name());
            g.writeEndArray();
        }
    }

    /** Writes {@code row} as {@link #encodeRow} would. */
    public static void writeRow(JsonGenerator g, Row row) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Value> e : row.columns().entrySet()) {
            g.writeFieldName(e.getKey());
            write(g, e.getValue());
        }
        g.writeEndObject();
    }

    /**
     * Reads one value without a schema, as {@link #decode} does, from {@code p} positioned on the value's first
     * token; leaves {@code p} on its last token. Malformed values throw IllegalArgumentException.
     */
    public static Value read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return readAtom(p);
        }
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("not an atom (RFC 7047 §5.1): an array that is no set, map, uuid or named-uuid");
        }
        String tag = p.getText();
        switch (tag) {
            case "set" -> {
                expect(p.nextToken(), JsonToken.START_ARRAY, "set elements");
                LinkedHashSet<Atom> atoms = new LinkedHashSet<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    atoms.add(readAtom(p));
                }
                expect(p.nextToken(), JsonToken.END_ARRAY, "end of set");
                return OvsSet.owning(atoms);
            }
            case "map" -> {
                expect(p.nextToken(), JsonToken.START_ARRAY, "map pairs");
                Atom[] keys = new Atom[4];
                Atom[] values = new Atom[4];
                int n = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    expect(p.currentToken(), JsonToken.START_ARRAY, "map pair [key, value]");
                    p.nextToken();
                    Atom k = readAtom(p);
                    p.nextToken();
                    Atom v = readAtom(p);
                    expect(p.nextToken(), JsonToken.END_ARRAY, "map pair [key, value]");
                    if (n == keys.length) {
                        keys = java.util.Arrays.copyOf(keys, n * 2);
                        values = java.util.Arrays.copyOf(values, n * 2);
                    }
                    keys[n] = k;
                    values[n] = v;
                    n++;
                }
                expect(p.nextToken(), JsonToken.END_ARRAY, "end of map");
                return OvsMap.owning(keys, values, n);
            }
            default -> {
                return readTaggedAtom(p, tag);
            }
        }
    }

    /** Reads one atom without a schema, as {@link #decodeAtom} does; {@code p} is on its first token. */
    public static Atom readAtom(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw new IllegalArgumentException("missing atom");
        }
        switch (t) {
            case VALUE_STRING:
                return Atom.of(p.getText());
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw new IllegalArgumentException("integer out of 64-bit range: " + p.getText());
                }
                return Atom.of(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return Atom.of(p.getDoubleValue());
            case VALUE_TRUE:
                return Atom.Bool.TRUE;
            case VALUE_FALSE:
                return Atom.Bool.FALSE;
            case START_ARRAY:
                if (p.nextToken() == JsonToken.VALUE_STRING) {
                    return readTaggedAtom(p, p.getText());
                }
                throw new IllegalArgumentException("not an atom (RFC 7047 §5.1): an array that is no uuid or named-uuid");
            default:
                throw new IllegalArgumentException("not an atom (RFC 7047 §5.1): " + t.asString());
        }
    }

    /** After the tag of {@code ["uuid", ...]} or {@code ["named-uuid", ...]}: reads the rest, up to the closing bracket. */
    private static Atom readTaggedAtom(JsonParser p, String tag) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.VALUE_STRING || !(tag.equals("uuid") || tag.equals("named-uuid"))) {
            throw new IllegalArgumentException("not an atom (RFC 7047 §5.1): [\"" + tag + "\", ...]");
        }
        String text = p.getText();
        expect(p.nextToken(), JsonToken.END_ARRAY, "end of " + tag);
        return tag.equals("uuid") ? new Uuid(parseUuid(text)) : new NamedUuid(text);
    }

    private static void expect(JsonToken t, JsonToken wanted, String what) {
        if (t != wanted) {
            throw new IllegalArgumentException(what + ": expected " + wanted.asString() + ", got " + (t == null ? "end of input" : t.asString()));
        }
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
