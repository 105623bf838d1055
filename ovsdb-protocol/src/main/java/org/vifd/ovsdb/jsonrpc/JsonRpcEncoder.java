package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.io.IOException;

/** Writes {@link JsonRpcMessage}s as compact JSON-RPC 1.0 objects (RFC 7047 §4), one after another. */
@ChannelHandler.Sharable
public final class JsonRpcEncoder extends MessageToByteEncoder<JsonRpcMessage> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    public JsonRpcEncoder() {
        super(JsonRpcMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonRpcMessage msg, ByteBuf out) throws IOException {
        write(msg, out);
    }

    /** Encodes one message into {@code out}. */
    public static void write(JsonRpcMessage msg, ByteBuf out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator((java.io.OutputStream) new ByteBufOutputStream(out), JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (msg instanceof JsonRpcMessage.Request r) {
                g.writeFieldName("id");
                MAPPER.writeTree(g, r.id());
                g.writeStringField("method", r.method());
                g.writeFieldName("params");
                MAPPER.writeTree(g, r.params());
            } else if (msg instanceof JsonRpcMessage.Notification n) {
                g.writeNullField("id");
                g.writeStringField("method", n.method());
                g.writeFieldName("params");
                MAPPER.writeTree(g, n.params());
            } else {
                JsonRpcMessage.Response r = (JsonRpcMessage.Response) msg;
                g.writeFieldName("id");
                MAPPER.writeTree(g, r.id());
                g.writeFieldName("result");
                MAPPER.writeTree(g, r.result());
                g.writeFieldName("error");
                MAPPER.writeTree(g, r.error());
            }
            g.writeEndObject();
        }
    }
}
