package org.vifd.vif.ovs;

import java.util.concurrent.CompletableFuture;

/**
 * The OVSDB side of plugging: a Port and its Interface on a bridge, created or deleted in one transaction.
 * Both operations are idempotent; failures complete the future exceptionally with the database's words.
 */
public interface PortRows {
    /** Creates the Port and Interface unless a Port of that name exists; true when it created them. */
    CompletableFuture<Boolean> ensurePort(OvsPort port);

    /** Deletes the Port of that name (and with it its Interfaces) from the bridge; false when there was none. */
    CompletableFuture<Boolean> deletePort(String bridge, String name);
}
