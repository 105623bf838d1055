package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.vifd.ovsdb.value.ValueJson;

import java.util.Objects;

/**
 * A JSON-RPC 1.0 message as OVSDB uses it (RFC 7047 §4): a request (method, params, id), a notification (a request
 * whose id is null) or a response (result, error, id).
 */
public sealed interface JsonRpcMessage permits JsonRpcMessage.Request, JsonRpcMessage.Notification, JsonRpcMessage.Response {

    /** A request that expects a response with the same id. */
    record Request(JsonNode id, String method, JsonNode params) implements JsonRpcMessage {
        public Request {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
            params = params == null ? JsonNodeFactory.instance.arrayNode() : params;
        }
    }

    /** A request with a null id: no response (RFC 7047 §4.1.4 cancel, §4.1.6 update, §4.1.10 locked, ...). */
    record Notification(String method, JsonNode params) implements JsonRpcMessage {
        public Notification {
            Objects.requireNonNull(method, "method");
            params = params == null ? JsonNodeFactory.instance.arrayNode() : params;
        }
    }

    /** A response; exactly one of result and error is non-null (JSON null counts as absent). */
    record Response(JsonNode id, JsonNode result, JsonNode error) implements JsonRpcMessage {
        public Response {
            id = id == null ? NullNode.instance : id;
            result = result == null ? NullNode.instance : result;
            error = error == null ? NullNode.instance : error;
        }

        public boolean isError() {
            return !error.isNull();
        }
    }

    /** Classifies a decoded JSON object; answers null if it is none of the three shapes. */
    static JsonRpcMessage of(JsonNode json) {
        if (json == null || !json.isObject()) {
            return null;
        }
        JsonNode method = json.get("method");
        JsonNode id = json.get("id");
        if (method != null) {
            if (!method.isTextual()) {
                return null;
            }
            if (id == null || id.isNull()) {
                return new Notification(method.textValue(), json.get("params"));
            }
            return new Request(id, method.textValue(), json.get("params"));
        }
        if (id != null && (json.has("result") || json.has("error"))) {
            return new Response(id, json.get("result"), json.get("error"));
        }
        return null;
    }

    static String describe(JsonNode json) {
        return ValueJson.abbreviate(json);
    }
}
