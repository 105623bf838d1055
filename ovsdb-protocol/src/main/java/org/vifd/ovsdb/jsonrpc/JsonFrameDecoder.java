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
 */
public final class JsonFrameDecoder extends ByteToMessageDecoder {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 256;
    private static final int CHUNK = 16 * 1024;
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

    public JsonFrameDecoder() {
        this(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_DEPTH);
    }

    /**
     * @param maxMessageBytes largest message accepted, in bytes of JSON text
     * @param maxDepth        deepest nesting of arrays and objects accepted (OVSDB messages need about 10)
     */
    public JsonFrameDecoder(int maxMessageBytes, int maxDepth) {
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
                .build();
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the non-blocking JSON parser", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.chunk = new byte[Math.min(CHUNK, maxMessageBytes)];
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
            in.readBytes(chunk, 0, n);
            try {
                feeder.feedInput(chunk, 0, n);
                fed += n;
                drain(out);
                if (!failed && !stack.isEmpty() && fed - messageStart > maxMessageBytes) {
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
        out.add(new DecodeException(Math.max(0, offset), what));
    }

    private void drain(List<Object> out) throws IOException {
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
