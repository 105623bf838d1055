package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives what the peer sends on its own: notifications, and the end of the connection. Runs on the event loop. */
public interface NotificationListener {

    void onNotification(String method, JsonNode params);

    /**
     * A notification whose params are still the text they arrived as (from a framed decoder). By default the params
     * are turned into a tree for {@link #onNotification(String, JsonNode)}; a listener that can stream them overrides this.
     */
    default void onRawNotification(String method, RawJson params) {
        onNotification(method, params.toTree());
    }

    default void onClosed(Throwable cause) {
    }
}
