package org.vifd.agent.wiring;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentDelta;

/**
 * What the reconciler tells its listeners after a pass: the intent and the wired ports now, and what changed since
 * the listeners last heard, so that a listener redoes the work of the changed ports only.
 *
 * @param intentBefore the intent of the previous change listeners heard ({@link Intent#EMPTY} at first)
 * @param intent       the intent in force
 * @param intentDelta  what differs from {@code intentBefore} to {@code intent} (may name more, never less)
 * @param wired        the wired ports by port id (only ports reported up): the reconciler's own map, lent for the
 *                     call (read it during the call; copy what must be kept)
 * @param wiredChanged the port ids whose {@code wired} entry came, went or changed since the previous change
 */
public record WiringChange(Intent intentBefore, Intent intent, IntentDelta intentDelta, Map<String, WiredPort> wired,
                           Set<String> wiredChanged) {
    public WiringChange {
        Objects.requireNonNull(intentBefore, "intentBefore");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(intentDelta, "intentDelta");
        Objects.requireNonNull(wired, "wired");
        Objects.requireNonNull(wiredChanged, "wiredChanged");
    }
}
