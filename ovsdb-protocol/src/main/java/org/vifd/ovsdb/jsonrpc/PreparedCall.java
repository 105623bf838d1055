package org.vifd.ovsdb.jsonrpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

import java.util.Objects;

/**
 * A request already encoded by the caller's thread, with the id it got from {@link JsonRpcHandler#newId()}: the
 * event loop only remembers {@code sink} under the id and writes the bytes. (Encoding off the loop keeps the loop
 * free for I/O when many callers send at once.) Owns {@code request}; whoever drops the call releases it.
 */
public final class PreparedCall extends DefaultByteBufHolder {

    private final long id;
    private final String method;
    private final ReplySink sink;

    public PreparedCall(long id, String method, ByteBuf request, ReplySink sink) {
        super(request);
        this.id = id;
        this.method = Objects.requireNonNull(method, "method");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public long id() {
        return id;
    }

    public String method() {
        return method;
    }

    public ReplySink sink() {
        return sink;
    }

    @Override
    public String toString() {
        return "PreparedCall[id=" + id + ", method=" + method + ", " + content().readableBytes() + " bytes]";
    }
}
