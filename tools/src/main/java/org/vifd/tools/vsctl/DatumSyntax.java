package org.vifd.tools.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.schema.AtomicType;
import org.vifd.ovsdb.schema.BaseType;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.ValueJson;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * ovs-vsctl's text syntax for database values (ovs-vsctl(8) "Database Values", lib/ovsdb-data.c): atoms that may
 * be unquoted strings, JSON-quoted strings, integers (and integer ranges {@code 1-5} in sets), reals, booleans,
 * uuids and {@code @name} row ids; sets as {@code [a, b]} or bare {@code a,b}; maps as {@code {k=v, k2=v2}} or bare
 * {@code k=v}. Formatting is the inverse, with OVS's quoting rule.
 */
public final class DatumSyntax {

    /** lib/ovsdb-data.c ovsdb_token_is_delim: these end an unquoted token. */
    private static final String DELIMS = ":=, []{}!<>";
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern INTEGER_RANGE = Pattern.compile("([-+]?[0-9]+)-([-+]?[0-9]+)");
    /** ovsdb's MAX_OVSDB_ATOM_RANGE_SIZE. */
    private static final long MAX_RANGE = 4096;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DatumSyntax() {
    }

    public static boolean isDelim(char c) {
        return DELIMS.indexOf(c) >= 0;
    }

    /** A token read from position {@code start}: its text (quotes kept) and where it ended. */
    public record Token(String text, int end) {
    }

    /** ovsdb_token_parse: up to the next delimiter outside quotes; a backslash escapes the next character. */
    public static Token token(String s, int start) {
        StringBuilder out = new StringBuilder();
        boolean inQuotes = false;
        int p = start;
        while (p < s.length()) {
            char c = s.charAt(p++);
            if (c == '\\') {
                if (inQuotes) {
                    out.append('\\');
                }
                if (p >= s.length()) {
                    throw new VsctlException(s.substring(start) + ": backslash at end of argument");
                }
                out.append(s.charAt(p++));
            } else if (!inQuotes && isDelim(c)) {
                p--;
                break;
            } else {
                out.append(c);
                if (c == '"') {
                    inQuotes = !inQuotes;
                }
            }
        }
        if (inQuotes) {
            throw new VsctlException(s.substring(start) + ": quoted string extends past end of argument");
        }
        return new Token(out.toString(), p);
    }

    /** ovsdb_atom_from_string for one atom (no ranges). {@code symtab} may be null (then {@code @name} is refused). */
    public static Atom parseAtom(String s, BaseType base, SymbolTable symtab) {
        List<Atom> atoms = parseAtoms(s, base, symtab, false);
        return atoms.get(0);
    }

    private static List<Atom> parseAtoms(String s, BaseType base, SymbolTable symtab, boolean allowRange) {
        if (base.type() == AtomicType.INTEGER && allowRange) {
            var range = INTEGER_RANGE.matcher(s);
            if (range.matches()) {
                long from = parseLong(range.group(1), s);
                long to = parseLong(range.group(2), s);
                if (to < from) {
                    throw new VsctlException("\"" + s + "\" is not a valid range. Range end cannot be before start.");
                }
                if (to - from >= MAX_RANGE) {
                    throw new VsctlException("constraint violation: Range \"" + from + "-" + to
                            + "\" is too big. Maximum allowed size is " + MAX_RANGE + ".");
                }
                List<Atom> out = new ArrayList<>();
                for (long i = from; i <= to; i++) {
                    out.add(check(Atom.of(i), base));
                }
                return out;
            }
        }
        Atom atom = switch (base.type()) {
            case INTEGER -> {
                if (!INTEGER.matcher(s).matches()) {
                    throw new VsctlException("\"" + s + "\" is not a valid integer" + (allowRange ? " or range" : ""));
                }
                yield Atom.of(parseLong(s, s));
            }
            case REAL -> {
                try {
                    if (s.isEmpty() || !s.trim().equals(s) || s.matches(".*[a-zA-Z&&[^eE]].*")) {
                        throw new NumberFormatException();
                    }
                    double d = Double.parseDouble(s);
                    yield Atom.of(d == 0.0 ? 0.0 : d);
                } catch (NumberFormatException e) {
                    throw new VsctlException("\"" + s + "\" is not a valid real number");
                }
            }
            case BOOLEAN -> switch (s) {
                case "true", "yes", "on", "1" -> Atom.of(true);
                case "false", "no", "off", "0" -> Atom.of(false);
                default -> throw new VsctlException("\"" + s + "\" is not a valid boolean (use \"true\" or \"false\")");
            };
            case STRING -> {
                if (s.isEmpty()) {
                    throw new VsctlException("An empty string is not valid as input; use \"\" to represent the empty string");
                }
                if (s.charAt(0) == '"') {
                    if (s.length() < 2 || s.charAt(s.length() - 1) != '"') {
                        throw new VsctlException(s + ": missing quote at end of quoted string");
                    }
                    yield Atom.of(unescapeJson(s.substring(1, s.length() - 1), s));
                }
                yield Atom.of(s);
            }
            case UUID -> {
                if (s.startsWith("@")) {
                    if (symtab == null) {
                        throw new VsctlException("\"" + s + "\" is not a valid UUID");
                    }
                    yield symtab.lookup(s).value();
                }
                if (!UUID_TEXT.matcher(s).matches()) {
                    throw new VsctlException("\"" + s + "\" is not a valid UUID");
                }
                yield new Uuid(UUID.fromString(s));
            }
        };
        return List.of(check(atom, base));
    }

