package org.vifd.agent.intent;

import java.util.function.Consumer;
import org.vifd.agent.status.StatusSink;

/**
 * Where the agent learns what should be, and where it reports back. Kept small so other sources (a clustered OVN
 * Northbound database) can implement it: the intent in force, a listener for changes (the new intent and what
 * changed), and the matching sink.
 */
public interface IntentSource extends AutoCloseable {
    /** The intent in force now; never null. */
    Intent current();

    /**
     * Called with each new intent once it is in force, with what changed since the one before (never with a
     * rejected one, never with an empty delta), on the source's own thread: a listener hands the change to the
     * agent loop and returns.
     */
    void addChangeListener(Consumer<IntentChange> listener);

    /** {@link #addChangeListener} for a listener that wants only the new intent. */
    default void addListener(Consumer<Intent> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        addChangeListener(change -> listener.accept(change.intent()));
    }

    /** Where port state for this source's orchestrator goes. */
    StatusSink statusSink();

    @Override
    void close();
}
