package org.vifd.ovsdb.session;

import org.vifd.ovsdb.client.OvsdbClient;

/**
 * What an {@link OvsdbSession} tells about its connections and locks. Called on the session's event loop, in order:
 * return quickly and never block (hand work to your own executor).
 */
public interface SessionListener {

    /** A new connection is up and fit (leader, not stale, when asked for); {@code generation} counts connections. */
    default void onConnected(OvsdbClient client, long generation) {
    }

    /** The connection of {@code generation} ended; requests in flight on it have failed. The session reconnects. */
    default void onDisconnected(long generation, Throwable cause) {
    }

    /** RFC 7047 §4.1.9: a lock this session wants is now held (after a lock, steal, or re-request after reconnect). */
    default void onLocked(String lockId) {
    }

    /** RFC 7047 §4.1.10: another client stole a lock this session held (it stays wanted: it is asked for again after a reconnect). */
    default void onStolen(String lockId) {
    }
}
