package org.vifd.dhcp;

/** A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code burst}. Thread-safe. */
final class TokenBucket {

    private final double ratePerMilli;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(double ratePerSecond, int burst, long nowMillis) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    synchronized boolean tryAcquire(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * ratePerMilli);
            lastMillis = nowMillis;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }
}
