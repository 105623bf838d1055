package org.vifd.openflow.connection;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code min} to {@code max} with up to 50% random jitter subtracted, reset
 * after a successful handshake (the shape of OVS lib/reconnect.c's backoff). Pure: the random source is injected.
 */
public final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private long current;

    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= min <= max, got " + min + ", " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; doubles each call up to max. */
    public Duration next() {
        current = current == 0 ? minNanos : Math.min(maxNanos, current * 2);
        long jitter = (long) (current * 0.5 * random.getAsDouble());
        return Duration.ofNanos(Math.max(minNanos == 0 ? 0 : 1, current - jitter));
    }

    public void reset() {
        current = 0;
    }
}
