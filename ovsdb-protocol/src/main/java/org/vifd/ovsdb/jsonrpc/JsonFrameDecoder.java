package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.vifd.ovsdb.DecodeException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames a byte stream of concatenated JSON values (RFC 7047 §4: JSON-RPC 1.0 over a stream, no delimiters) with
 * Jackson's non-blocking parser, and emits each top-level value as a {@link JsonRpcMessage}.
 * <p>
 * Limits are enforced while parsing, not after: a message longer than {@code maxMessageBytes} fails once that many
 * bytes of it have been read (so a 200 MB string costs at most the limit plus one chunk of memory), and nesting
 * deeper than {@code maxDepth} fails at the first bracket too many. On any problem the decoder emits one
 * {@link DecodeException} naming the byte offset and discards everything after it; the next handler closes the
 * connection. Nothing is thrown into the pipeline.
 * <p>
 * Two output forms: {@link JsonRpcMessage} with the payload as a {@link JsonNode} tree, or (with {@code framed}, as
 * {@link org.vifd.ovsdb.transport.OvsdbPipeline} installs it) {@link FramedMessage}, whose payload stays the text it
 * arrived as. The framed form builds no tree at all: the tokens are only checked and counted, the message's bytes
 * are kept in fixed-size segments while it arrives and handed over in one array of exactly its size, so a monitor
 * reply of 10,000 rows costs its text in heap, not a tree several times that size.
 */
public final class JsonFrameDecoder extends ByteToMessageDecoder {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 256;
    private static final int CHUNK = 16 * 1024;
    private static final int SEGMENT = 64 * 1024;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int maxMessageBytes;
    private final int maxDepth;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final byte[] chunk;
    private final ArrayDeque<ContainerNode<?>> stack = new ArrayDeque<>();
    private String fieldName;
    private long fed;
    private long messageStart;
    private boolean failed;

    // ---- framed form only ----
    private final boolean framed;
    /**
     * Bytes fed to the parser, in segments of {@link #SEGMENT} bytes from global offset {@code segBase}; the current
     * message's bytes are all in them. A message of megabytes grows the list, never copies what it holds (a buffer
     * that doubled copied each byte about twice more and left large arrays behind for the garbage collector).
     */
    private final ArrayList<byte[]> segments;
    /** Bytes used of the last segment. */
    private int segFill;
    private long segBase;
    private int depth;
    private long messageBegin;
    private long memberStart;
    private Member idMember;
    private String methodName;
    private boolean badMethod;
    private Member paramsMember;
    private Member resultMember;
    private Member errorMember;

