package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.DecodeException;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Owns the requests in flight on one connection (JSON-RPC 1.0 as RFC 7047 §4 uses it). All state lives on the
 * channel's event loop: an {@link OutboundCall} gets the next id and is remembered before it is written, forgotten
 * again if the write fails, and refused when {@code maxInFlight} calls are already waiting. A response completes the
 * call with the same id; an "echo" request from the peer is answered (RFC 7047 §4.1.11); notifications go to the
 * {@link NotificationListener}. When the connection ends every waiting call fails with
 * {@link ConnectionClosedException}; when the input is undecodable ({@link DecodeException}) every call fails with
 * it, one line is logged, and the connection is closed.
 * <p>
 * With an {@code IdleStateHandler} before it, a reader-idle event sends an echo probe; a second one with the probe
 * unanswered closes the connection (the inactivity probe of OVS's jsonrpc sessions).
 */
public final class JsonRpcHandler extends ChannelDuplexHandler {

    public static final int DEFAULT_MAX_IN_FLIGHT = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcHandler.class);

    private record Pending(String method, ReplySink sink) {
        CompletableFuture<?> reply() {
            return sink.future();
        }
    }

    /** The sink of an {@link OutboundCall}: its future gets the result as a tree. */
    private record TreeSink(CompletableFuture<JsonNode> future) implements ReplySink {
        @Override
        public void onResult(RawJson result) {
            future.complete(result.toTree());
        }
    }

    private final int maxInFlight;
    private final NotificationListener listener;
    private final Map<Long, Pending> pending = new HashMap<>();
    /** Ids for requests: taken by callers' threads ({@link #newId()}) and by the loop alike. */
    private final AtomicLong nextId = new AtomicLong();
    private boolean probeOutstanding;
    private boolean closedNotified;
    private ChannelHandlerContext ctx;

    public JsonRpcHandler(int maxInFlight, NotificationListener listener) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** A fresh request id, for a {@link PreparedCall} (any thread). */
    public long newId() {
        return nextId.getAndIncrement();
    }

    /** Number of calls waiting for their response (call on the event loop). */
    public int inFlight() {
        return pending.size();
    }

    private String peer() {
        return ctx == null ? "?" : String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof PreparedCall call) {
            writePrepared(ctx, call, promise);
            return;
        }
        if (!(msg instanceof OutboundCall call)) {
            ctx.write(msg, promise);
            return;
        }
        if (!admit(ctx, call.method(), call.reply(), promise)) {
            return;
        }
        long id = nextId.getAndIncrement();
        pending.put(id, new Pending(call.method(), new TreeSink(call.reply())));
        if (LOG.isDebugEnabled()) {
            LOG.debug("ovsdb {} send request id={} method={}", peer(), id, call.method());
        }
        forgetIfWriteFails(ctx.write(new JsonRpcMessage.Request(LongNode.valueOf(id), call.method(), call.params()), promise),
                id, call.method());
    }

    private void writePrepared(ChannelHandlerContext ctx, PreparedCall call, ChannelPromise promise) {
        if (!admit(ctx, call.method(), call.sink().future(), promise)) {
            call.release();
            return;
        }
        long id = call.id();
        pending.put(id, new Pending(call.method(), call.sink()));
        if (LOG.isDebugEnabled()) {
            LOG.debug("ovsdb {} send request id={} method={}", peer(), id, call.method());
        }
        forgetIfWriteFails(ctx.write(call.content(), promise), id, call.method());
    }

    /** Whether a call may be sent now; if not, its future has been failed (or was done) and the promise succeeded. */
    private boolean admit(ChannelHandlerContext ctx, String method, CompletableFuture<?> reply, ChannelPromise promise) {
        if (reply.isDone()) {
            promise.trySuccess();
            return false;
        }
        if (!ctx.channel().isActive()) {
            reply.completeExceptionally(new org.vifd.ovsdb.NotConnectedException("not connected to " + peer()));
            promise.trySuccess();
            return false;
        }
        if (pending.size() >= maxInFlight) {
            reply.completeExceptionally(new OvsdbException(OvsdbError.TOO_MANY_IN_FLIGHT.name(),
                    pending.size() + " requests already wait for " + peer()));
            promise.trySuccess();
            return false;
        }
        return true;
    }

    private void forgetIfWriteFails(io.netty.channel.ChannelFuture write, long id, String method) {
        if (write.isDone() && write.isSuccess()) {
            return;
        }
        write.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                Pending p = pending.remove(id);
                if (p != null) {
                    p.reply().completeExceptionally(new ConnectionClosedException(
                            "write of " + method + " id=" + id + " to " + peer() + " failed", f.cause()));
                }
            }
        });
    }

    /**
     * Gives up waiting for {@code reply}: sends the "cancel" notification for its id (RFC 7047 §4.1.4) and fails
     * it with "canceled" at once. (ovsdb-server 3.1 never answers a cancel: it looks the request up by the wrong
     * key in execute_cancel; failing locally keeps the API's promise either way.) Call on the event loop.
     */
    public boolean cancel(CompletableFuture<?> reply) {
        for (Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Pending> e = it.next();
            if (e.getValue().reply() == reply) {
                it.remove();
                long id = e.getKey();
                ctx.writeAndFlush(new JsonRpcMessage.Notification("cancel", JsonNodeFactory.instance.arrayNode().add(id)));
                e.getValue().reply().completeExceptionally(new OvsdbException(OvsdbError.CANCELED.name(),
                        e.getValue().method() + " id=" + id + " canceled by the client"));
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        probeOutstanding = false;
        if (msg instanceof FramedMessage m) {
            switch (m.kind()) {
                case RESPONSE -> onResponse(m.id(), m.isError() ? m.error().toTree() : null, m.payload());
                case REQUEST -> onRequest(ctx, (JsonRpcMessage.Request) m.toMessage());
                case NOTIFICATION -> notifyListener(m.method(), m.payload());
            }
        } else if (msg instanceof JsonRpcMessage.Response r) {
            onResponse(r.id(), r.isError() ? r.error() : null, RawJson.of(r.result()));
        } else if (msg instanceof JsonRpcMessage.Request r) {
            onRequest(ctx, r);
        } else if (msg instanceof JsonRpcMessage.Notification n) {
            notifyListener(n.method(), RawJson.of(n.params()));
        } else if (msg instanceof DecodeException e) {
            LOG.warn("ovsdb {} closing connection: {}", peer(), e.getMessage());
            failAll(e);
            ctx.close();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onResponse(JsonNode idNode, JsonNode err, RawJson result) {
        Pending p = idNode.isIntegralNumber() && idNode.canConvertToLong() ? pending.remove(idNode.longValue()) : null;
        if (p == null) {
            LOG.debug("ovsdb {} dropped response to unknown id={}", peer(), idNode);
            return;
        }
        if (err != null) {
            String error = err.isObject() ? err.path("error").asText("") : err.asText();
            String details = err.isObject() && err.hasNonNull("details") ? err.get("details").asText() : null;
            if (LOG.isDebugEnabled()) {
                LOG.debug("ovsdb {} error response id={} method={} error={}", peer(), idNode, p.method(), error);
            }
            p.reply().completeExceptionally(new OvsdbException(error, details));
        } else {
            try {
                p.sink().onResult(result);
            } catch (RuntimeException e) {
                // A sink must not throw; if one does, its caller still hears of it.
                p.reply().completeExceptionally(e);
            }
        }
    }

    private void onRequest(ChannelHandlerContext ctx, JsonRpcMessage.Request r) {
        if (r.method().equals("echo")) {
            // RFC 7047 §4.1.11: the reply's result is the request's params.
            ctx.writeAndFlush(new JsonRpcMessage.Response(r.id(), r.params(), null));
            return;
        }
        LOG.info("ovsdb {} answered unknown method {} id={} with an error", peer(), r.method(), r.id());
        ctx.writeAndFlush(new JsonRpcMessage.Response(r.id(), null, JsonNodeFactory.instance.textNode("unknown method")));
    }

    private void notifyListener(String method, RawJson params) {
        if (listener == null) {
            return;
        }
        try {
            listener.onRawNotification(method, params);
        } catch (RuntimeException e) {
            LOG.warn("ovsdb {} listener failed on {} notification: {}", peer(), method, e.toString(), e);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle && idle.state() == io.netty.handler.timeout.IdleState.READER_IDLE) {
            if (probeOutstanding) {
                LOG.warn("ovsdb {} closing connection: no reply to echo probe", peer());
                ctx.close();
                return;
            }
            probeOutstanding = true;
            CompletableFuture<JsonNode> probe = new CompletableFuture<>();
            write(ctx, new OutboundCall("echo", JsonNodeFactory.instance.arrayNode(), probe), ctx.newPromise());
            ctx.flush();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("ovsdb {} closing connection: {}", peer(), cause.toString());
        failAll(new ConnectionClosedException("connection to " + peer() + " failed: " + cause, cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionClosedException closed = new ConnectionClosedException("connection to " + peer() + " closed");
        failAll(closed);
        if (listener != null && !closedNotified) {
            closedNotified = true;
            try {
                listener.onClosed(closed);
            } catch (RuntimeException e) {
                LOG.warn("ovsdb {} listener failed on close: {}", peer(), e.toString(), e);
            }
        }
        ctx.fireChannelInactive();
    }

    private void failAll(Throwable cause) {
        if (pending.isEmpty()) {
            return;
        }
        List<Pending> waiting = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : waiting) {
            p.reply().completeExceptionally(cause);
        }
    }
}
