package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A JSON-RPC 1.0 message (RFC 7047 §4) as the frame decoder emits it on a live connection: the envelope ("id",
 * "method") decoded, the payload ("params", "result", "error") left as {@link RawJson} text, so that the one who
 * consumes it decides whether to stream it or build a tree. {@link #toMessage()} gives the tree form.
 */
public final class FramedMessage {

    /** The three shapes of RFC 7047 §4: a closed set. */
    public enum Kind { REQUEST, NOTIFICATION, RESPONSE }

    private final Kind kind;
    private final JsonNode id;
    private final String method;
    private final RawJson payload;
    private final boolean hasPayload;
    private final RawJson error;

    FramedMessage(Kind kind, JsonNode id, String method, RawJson payload, RawJson error) {
        this.kind = kind;
        this.id = id == null ? NullNode.instance : id;
        this.method = method;
        this.hasPayload = payload != null;
        this.payload = payload == null ? RawJson.of(NullNode.instance) : payload;
        this.error = error == null ? RawJson.of(NullNode.instance) : error;
    }

    public Kind kind() {
        return kind;
    }

    /** The id (JSON null for a notification). */
    public JsonNode id() {
        return id;
    }

    /** The method of a request or notification; null for a response. */
    public String method() {
        return method;
    }

    /** "params" of a request or notification, "result" of a response. */
    public RawJson payload() {
        return payload;
    }

    /** "error" of a response (JSON null when there is none). */
    public RawJson error() {
        return error;
    }

    public boolean isError() {
        return kind == Kind.RESPONSE && !error.isNull();
    }

    /** The same message with its payload as a tree. */
    public JsonRpcMessage toMessage() {
        return switch (kind) {
            case REQUEST -> new JsonRpcMessage.Request(id, method, hasPayload ? payload.toTree() : null);
            case NOTIFICATION -> new JsonRpcMessage.Notification(method, hasPayload ? payload.toTree() : null);
            case RESPONSE -> new JsonRpcMessage.Response(id, payload.toTree(), error.toTree());
        };
    }

    @Override
    public String toString() {
        return kind + "[id=" + id + (method == null ? "" : ", method=" + method) + ", " + payload.length() + " bytes]";
    }
}
