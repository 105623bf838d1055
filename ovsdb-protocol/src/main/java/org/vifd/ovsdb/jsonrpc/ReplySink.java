package org.vifd.ovsdb.jsonrpc;

import java.util.concurrent.CompletableFuture;

/**
 * Where the response to one request goes, on the event loop: the sink decodes the "result" text itself (streaming
 * or as a tree, as it likes) and completes the caller's future in the same step, with no further stages.
 */
public interface ReplySink {

    /** The future the caller holds. Every failure (an error response, a lost connection, a cancel) fails it. */
    CompletableFuture<?> future();

    /** The response's "result". Must not throw: a result the sink cannot decode fails its future. */
    void onResult(RawJson result);
}
