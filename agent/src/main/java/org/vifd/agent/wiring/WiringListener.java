package org.vifd.agent.wiring;

import java.util.Map;
import org.vifd.agent.intent.Intent;
import org.vifd.openflow.connection.SwitchConnection;

/**
 * Hears what the reconciler has wired, after each reconcile pass that changed something, on the agent loop: return
 * quickly and do I/O asynchronously. The reconciler calls {@link #wiringChanged(WiringChange, SwitchConnection, int)}.
 * The seam for the DHCP service: it builds its bindings from {@code intent} and
 * {@code wired} (port id → ofport), and installs its flows on {@code integrationBridge} with the run's cookies
 * ({@code runId}: the high 32 bits of every flow cookie of this agent run; flows of other runs are deleted once the
 * run has reprogrammed the bridge).
 */
@FunctionalInterface
public interface WiringListener {
    /**
     * @param intent            the intent in force
     * @param wired             the wired ports by port id (only ports reported up)
     * @param integrationBridge the integration bridge's connection, or null while it is not connected
     * @param runId             this agent run's cookie id
     */
    void wiringChanged(Intent intent, Map<String, WiredPort> wired, SwitchConnection integrationBridge, int runId);

    /**
     * What the reconciler calls: the same with what changed since the previous call. By default a copy of the
     * wired ports goes to {@link #wiringChanged(Intent, Map, SwitchConnection, int)} (O(ports)); a listener that
     * works on the changes alone overrides this.
     */
    default void wiringChanged(WiringChange change, SwitchConnection integrationBridge, int runId) {
        wiringChanged(change.intent(), Map.copyOf(change.wired()), integrationBridge, runId);
    }

    /**
     * The integration bridge (re)connected and its flows were (re)installed from scratch (vswitchd restarted, or a
     * new agent run): install every flow again. Default: nothing.
     */
    default void bridgeReprogrammed(SwitchConnection integrationBridge) {
    }
}
