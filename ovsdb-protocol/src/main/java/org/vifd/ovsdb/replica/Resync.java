package org.vifd.ovsdb.replica;

/**
 * The marker a {@link RowListener} gets after the batch that brought the replica up to date with a (new)
 * connection: from then on the replica equals the database again. {@code changes} counts the rows that batch held.
 */
public record Resync(Kind kind, long generation, int changes) {

    /** How the replica caught up: a closed set. */
    public enum Kind {
        /** The first load: every row arrived as an insert. */
        INITIAL,
        /** monitor_cond_since found our last transaction id: only the changes since were applied. */
        CHANGES_SINCE,
        /** The server had no history for us: everything was reloaded and diffed against what the replica held. */
        RELOAD_DIFF
    }
}
