package org.vifd.ovsdb.client;

import org.vifd.ovsdb.value.Uuid;

/**
 * The reply to "monitor_cond_since" (ovsdb-server(7)): {@code found} says whether the server still had the
 * transaction named in the request, in which case {@code updates} holds only the changes since it; otherwise it is
 * the full initial contents. {@code lastTxnId} is the id to ask with next time (all zeros from a standalone
 * server, which keeps no history).
 */
public record MonitorSinceResult(boolean found, Uuid lastTxnId, TableUpdates<RowUpdate2> updates) {
}
