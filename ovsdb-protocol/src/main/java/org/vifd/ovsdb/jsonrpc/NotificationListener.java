package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;

/** Receives what the peer sends on its own: notifications, and the end of the connection. Runs on the event loop. */
public interface NotificationListener {

    void onNotification(String method, JsonNode params);

    default void onClosed(Throwable cause) {
    }
}
