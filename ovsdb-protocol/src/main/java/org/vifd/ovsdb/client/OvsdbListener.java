package org.vifd.ovsdb.client;

import org.vifd.ovsdb.value.Uuid;

/**
 * What the server sends unasked. Methods run on the connection's event loop: return quickly, never block (hand the
 * work to another executor if it is slow).
 */
public interface OvsdbListener {

    /** RFC 7047 §4.1.6 "update" for a "monitor". */
    default void onUpdate(String monitorId, TableUpdates<RowUpdate> updates) {
    }

    /** ovsdb-server(7) "update2" for a "monitor_cond". */
    default void onUpdate2(String monitorId, TableUpdates<RowUpdate2> updates) {
    }

    /** ovsdb-server(7) "update3" for a "monitor_cond_since". */
    default void onUpdate3(String monitorId, Uuid lastTxnId, TableUpdates<RowUpdate2> updates) {
    }

    /** RFC 7047 §4.1.9 "locked": a lock this session asked for is now held. */
    default void onLocked(String lockId) {
    }

    /** RFC 7047 §4.1.10 "stolen": another session stole a lock this session held. */
    default void onStolen(String lockId) {
    }

    /** The connection ended; every request still waiting has failed with {@code cause}. */
    default void onDisconnected(Throwable cause) {
    }
}
