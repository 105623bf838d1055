package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A request to send, written into the channel: {@link JsonRpcHandler} gives it an id, remembers {@code reply} under
 * that id, and completes it with the response's "result" (or exceptionally).
 */
public record OutboundCall(String method, JsonNode params, CompletableFuture<JsonNode> reply) {

    public OutboundCall {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(reply, "reply");
    }
}
