package org.vifd.ovsdb.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to connect, probe and give up on a connection: a pure state machine in the manner of OVS lib/reconnect.c.
 * It does no I/O and reads no clock: every method takes {@code now} (milliseconds on any monotonic clock) and
 * {@link #run(long)} answers the {@link Action} the owner must take. The owner calls {@link #timeout(long)} to learn
 * when to call {@code run} again. Not thread-safe: one thread (the session's event loop) owns it.
 * <p>
 * Backoff: after a failed attempt, or a connection that dropped before it had been up for the current backoff, the
 * backoff doubles from {@code minBackoff} up to {@code maxBackoff}; a connection that stayed up at least that long
 * resets it to {@code minBackoff} (reconnect.c {@code reconnect_disconnected}). The wait actually used is the backoff
 * minus a random share of up to {@code jitter} of it, so that many clients do not reconnect in lockstep.
 * <p>
 * Inactivity probe: with {@code probeInterval} &gt; 0, a connection that received nothing for that long is probed
 * ({@link Action#PROBE}, state IDLE); if nothing arrives for another interval, {@link Action#DISCONNECT} — this is how
 * a half-open connection (peer gone without a FIN) is found.
 */
public final class Reconnect {

    private static final Logger LOG = LoggerFactory.getLogger(Reconnect.class);

    /** The states, each waiting for one thing. A closed set. */
    public enum State {
        /** Not enabled: waits for {@link #enable}. */
        VOID,
        /** Waits until the backoff has passed, then answers CONNECT (→ CONNECTING once the owner calls {@link #connecting}). */
        BACKOFF,
        /** A connection attempt is in progress: waits for connected (→ ACTIVE) or connectFailed (→ BACKOFF); answers DISCONNECT on timeout. */
        CONNECTING,
        /** Connected and the peer was heard from recently: waits for the probe interval to pass silently (→ IDLE, PROBE). */
        ACTIVE,
        /** Probe sent: waits for any activity (→ ACTIVE), else answers DISCONNECT after another probe interval. */
        IDLE
    }

    /** What {@link #run} tells the owner to do. */
    public enum Action {
        NONE, CONNECT, DISCONNECT, PROBE
    }

    /** Tuning; {@code probeInterval} zero disables the inactivity probe; {@code jitter} in [0, 1). */
    public record Options(Duration minBackoff, Duration maxBackoff, Duration connectTimeout, Duration probeInterval, double jitter) {

        public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(1000);
        public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(8);
        public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);
        public static final Options DEFAULTS = new Options(DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, Duration.ofSeconds(10),
                DEFAULT_PROBE_INTERVAL, 0.25);

        public Options {
            Objects.requireNonNull(minBackoff, "minBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(probeInterval, "probeInterval");
            if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff, got " + minBackoff + ", " + maxBackoff);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
            }
        }

        public Options withProbeInterval(Duration v) {
            return new Options(minBackoff, maxBackoff, connectTimeout, v, jitter);
        }

        public Options withBackoff(Duration min, Duration max) {
            return new Options(min, max, connectTimeout, probeInterval, jitter);
        }
    }

    private final String name;
    private final Options options;
    private final RandomGenerator random;

    private State state = State.VOID;
    private long stateEntered;
    private long backoff;          // the current backoff (ms), before jitter
    private long backoffWait;      // the wait chosen on entering BACKOFF (ms), after jitter
    private long lastActivity;
    private long lastConnected = Long.MIN_VALUE;
    private int attempts;          // attempts since the last stable connection
    private int connections;

    /** @param random source of jitter (inject a seeded one in tests) */
    public Reconnect(String name, Options options, RandomGenerator random) {
        this.name = Objects.requireNonNull(name, "name");
        this.options = Objects.requireNonNull(options, "options");
        this.random = Objects.requireNonNull(random, "random");
    }

    public State state() {
        return state;
    }

    /** The current backoff in milliseconds, before jitter. */
    public long backoffMillis() {
        return backoff;
    }

    /** Failed attempts since the last stable connection. */
    public int attempts() {
        return attempts;
    }

    /** Connections made so far. */
    public int connections() {
        return connections;
    }

    public boolean isConnected() {
        return state == State.ACTIVE || state == State.IDLE;
    }

    /** Starts connecting: the first CONNECT is answered at once. */
    public void enable(long now) {
        if (state == State.VOID) {
            backoff = 0;
            backoffWait = 0;
            transition(now, State.BACKOFF, "enabled");
        }
    }

    /** Stops: {@link #run} answers NONE until enabled again. */
    public void disable(long now) {
        if (state != State.VOID) {
            transition(now, State.VOID, "disabled");
        }
    }

    /** The owner started the connection attempt that CONNECT asked for. */
    public void connecting(long now) {
        if (state != State.CONNECTING) {
            transition(now, State.CONNECTING, "connecting");
        }
    }

    /** The connection is up. */
    public void connected(long now) {
        if (!isConnected()) {
            connections++;
            lastConnected = now;
            lastActivity = now;
            transition(now, State.ACTIVE, "connected");
        }
    }

    /** The attempt failed: back off longer. */
    public void connectFailed(long now, Throwable error) {
        if (state == State.VOID) {
            return;
        }
        attempts++;
        growBackoff();
        enterBackoff(now, "connect failed: " + describe(error));
    }

    /** The connection ended (or the owner closed it): back off, reset or doubled as the class comment says. */
    public void disconnected(long now, Throwable error) {
        if (state == State.VOID || state == State.BACKOFF) {
            return;
        }
        if (isConnected() && lastActivity - lastConnected >= backoff) {
            // The connection was useful for at least a backoff: the next failure is a new incident.
            backoff = options.minBackoff().toMillis();
            attempts = 0;
        } else {
            attempts++;
            growBackoff();
        }
        enterBackoff(now, "disconnected: " + describe(error));
    }

    /** Something arrived from the peer. */
    public void activity(long now) {
        if (now > lastActivity) {
            lastActivity = now;
        }
        if (state == State.IDLE) {
            transition(now, State.ACTIVE, "activity after probe");
        }
    }

    /** What to do now. Moves ACTIVE → IDLE itself when answering PROBE. */
    public Action run(long now) {
        switch (state) {
            case BACKOFF:
                return now >= stateEntered + backoffWait ? Action.CONNECT : Action.NONE;
            case CONNECTING:
                return now >= stateEntered + options.connectTimeout().toMillis() ? Action.DISCONNECT : Action.NONE;
            case ACTIVE:
                if (probing() && now >= lastActivity + probeMillis()) {
                    LOG.debug("reconnect {}: idle {} ms, sending inactivity probe", name, now - lastActivity);
                    transition(now, State.IDLE, "no activity for " + (now - lastActivity) + " ms");
                    return Action.PROBE;
                }
                return Action.NONE;
            case IDLE:
                if (now >= stateEntered + probeMillis()) {
                    LOG.warn("reconnect {}: no response to inactivity probe after {} ms, disconnecting", name, now - stateEntered);
                    return Action.DISCONNECT;
                }
                return Action.NONE;
            default:
                return Action.NONE;
        }
    }

    /** Milliseconds from {@code now} until {@link #run} may answer something other than NONE; Long.MAX_VALUE for never. */
    public long timeout(long now) {
        long deadline = switch (state) {
            case BACKOFF -> stateEntered + backoffWait;
            case CONNECTING -> stateEntered + options.connectTimeout().toMillis();
            case ACTIVE -> probing() ? lastActivity + probeMillis() : Long.MAX_VALUE;
            case IDLE -> stateEntered + probeMillis();
            case VOID -> Long.MAX_VALUE;
        };
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - now);
    }

    private boolean probing() {
        return probeMillis() > 0;
    }

    private long probeMillis() {
        return options.probeInterval().toMillis();
    }

    private void growBackoff() {
        long min = options.minBackoff().toMillis();
        long max = options.maxBackoff().toMillis();
        if (backoff < min) {
            backoff = min;
        } else if (backoff < max / 2) {
            backoff *= 2;
        } else {
            backoff = max;
        }
    }

    private void enterBackoff(long now, String why) {
        long jitterMillis = backoff == 0 || options.jitter() == 0 ? 0 : (long) (backoff * options.jitter() * random.nextDouble());
        backoffWait = backoff - jitterMillis;
        transition(now, State.BACKOFF, why + "; next attempt in " + backoffWait + " ms");
    }

    private void transition(long now, State next, String why) {
        LOG.info("reconnect {}: {} -> {} ({})", name, state, next, why);
        state = next;
        stateEntered = now;
    }

    private static String describe(Throwable error) {
        if (error == null) {
            return "closed";
        }
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }
}
