package org.vifd.ovsdb.value;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.UUID;

/**
 * Reads OVSDB values (RFC 7047 §5.1) and the JSON around them straight from UTF-8 text, without a tokenizer in
 * between: no name strings for members nobody keeps, no char buffers, uuids parsed from their hex digits. Meant for
 * text the frame decoder has already checked to be well-formed JSON (big monitor replies); anything it does not
 * expect, malformed or not, is an {@link IllegalArgumentException} naming the byte offset, never another exception.
 * Reads as {@link ValueJson#read} and {@link ValueJson#readAtom} do (the same values, the same things refused).
 */
public final class JsonTextReader {

    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;
    /** Bounds of the last string read by {@link #readKey}, when it held no escapes. */
    private int rawStart;
    private int rawLength;
    /** The last name read by {@link #readKey} when it held escapes. */
    private String lastKeyString;

    /** Reads {@code bytes[offset, offset+length)}, which the caller does not change meanwhile. */
    public JsonTextReader(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        this.b = bytes;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Offset of the next byte, from the start of the text. */
    public int offset() {
        return pos - start;
    }

    public IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at byte " + offset());
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The next significant byte, not consumed. */
    public byte peek() {
        skipSpace();
        if (pos >= end) {
            throw error("unexpected end of text");
        }
        return b[pos];
    }

    /** Consumes {@code c} (after whitespace), or fails naming {@code what}. */
    public void expect(char c, String what) {
        if (peek() != c) {
            throw error(what + ": expected '" + c + "', got " + describe(b[pos]));
        }
        pos++;
    }

    /** True (consumed) if the next significant byte is {@code c}. */
    public boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** True at the end of the text (whitespace aside). */
    public boolean atEnd() {
        skipSpace();
        return pos >= end;
    }

    /**
     * After an object's '{' (first = true) or one of its values: true and positioned before the next member's name,
     * or false having consumed the closing '}'.
     */
    public boolean nextMember(boolean first) {
        byte c = peek();
        if (c == '}') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw error("expected ',' or '}' in an object, got " + describe(c));
            }
            pos++;
        }
        return true;
    }

    /** Like {@link #nextMember} for an array's elements and ']'. */
    public boolean nextElement(boolean first) {
        byte c = peek();
        if (c == ']') {
            pos++;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw error("expected ',' or ']' in an array, got " + describe(c));
            }
            pos++;
        }
        return true;
    }

    /**
     * Reads a member's name and its ':'. Answers the index of the name in {@code candidates} (their UTF-8 bytes),
     * or -1; then {@link #lastKey()} gives the name as a string.
     */
    public int readKey(byte[][] candidates) {
        int found = -1;
        if (peek() != '"') {
            throw error("expected a member name, got " + describe(b[pos]));
        }
        int s = pos + 1;
        int i = s;
        while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        if (i < end && b[i] == '"') {
            rawStart = s;
            rawLength = i - s;
            pos = i + 1;
            for (int k = 0; k < candidates.length && found < 0; k++) {
                if (Arrays.equals(b, s, i, candidates[k], 0, candidates[k].length)) {
                    found = k;
                }
            }
        } else {
            String name = readString();
            rawStart = -1;
            lastKeyString = name;
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < candidates.length && found < 0; k++) {
                if (Arrays.equals(utf8, candidates[k])) {
                    found = k;
                }
            }
        }
        expect(':', "member name");
        return found;
    }

    /** The name read by the last {@link #readKey}. */
    public String lastKey() {
        return rawStart >= 0 ? string(rawStart, rawLength) : lastKeyString;
    }

    /** Reads a member's name as a uuid (the row keys of table-updates, RFC 7047 §4.1.6) and its ':'. */
    public Uuid readUuidKey() {
        Uuid u = readUuidString();
        expect(':', "member name");
        return u;
    }

    /** A JSON string holding a uuid in the 8-4-4-4-12 form RFC 7047 §5.1 requires. */
    public Uuid readUuidString() {
        if (peek() != '"') {
            throw error("expected a uuid string, got " + describe(b[pos]));
        }
        int s = pos + 1;
        if (s + 37 <= end && b[s + 36] == '"' && b[s + 8] == '-' && b[s + 13] == '-' && b[s + 18] == '-' && b[s + 23] == '-') {
            long g1 = hex(s, 8);
            long g2 = hex(s + 9, 4);
            long g3 = hex(s + 14, 4);
            long g4 = hex(s + 19, 4);
            long g5 = hex(s + 24, 12);
            if (g1 >= 0 && g2 >= 0 && g3 >= 0 && g4 >= 0 && g5 >= 0) {
                pos = s + 37;
                return new Uuid(new UUID(g1 << 32 | g2 << 16 | g3, g4 << 48 | g5));
            }
        }
        // Anything unusual (escapes, a wrong form): the strict parser says what is wrong.
        return new Uuid(ValueJson.parseUuid(readString()));
    }

    /** Value of each byte as a hex digit, -1 for any other byte. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    /** {@code n} hex digits at {@code at} as a number, or -1 if one is not a hex digit. */
    private long hex(int at, int n) {
        long v = 0;
        int bad = 0;
        for (int i = at; i < at + n; i++) {
            int d = HEX[b[i] & 0xff];
            bad |= d;
            v = v << 4 | (d & 0xf);
        }
        return bad < 0 ? -1 : v;
    }

    private String string(int s, int length) {
        for (int i = s; i < s + length; i++) {
            if (b[i] < 0) {
                return new String(b, s, length, StandardCharsets.UTF_8);
            }
        }
        return new String(b, s, length, StandardCharsets.ISO_8859_1);   // ASCII: copied as it is
    }

    /** A JSON string (RFC 8259 §7 escapes included). */
    public String readString() {
        if (peek() != '"') {
            throw error("expected a string, got " + describe(b[pos]));
        }
        int s = pos + 1;
        int i = s;
        int high = 0;
        byte x;
        while (i < end && (x = b[i]) != '"' && x != '\\') {
            high |= x;
            i++;
        }
        if (i >= end) {
            throw error("unterminated string");
        }
        if (b[i] == '"') {
            pos = i + 1;
            // No byte with the high bit set: ASCII, copied as it is; else UTF-8 to decode.
            return new String(b, s, i - s, high < 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        }
        StringBuilder sb = new StringBuilder(i - s + 16);
        int run = s;
        while (true) {
            if (i >= end) {
                throw error("unterminated string");
            }
            byte c = b[i];
            if (c == '"') {
                sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
                pos = i + 1;
                return sb.toString();
            }
            if (c != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= end) {
                throw error("unterminated string");
            }
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > end || hex(i, 4) < 0) {
                        pos = i;
                        throw error("bad \\u escape");
                    }
                    sb.append((char) hex(i, 4));
                    i += 4;
                }
                default -> {
                    pos = i;
                    throw error("bad escape \\" + (char) (e & 0xff));
                }
            }
            run = i;
        }
    }

    /** Strings up to this length are shared through {@link #shared}. */
    private static final int SHARED_MAX_LENGTH = 24;
    /**
     * Recently read short ASCII string atoms, by hash (direct-mapped, so it never grows): the keys of external_ids
     * and other_config and many values ("active", "internal") repeat in every row of a big reply, and one shared
     * immutable atom instead of 10,000 equal ones is less to allocate, and less for the garbage collector to copy.
     */
    private Atom.Str[] shared;

    /** A string atom; a short ASCII one shared with an equal one read before when the cache still holds it. */
    private Atom readStringAtom() {
        int s = pos + 1;
        int i = s;
        int high = 0;
        int h = 0;
        byte x;
        while (i < end && (x = b[i]) != '"' && x != '\\') {
            high |= x;
            h = 31 * h + x;   // String.hashCode of an ASCII string
            i++;
        }
        int length = i - s;
        if (i >= end || b[i] != '"' || high < 0 || length > SHARED_MAX_LENGTH) {
            return Atom.of(readString());
        }
        pos = i + 1;
        if (shared == null) {
            shared = new Atom.Str[512];
        }
        int slot = (h ^ (h >>> 9)) & (shared.length - 1);
        Atom.Str cached = shared[slot];
        if (cached != null && sameAscii(cached.value(), s, length)) {
            return cached;
        }
        Atom.Str a = new Atom.Str(new String(b, s, length, StandardCharsets.ISO_8859_1));
        shared[slot] = a;
        return a;
    }

    private boolean sameAscii(String v, int s, int length) {
        if (v.length() != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (v.charAt(k) != b[s + k]) {
                return false;
            }
        }
        return true;
    }

    /** Skips one value of any kind. */
    public void skipValue() {
        int depth = 0;
        do {
            byte c = peek();
            switch (c) {
                case '{', '[' -> {
                    pos++;
                    depth++;
                }
                case '}', ']' -> {
                    if (depth == 0) {
                        throw error("expected a value, got " + describe(c));
                    }
                    pos++;
                    depth--;
                }
                case ',', ':' -> pos++;
                case '"' -> readString();
                default -> {
                    // A number or a literal: up to the next delimiter.
                    int s = pos;
                    while (pos < end && ",:]} \n\r\t".indexOf(b[pos]) < 0) {
                        pos++;
                    }
                    if (pos == s) {
                        throw error("expected a value, got " + describe(c));
                    }
                }
            }
        } while (depth > 0);
    }

    /** Reads one atom as {@link ValueJson#readAtom} does. */
    public Atom readAtom() {
        byte c = peek();
        switch (c) {
            case '"' -> {
                return readStringAtom();
            }
            case 't' -> {
                literal("true");
                return Atom.Bool.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Atom.Bool.FALSE;
            }
            case '[' -> {
                pos++;
                if (peek() != '"') {
                    throw error("not an atom (RFC 7047 §5.1): an array that is no uuid or named-uuid");
                }
                return readTaggedAtom(readTag());
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("not an atom (RFC 7047 §5.1): " + describe(c));
            }
        }
    }

    private void literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= end || b[pos + i] != word.charAt(i)) {
                throw error("not an atom (RFC 7047 §5.1): bad literal");
            }
        }
        pos += word.length();
    }

    private Atom readNumber() {
        // Fast path: an integer of up to 18 digits (anything else is read from its text below).
        int at = pos;
        boolean negative = at < end && b[at] == '-';
        if (negative) {
            at++;
        }
        long v = 0;
        int n = 0;
        while (at < end && b[at] >= '0' && b[at] <= '9' && n < 18) {
            v = v * 10 + (b[at] - '0');
            at++;
            n++;
        }
        if (n > 0 && (at >= end || (b[at] != '.' && b[at] != 'e' && b[at] != 'E' && (b[at] < '0' || b[at] > '9')))) {
            pos = at;
            return Atom.of(negative ? -v : v);
        }
        int s = pos;
        boolean real = false;
        while (pos < end) {
            byte c = b[pos];
            if (c == '.' || c == 'e' || c == 'E') {
                real = true;
            } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
                break;
            }
            pos++;
        }
        String text = new String(b, s, pos - s, StandardCharsets.ISO_8859_1);
        try {
            if (real) {
                return Atom.of(Double.parseDouble(text));
            }
            int digits = text.startsWith("-") ? text.length() - 1 : text.length();
            if (digits > 19) {
                throw new NumberFormatException();
            }
            return Atom.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            if (!real && text.matches("-?[0-9]+")) {
                throw error("integer out of 64-bit range: " + text);
            }
            throw error("malformed number " + text);
        }
    }

    /** After the tag (index in {@link #TAGS}) of {@code ["uuid", ...]} or {@code ["named-uuid", ...]}: the rest, up to ']'. */
    private Atom readTaggedAtom(int tag) {
        if (tag != UUID_TAG && tag != NAMED_UUID) {
            throw error("not an atom (RFC 7047 §5.1): [\"" + (tag < 0 ? lastKey() : new String(TAGS[tag], StandardCharsets.UTF_8))
                    + "\", ...]");
        }
        expect(',', "uuid or named-uuid atom");
        if (peek() != '"') {
            throw error("not an atom (RFC 7047 §5.1): a uuid or named-uuid without its string");
        }
        Atom a = tag == UUID_TAG ? readUuidString() : new NamedUuid(readString());
        expect(']', "end of uuid or named-uuid atom");
        return a;
    }

    private static final byte[][] TAGS = {bytes("set"), bytes("map"), bytes("uuid"), bytes("named-uuid")};
    private static final int SET = 0;
    private static final int MAP = 1;
    private static final int UUID_TAG = 2;
    private static final int NAMED_UUID = 3;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a string and answers its index among {@link #TAGS}, or -1 (then {@link #lastKey()} is the string). */
    private int readTag() {
        int s = pos + 1;
        int i = s;
        while (i < end && b[i] != '"' && b[i] != '\\') {
            i++;
        }
        if (i < end && b[i] == '"') {
            pos = i + 1;
            for (int k = 0; k < TAGS.length; k++) {
                if (Arrays.equals(b, s, i, TAGS[k], 0, TAGS[k].length)) {
                    return k;
                }
            }
            rawStart = s;
            rawLength = i - s;
            return -1;
        }
        String tag = readString();
        rawStart = -1;
        lastKeyString = tag;
        for (int k = 0; k < TAGS.length; k++) {
            if (Arrays.equals(bytes(tag), TAGS[k])) {
                return k;
            }
        }
        return -1;
    }

    /** Reads one value without a schema, as {@link ValueJson#read} does. */
    public Value readValue() {
        if (peek() != '[') {
            return readAtom();
        }
        pos++;
        if (peek() != '"') {
            throw error("not an atom (RFC 7047 §5.1): an array that is no set, map, uuid or named-uuid");
        }
        int tag = readTag();
        switch (tag) {
            case SET -> {
                expect(',', "set");
                expect('[', "set elements");
                LinkedHashSet<Atom> atoms = new LinkedHashSet<>();
                for (boolean first = true; nextElement(first); first = false) {
                    atoms.add(readAtom());
                }
                expect(']', "end of set");
                return OvsSet.owning(atoms);
            }
            case MAP -> {
                expect(',', "map");
                expect('[', "map pairs");
                Atom[] keys = new Atom[4];
                Atom[] values = new Atom[4];
                int n = 0;
                for (boolean first = true; nextElement(first); first = false) {
                    expect('[', "map pair [key, value]");
                    Atom k = readAtom();
                    expect(',', "map pair [key, value]");
                    Atom v = readAtom();
                    expect(']', "map pair [key, value]");
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, n * 2);
                        values = Arrays.copyOf(values, n * 2);
                    }
                    keys[n] = k;
                    values[n] = v;
                    n++;
                }
                expect(']', "end of map");
                return OvsMap.owning(keys, values, n);
            }
            default -> {
                return readTaggedAtom(tag);
            }
        }
    }

    private static String describe(byte c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c & 0xff);
    }
}
