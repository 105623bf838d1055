package org.vifd.agent.intent;

import java.util.Objects;

/**
 * A new intent in force, with what changed since the one before it. A receiver that holds {@code before} (the same
 * object) applies {@code delta}; one that holds another intent (it missed a change) diffs itself
 * ({@link #deltaFrom}).
 *
 * @param before the intent this change replaces
 * @param intent the intent now in force
 * @param delta  the records that differ between the two
 */
public record IntentChange(Intent before, Intent intent, IntentDelta delta) {
    public IntentChange {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(delta, "delta");
    }

    /** A change found by comparing the two intents. */
    public static IntentChange between(Intent before, Intent intent) {
        return new IntentChange(before, intent, IntentDelta.between(before, intent));
    }

    /**
     * The delta from {@code held} (what the receiver has) to {@link #intent}: this change's delta when the receiver
     * holds {@link #before}, else a diff.
     */
    public IntentDelta deltaFrom(Intent held) {
        return held == before ? delta : IntentDelta.between(held, intent);
    }
}
