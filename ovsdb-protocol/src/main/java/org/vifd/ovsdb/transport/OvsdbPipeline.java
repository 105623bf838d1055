package org.vifd.ovsdb.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.jsonrpc.JsonFrameDecoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcEncoder;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;
import org.vifd.ovsdb.jsonrpc.NotificationListener;

import java.util.concurrent.TimeUnit;

/** The one pipeline every OVSDB connection uses, whatever carries the bytes (TCP, unix socket, EmbeddedChannel). */
public final class OvsdbPipeline {

    public static final String IDLE = "ovsdb-idle";
    public static final String DECODER = "ovsdb-json-decoder";
    public static final String ENCODER = "ovsdb-json-encoder";
    public static final String RPC = "ovsdb-jsonrpc";

    private static final JsonRpcEncoder ENCODER_INSTANCE = new JsonRpcEncoder();

    private OvsdbPipeline() {
    }

    /** Adds the handlers; answers the JSON-RPC handler. */
    public static JsonRpcHandler install(ChannelPipeline p, OvsdbClientOptions options, NotificationListener listener) {
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
