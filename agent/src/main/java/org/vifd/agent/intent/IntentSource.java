package org.vifd.agent.intent;

import java.util.function.Consumer;
import org.vifd.agent.status.StatusSink;

/**
 * Where the agent learns what should be, and where it reports back. Kept small so other sources (a clustered OVN
 * Northbound database) can implement it: the intent in force, a listener for new ones, and the matching sink.
 */
public interface IntentSource extends AutoCloseable {
    /** The intent in force now; never null. */
    Intent current();

    /**
     * Called with each new intent once it is in force (never with a rejected one, never twice with an equal one),
     * on the source's own thread: a listener hands the intent to the agent loop and returns.
     */
    void addListener(Consumer<Intent> listener);

    /** Where port state for this source's orchestrator goes. */
    StatusSink statusSink();

    @Override
    void close();
}
