package org.vifd.ovsdb.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.jsonrpc.JsonFrameDecoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcEncoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;
import org.vifd.ovsdb.jsonrpc.NotificationListener;

import java.util.concurrent.TimeUnit;

/**
 * The one pipeline every OVSDB connection uses, whatever carries the bytes (TCP, unix socket, EmbeddedChannel).
 * Writes flushed on the event loop while it reads (a request sent from the callback of the reply before it, an echo
 * answered) leave in one {@code write(2)} when the read batch ends, not one each: a caller pipelining from its
 * callbacks then sends the server as many requests per write as it got replies per read. Flushes outside a read
 * (requests from other threads, batched by the client's WriteBatcher) pass at once.
 */
public final class OvsdbPipeline {

    public static final String FLUSH = "ovsdb-flush";
    public static final String IDLE = "ovsdb-idle";
    public static final String DECODER = "ovsdb-json-decoder";
    public static final String ENCODER = "ovsdb-json-encoder";
    public static final String RPC = "ovsdb-jsonrpc";

    private static final JsonRpcEncoder ENCODER_INSTANCE = new JsonRpcEncoder();

    private OvsdbPipeline() {
    }

    /** Adds the handlers; answers the JSON-RPC handler. */
    public static JsonRpcHandler install(ChannelPipeline p, OvsdbClientOptions options, NotificationListener listener) {
        // Before (nearer the socket than) every handler that flushes; after TLS, so that a batch is one record.
        p.addLast(FLUSH, new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
        long probeMillis = options.probeInterval().toMillis();
        if (probeMillis > 0) {
            p.addLast(IDLE, new IdleStateHandler(probeMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        p.addLast(DECODER, new JsonFrameDecoder(options.maxMessageBytes(), options.maxDepth(), true));
        p.addLast(ENCODER, ENCODER_INSTANCE);
        JsonRpcHandler rpc = new JsonRpcHandler(options.maxInFlight(), listener);
        p.addLast(RPC, rpc);
        return rpc;
    }
}