    private static long parseLong(String s, String whole) {
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new VsctlException("\"" + whole + "\" is not a valid integer");
        }
    }

    /** ovsdb_atom_check_constraints, with ovsdb's messages. */
    private static Atom check(Atom a, BaseType base) {
        if (a instanceof NamedUuid) {
            return a;
        }
        if (base.enumValues() != null && !base.enumValues().contains(a)) {
            StringBuilder valid = new StringBuilder();
            List<Atom> allowed = new ArrayList<>(base.enumValues().elements());
            allowed.sort(Datum.ORDER);
            for (Atom e : allowed) {
                valid.append(valid.length() == 0 ? "" : ", ").append(formatAtom(e));
            }
            throw new VsctlException("constraint violation: " + formatAtom(a) + " is not one of the allowed values ("
                    + (allowed.size() == 1 ? valid : "[" + valid + "]") + ")");
        }
        if (a instanceof Atom.Int i) {
            long min = base.minInteger() == null ? Long.MIN_VALUE : base.minInteger();
            long max = base.maxInteger() == null ? Long.MAX_VALUE : base.maxInteger();
            if (i.value() < min || i.value() > max) {
                if (min != Long.MIN_VALUE && max != Long.MAX_VALUE) {
                    throw new VsctlException("constraint violation: " + i.value() + " is not in the valid range " + min
                            + " to " + max + " (inclusive)");
                } else if (min != Long.MIN_VALUE) {
                    throw new VsctlException("constraint violation: " + i.value() + " is less than minimum allowed value " + min);
                }
                throw new VsctlException("constraint violation: " + i.value() + " is greater than maximum allowed value " + max);
            }
        }
        if (a instanceof Atom.Str s && (base.minLength() != null || base.maxLength() != null)) {
            long n = s.value().codePointCount(0, s.value().length());
            if (base.minLength() != null && n < base.minLength()) {
                throw new VsctlException("constraint violation: \"" + s.value() + "\" length " + n
                        + " is less than minimum allowed length " + base.minLength());
            }
            if (base.maxLength() != null && n > base.maxLength()) {
                throw new VsctlException("constraint violation: \"" + s.value() + "\" length " + n
                        + " is greater than maximum allowed length " + base.maxLength());
            }
        }
        return a;
    }

    /**
     * ovsdb_datum_from_string: space- or comma-separated atoms (pairs {@code k=v} for a map), optionally in
     * {@code []} / {@code {}}, which an empty value requires. Sizes are checked against {@code type}.
     */
    public static Datum parseDatum(String s, ColumnType type, SymbolTable symtab) {
        boolean isMap = type.isMap();
        int p = skipSpaces(s, 0);
        char endDelim;
        if (p < s.length() && s.charAt(p) == (isMap ? '{' : '[')) {
            endDelim = isMap ? '}' : ']';
            p = skipSpaces(s, p + 1);
        } else if (p >= s.length()) {
            throw new VsctlException(isMap ? "use \"{}\" to specify the empty map" : "use \"[]\" to specify the empty set");
        } else {
            endDelim = 0;
        }
        Datum datum = new Datum(List.of(), isMap ? List.of() : null);
        List<Atom> keys = new ArrayList<>();
        List<Atom> values = new ArrayList<>();
        while (p < s.length() && s.charAt(p) != endDelim) {
            char c = s.charAt(p);
            if (isDelim(c)) {
                throw new VsctlException(s + ": unexpected \"" + c + "\" parsing " + english(type));
            }
            Token key = token(s, p);
            p = key.end();
            List<Atom> parsedKeys = parseAtoms(key.text(), type.key(), symtab, true);
            if (isMap) {
                p = skipSpaces(s, p);
                if (p < s.length() && s.charAt(p) == '=') {
                    p = skipSpaces(s, p + 1);
                } else {
                    throw new VsctlException(s.substring(0) + ": syntax error at \"" + (p < s.length() ? s.charAt(p) : "")
                            + "\" expecting \"=\"");
                }
                Token value = token(s, p);
                p = value.end();
                Atom v = parseAtom(value.text(), type.value(), symtab);
                for (Atom k : parsedKeys) {
                    if (indexOf(keys, k) >= 0) {
                        throw new VsctlException(s + ": map contains duplicate key");
                    }
                    keys.add(k);
                    values.add(v);
                }
            } else {
                for (Atom k : parsedKeys) {
                    if (indexOf(keys, k) >= 0) {
                        throw new VsctlException(s + ": set contains duplicate value");
                    }
                    keys.add(k);
                }
            }
            p = skipSpaces(s, p);
            if (p < s.length() && s.charAt(p) == ',') {
                p = skipSpaces(s, p + 1);
            }
        }
        if (endDelim != 0) {
            if (p >= s.length()) {
                throw new VsctlException(s + ": missing \"" + endDelim + "\" at end of data");
            }
            p = skipSpaces(s, p + 1);
            if (p < s.length()) {
                throw new VsctlException(s + ": trailing garbage after \"" + endDelim + "\"");
            }
        } else if (p < s.length()) {
            throw new VsctlException(s + ": missing \"\0\" at end of data");
        }
        if (keys.size() < type.min()) {
            throw new VsctlException(s + ": " + keys.size() + " " + (isMap ? "pair(s)" : "value(s)")
                    + " specified but the minimum number is " + type.min());
        }
        if (keys.size() > type.max()) {
            throw new VsctlException(s + ": " + keys.size() + " " + (isMap ? "pair(s)" : "value(s)")
                    + " specified but the maximum number is " + type.max());
        }
        if (isMap) {
            java.util.TreeMap<Atom, Atom> m = new java.util.TreeMap<>(Datum.ORDER);
            for (int i = 0; i < keys.size(); i++) {
                m.put(keys.get(i), values.get(i));
            }
            return new Datum(new ArrayList<>(m.keySet()), new ArrayList<>(m.values()));
        }
        keys.sort(Datum.ORDER);
        return datum.union(new Datum(keys, null));
    }

    private static int indexOf(List<Atom> atoms, Atom a) {
        for (int i = 0; i < atoms.size(); i++) {
            if (Datum.compareAtoms(atoms.get(i), a) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpaces(String s, int p) {
        while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
            p++;
        }
        return p;
    }

    /** ovsdb_type_to_english, as far as error messages need it. */
    static String english(ColumnType type) {
        String key = type.key().type().jsonName();
        if (type.isMap()) {
            return "map from " + key + " to " + type.value().type().jsonName();
        }
        if (type.isScalar()) {
            return key;
        }
        return "set of " + (type.max() == ColumnType.UNLIMITED ? "" : "up to " + type.max() + " ") + key + "s";
    }

    // ---- formatting ----

    /** ovsdb_atom_to_string. */
    public static String formatAtom(Atom a) {
        if (a instanceof Atom.Int i) {
            return Long.toString(i.value());
        }
        if (a instanceof Atom.Real r) {
            return formatReal(r.value());
        }
        if (a instanceof Atom.Bool b) {
            return b.value() ? "true" : "false";
        }
        if (a instanceof Atom.Str s) {
            return needsQuotes(s.value()) ? quoteJson(s.value()) : s.value();
        }
        return a.toString();
    }

    /** ovsdb_atom_to_bare: strings never quoted. */
    public static String formatAtomBare(Atom a) {
        return a instanceof Atom.Str s ? s.value() : formatAtom(a);
    }

    /** ovsdb_datum_to_string: brackets for sets/maps that may hold more than one element, or are empty. */
    public static String formatDatum(Datum d, ColumnType type) {
        StringBuilder out = new StringBuilder();
        boolean brackets = type.max() > 1 || d.size() == 0;
        if (brackets) {
            out.append(d.isMap() || type.isMap() ? '{' : '[');
        }
        for (int i = 0; i < d.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(formatAtom(d.keys().get(i)));
            if (d.isMap()) {
                out.append('=').append(formatAtom(d.values().get(i)));
            }
        }
        if (brackets) {
            out.append(d.isMap() || type.isMap() ? '}' : ']');
        }
        return out.toString();
    }

    /** ovsdb_datum_to_bare: space-separated, strings unquoted. */
    public static String formatBare(Datum d) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < d.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(formatAtomBare(d.keys().get(i)));
            if (d.isMap()) {
                out.append('=').append(formatAtomBare(d.values().get(i)));
            }
        }
        return out.toString();
    }

    /** ovsdb_datum_to_json: a single element of a set as the atom itself, as ovsdb does. */
    public static JsonNode toJson(Datum d, ColumnType type) {
        if (d.isMap()) {
            ArrayNode pairs = NODES.arrayNode();
            for (int i = 0; i < d.size(); i++) {
                pairs.add(NODES.arrayNode().add(ValueJson.encodeAtom(d.keys().get(i))).add(ValueJson.encodeAtom(d.values().get(i))));
            }
            return NODES.arrayNode().add("map").add(pairs);
        }
        if (d.size() == 1) {
            return ValueJson.encodeAtom(d.keys().get(0));
        }
        ArrayNode items = NODES.arrayNode();
        d.keys().forEach(a -> items.add(ValueJson.encodeAtom(a)));
        return NODES.arrayNode().add("set").add(items);
    }

    /** lib/ovsdb-data.c string_needs_quotes. */
    public static boolean needsQuotes(String s) {
        if (s.isEmpty()) {
            return true;
        }
        char c = s.charAt(0);
        if (!isAsciiAlpha(c) && c != '_') {
            return true;
        }
        for (int i = 1; i < s.length(); i++) {
            c = s.charAt(i);
            if (!isAsciiAlpha(c) && !(c >= '0' && c <= '9') && c != '_' && c != '-' && c != '.') {
                return true;
            }
        }
        return s.equals("true") || s.equals("false") || UUID_TEXT.matcher(s).matches();
    }

    private static boolean isAsciiAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** A JSON string literal as OVS's json serializer writes it (lib/json.c json_serialize_string). */
    public static String quoteJson(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String unescapeJson(String body, String whole) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new VsctlException(whole + ": unexpected end of input in quoted string");
            }
            char e = body.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= body.length() + 0 && i + 4 > body.length() - 1 + 1) {
                        throw new VsctlException(whole + ": quoted string ends within \\u escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException | StringIndexOutOfBoundsException ex) {
                        throw new VsctlException(whole + ": malformed \\u escape");
                    }
                    i += 4;
                }
                default -> throw new VsctlException(whole + ": bad escape \\" + e);
            }
        }
        return out.toString();
    }

    /** printf("%.15g"), as OVS prints reals (DBL_DIG significant digits, trailing zeros dropped). */
    public static String formatReal(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(15));
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= 15) {
            BigDecimal mantissa = bd.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            return m + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return bd.stripTrailingZeros().toPlainString();
    }

    /** Whether a base type's atoms are uuids (references, or plain uuid columns). */
    static boolean isUuid(BaseType t) {
        return t.type() == AtomicType.UUID;
    }
}