    public JsonFrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_DEPTH);
    }

    public JsonFrameDecoder(int maxMessageBytes, int maxDepth) {
        this(maxMessageBytes, maxDepth, false);
    }

    /**
     * @param maxMessageBytes largest message accepted, in bytes of JSON text
     * @param maxDepth        deepest nesting of arrays and objects accepted (OVSDB messages need about 10)
     * @param framed          emit {@link FramedMessage}s (payload as text) instead of {@link JsonRpcMessage}s (trees)
     */
    public JsonFrameDecoder(int maxMessageBytes, int maxDepth, boolean framed) {
        if (maxMessageBytes < 2) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 2, got " + maxMessageBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // Our own checks below come first and say which limit of ours was crossed.
                        .maxNestingDepth(maxDepth + 1)
                        .maxStringLength(maxMessageBytes)
                        .maxNameLength(maxMessageBytes)
                        .build())
                // Row uuids are field names in table-updates: interning or canonicalising them only fills tables.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .build();
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the non-blocking JSON parser", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.chunk = new byte[Math.min(CHUNK, maxMessageBytes)];
        this.framed = framed;
        this.segments = framed ? new ArrayList<>() : null;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxDepth() {
        return maxDepth;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable() && !failed) {
            int n = Math.min(in.readableBytes(), chunk.length);
            try {
                if (framed) {
                    n = feedFramed(in, n);
                } else {
                    in.readBytes(chunk, 0, n);
                    feeder.feedInput(chunk, 0, n);
                }
                fed += n;
                drain(out);
                if (!failed && (framed ? depth > 0 : !stack.isEmpty()) && fed - messageStart > maxMessageBytes) {
                    fail(out, messageStart + maxMessageBytes, "message longer than the limit of " + maxMessageBytes + " bytes");
                }
            } catch (JsonProcessingException e) {
                fail(out, offset(), "malformed JSON: " + e.getOriginalMessage());
            } catch (IOException | RuntimeException e) {
                // Jackson reports constraint violations and some malformed input as unchecked exceptions.
                fail(out, offset(), "malformed JSON: " + e.getMessage());
            }
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    /**
     * Appends up to {@code n} bytes of {@code in} to the last segment (as many as fit) and feeds them; answers how
     * many. The parser has consumed everything fed before, so only the current message's bytes are still needed:
     * segments wholly before it are dropped, and between messages the one segment left is reused from its start.
     */
    private int feedFramed(ByteBuf in, int n) throws IOException {
        // The segments hold the bytes [segBase, fed): every segment but the last is full.
        long keep = depth > 0 ? messageBegin : fed;
        if (depth == 0 && !segments.isEmpty()) {
            // Between messages nothing the segments hold is needed: start again in the last one (no allocation).
            byte[] last = segments.get(segments.size() - 1);
            segments.clear();
            segments.add(last);
            segFill = 0;
            segBase = keep;
        }
        while (segments.size() > 1 && keep - segBase >= SEGMENT) {
            segments.remove(0);
            segBase += SEGMENT;
        }
        if (segments.isEmpty() || segFill == SEGMENT) {
            segments.add(new byte[SEGMENT]);
            segFill = 0;
        }
        byte[] seg = segments.get(segments.size() - 1);
        int k = Math.min(n, SEGMENT - segFill);
        in.readBytes(seg, segFill, k);
        feeder.feedInput(seg, segFill, segFill + k);
        segFill += k;
        return k;
    }

    /** The fed bytes at global offsets {@code [from, to)}, which the segments still hold, in one new array. */
    private byte[] copyOut(long from, long to) {
        byte[] out = new byte[(int) (to - from)];
        long pos = from;
        int done = 0;
        while (pos < to) {
            int seg = (int) ((pos - segBase) / SEGMENT);
            int at = (int) ((pos - segBase) % SEGMENT);
            int k = (int) Math.min(SEGMENT - at, to - pos);
            System.arraycopy(segments.get(seg), at, out, done, k);
            done += k;
            pos += k;
        }
        return out;
    }

    private long offset() {
        return parser.currentLocation().getByteOffset();
    }

    /**
     * Offset of the current token's first byte. The non-blocking parser reports a one-character token's location
     * just past it, so for those the offset is that of the byte just consumed.
     */
    private long tokenOffset(JsonToken t) {
        if (t.isStructStart() || t.isStructEnd()) {
            return parser.currentLocation().getByteOffset() - 1;
        }
        return parser.currentTokenLocation().getByteOffset();
    }

    private void fail(List<Object> out, long offset, String what) {
        failed = true;
        stack.clear();
        depth = 0;
        if (framed) {
            segments.clear();
            segFill = 0;
        }
        out.add(new DecodeException(Math.max(0, offset), what));
    }

    private void drain(List<Object> out) throws IOException {
        if (framed) {
            drainFramed(out);
            return;
        }
        JsonToken t;
        while (!failed && (t = parser.nextToken()) != JsonToken.NOT_AVAILABLE) {
            if (t == null) {
                return;
            }
            if (stack.isEmpty() && t != JsonToken.START_OBJECT) {
                // RFC 7047 §4 / JSON-RPC 1.0: every message is an object.
                fail(out, tokenOffset(t), "message is not a JSON object (starts with " + t.asString() + ")");
                return;
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (stack.size() >= maxDepth) {
                        fail(out, tokenOffset(t), "nesting deeper than the limit of " + maxDepth);
                        return;
                    }
                    ContainerNode<?> node = t == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                    if (!stack.isEmpty()) {
                        attach(node);
                    }
                    stack.push(node);
                }
                case END_OBJECT, END_ARRAY -> {
                    ContainerNode<?> done = stack.pop();
                    if (stack.isEmpty()) {
                        long end = offset();
                        long size = end - messageStart;
                        messageStart = end;
                        if (size > maxMessageBytes) {
                            fail(out, end, "message of " + size + " bytes is longer than the limit of " + maxMessageBytes + " bytes");
                            return;
                        }
                        emit(done, out, end);
                    }
                }
                case FIELD_NAME -> fieldName = parser.currentName();
                case VALUE_STRING -> attach(NODES.textNode(parser.getText()));
                case VALUE_NUMBER_INT -> attach(switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                });
                case VALUE_NUMBER_FLOAT -> attach(NODES.numberNode(parser.getDoubleValue()));
                case VALUE_TRUE -> attach(NODES.booleanNode(true));
                case VALUE_FALSE -> attach(NODES.booleanNode(false));
                case VALUE_NULL -> attach(NODES.nullNode());
                default -> {
                    fail(out, offset(), "unexpected JSON token " + t);
                    return;
                }
            }
            if (!failed && !stack.isEmpty() && offset() - messageStart > maxMessageBytes) {
                fail(out, messageStart + maxMessageBytes, "message longer than the limit of " + maxMessageBytes + " bytes");
                return;
            }
        }
    }

    /** Like {@link #drain} without building nodes: the envelope's scalars are kept, its containers as slices. */
    private void drainFramed(List<Object> out) throws IOException {
        JsonToken t;
        while (!failed && (t = parser.nextToken()) != JsonToken.NOT_AVAILABLE) {
            if (t == null) {
                return;
            }
            if (depth == 0 && t != JsonToken.START_OBJECT) {
                // RFC 7047 §4 / JSON-RPC 1.0: every message is an object.
                fail(out, tokenOffset(t), "message is not a JSON object (starts with " + t.asString() + ")");
                return;
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> {
                    if (depth >= maxDepth) {
                        fail(out, tokenOffset(t), "nesting deeper than the limit of " + maxDepth);
                        return;
                    }
                    if (depth == 0) {
                        messageBegin = tokenOffset(t);
                        startEnvelope();
                    } else if (depth == 1) {
                        memberStart = tokenOffset(t);
                    }
                    depth++;
                }
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (depth == 1) {
                        member(null, memberStart, (int) (offset() - memberStart));
                    } else if (depth == 0) {
                        long end = offset();
                        long size = end - messageStart;
                        messageStart = end;
                        if (size > maxMessageBytes) {
                            fail(out, end, "message of " + size + " bytes is longer than the limit of " + maxMessageBytes + " bytes");
                            return;
                        }
                        emitFramed(out, end);
                    }
                }
                case FIELD_NAME -> {
                    if (depth == 1) {
                        fieldName = parser.currentName();
                    }
                }
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                    if (depth == 1) {
                        member(scalar(t), 0L, 0);
                    }
                }
                default -> {
                    fail(out, offset(), "unexpected JSON token " + t);
                    return;
                }
            }
            // (The length limit is checked per chunk fed, in decode(): asking the parser its location per token
            // would cost an object per token.)
        }
    }

    private JsonNode scalar(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            default -> NODES.nullNode();
        };
    }

    private void startEnvelope() {
        idMember = null;
        methodName = null;
        badMethod = false;
        paramsMember = null;
        resultMember = null;
        errorMember = null;
    }

    /** A member of the envelope: a scalar, or a container at global offsets {@code [from, from+length)}. */
    private record Member(JsonNode scalar, long from, int length) {
        RawJson resolve(byte[] bytes, long base) {
            return scalar != null ? RawJson.of(scalar) : RawJson.of(bytes, (int) (from - base), length);
        }
    }

    /** A member of the envelope ended. Only the members JSON-RPC defines are kept (a later duplicate wins, as in a tree). */
    private void member(JsonNode scalar, long from, int length) {
        Member value = new Member(scalar, from, length);
        switch (fieldName == null ? "" : fieldName) {
            case "id" -> idMember = value;
            case "method" -> {
                methodName = scalar != null && scalar.isTextual() ? scalar.textValue() : null;
                badMethod = methodName == null;
            }
            case "params" -> paramsMember = value;
            case "result" -> resultMember = value;
            case "error" -> errorMember = value;
            default -> {
            }
        }
    }

    private void emitFramed(List<Object> out, long end) {
        // The message's bytes get an array of their own, exactly its size: one copy, whatever its length.
        byte[] bytes = copyOut(messageBegin, end);
        long base = messageBegin;
        JsonNode id = idMember == null ? null : idMember.resolve(bytes, base).toTree();
        RawJson p = paramsMember == null ? null : paramsMember.resolve(bytes, base);
        RawJson r = resultMember == null ? null : resultMember.resolve(bytes, base);
        RawJson e = errorMember == null ? null : errorMember.resolve(bytes, base);
        FramedMessage msg = null;
        if (!badMethod && methodName != null) {
            msg = new FramedMessage(id == null || id.isNull() ? FramedMessage.Kind.NOTIFICATION : FramedMessage.Kind.REQUEST,
                    id, methodName, p, null);
        } else if (!badMethod && id != null && (r != null || e != null)) {
            msg = new FramedMessage(FramedMessage.Kind.RESPONSE, id, null, r, e);
        }
        if (msg == null) {
            JsonNode whole = RawJson.of(bytes, (int) (messageBegin - base), (int) (end - messageBegin)).toTree();
            fail(out, end, "not a JSON-RPC request, notification or response: " + JsonRpcMessage.describe(whole));
            return;
        }
        out.add(msg);
    }

    private void attach(JsonNode node) {
        ContainerNode<?> parent = stack.peek();
        if (parent instanceof ObjectNode o) {
            o.set(fieldName, node);
        } else {
            ((ArrayNode) parent).add(node);
        }
    }

    private void emit(JsonNode json, List<Object> out, long end) {
        JsonRpcMessage msg = JsonRpcMessage.of(json);
        if (msg == null) {
            fail(out, end, "not a JSON-RPC request, notification or response: " + JsonRpcMessage.describe(json));
            return;
        }
        out.add(msg);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        // A message cut off by the end of the stream is dropped: the connection is gone anyway.
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        parser.close();
    }
}
