package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.vifd.ovsdb.value.JsonTextReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One JSON value of a received message, kept as the UTF-8 text it arrived as (a slice of the message's bytes) or,
 * for a scalar, as its tree node. Big results and notifications (a monitor's initial contents) are read straight
 * from the text with a streaming {@link #parser()}, never as a {@link JsonNode} tree, which costs several times the
 * text's size in heap; {@link #toTree()} builds the tree for those who want it. Immutable: the bytes are never
 * written again once the frame decoder hands them over.
 */
public final class RawJson {

    /**
     * Reads text the frame decoder has already checked against its limits, so no limits of Jackson's own here.
     * Field names are neither interned nor canonicalised: OVSDB uses row uuids as names, thousands of one-off
     * strings that would only fill (and keep regrowing) the symbol table.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final JsonNode tree;

    private RawJson(byte[] bytes, int offset, int length, JsonNode tree) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.tree = tree;
    }

    /** The value held by {@code bytes[offset, offset+length)}, which the caller never changes again. */
    public static RawJson of(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new RawJson(bytes, offset, length, null);
    }

    /** A value already in tree form. */
    public static RawJson of(JsonNode tree) {
        return new RawJson(null, 0, 0, Objects.requireNonNull(tree, "tree"));
    }

    /** True for JSON null. */
    public boolean isNull() {
        return tree != null && tree.isNull();
    }

    /** A streaming parser over the value, positioned before its first token. */
    public JsonParser parser() throws IOException {
        if (tree != null) {
            return MAPPER.treeAsTokens(tree);
        }
        // The byte-array parser of the non-blocking kind, fed everything at once: unlike Jackson's blocking byte
        // parser it needs no canonicalising symbol table (without one, createParser(byte[]) falls back to a Reader).
        JsonParser p = FACTORY.createNonBlockingByteArrayParser();
        ByteArrayFeeder feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
        feeder.feedInput(bytes, offset, offset + length);
        feeder.endOfInput();
        return p;
    }

    /** True if the value is held as its text (a container), false for a tree (a scalar). */
    public boolean isText() {
        return tree == null;
    }

    /** A reader over the text, positioned at its start; only for {@link #isText()}. */
    public JsonTextReader textReader() {
        if (tree != null) {
            throw new IllegalStateException("a value held as a tree has no text to read");
        }
        return new JsonTextReader(bytes, offset, length);
    }

    /** The value as a tree (built on each call for text). */
    public JsonNode toTree() {
        if (tree != null) {
            return tree;
        }
        try (JsonParser p = parser()) {
            JsonNode n = MAPPER.readTree(p);
            return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
        } catch (IOException e) {
            // The frame decoder has checked the text is well-formed JSON; this cannot happen.
            throw new UncheckedIOException("re-reading JSON that was well-formed: " + e.getMessage(), e);
        }
    }

    /** Size of the text in bytes (0 for a tree). */
    public int length() {
        return length;
    }

    @Override
    public String toString() {
        return tree != null ? tree.toString() : new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
