package org.vifd.ovsdb.replica;

import java.util.List;

/**
 * Hears a {@link Replica}'s changes, one batch per update the server sent (one transaction, usually), so a listener
 * can apply a transaction atomically. Batches reach each listener in order on the executor it was registered with,
 * never dropped and never merged: the queue is unbounded.
 */
@FunctionalInterface
public interface RowListener {

    /** One batch; never empty. */
    void onChanges(List<RowChange> changes);

    /** One batch with the view as it was right after this batch (newer batches may have been applied since). */
    default void onChanges(ReplicaView view, List<RowChange> changes) {
        onChanges(changes);
    }

    /** After the initial load and after each reconnect's catch-up (even when nothing changed). */
    default void onResync(ReplicaView view, Resync resync) {
    }
}
