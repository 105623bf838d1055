package org.vifd.ovsdb.session;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.session.Reconnect.Action;
import org.vifd.ovsdb.session.Reconnect.State;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconnect state machine driven by a scripted clock: no sleeps, every millisecond chosen by the test. */
class ReconnectTest {

    private static final Reconnect.Options NO_JITTER = new Reconnect.Options(Duration.ofMillis(1000), Duration.ofMillis(8000),
            Duration.ofMillis(3000), Duration.ofMillis(5000), 0);

    /** A random source that always answers the same fraction. */
    private static RandomGenerator fixed(double fraction) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return fraction;
            }
        };
    }

    /** Runs the machine at each millisecond from {@code from} to {@code to}, answering the first non-NONE action and its time. */
    private static long firstActionAt(Reconnect r, long from, long to, Action want) {
        for (long t = from; t <= to; t++) {
            Action a = r.run(t);
            if (a != Action.NONE) {
                assertThat(a).isEqualTo(want);
                return t;
            }
        }
        return -1;
    }

    @Test
    void connectsAtOnceWhenEnabledThenBacksOffExponentiallyUpToTheMaximum() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        assertThat(r.run(0)).isEqualTo(Action.NONE);
        r.enable(0);
        assertThat(r.run(0)).isEqualTo(Action.CONNECT);
        List<Long> waits = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 6; i++) {
            r.connecting(now);
            r.connectFailed(now, new IOException("refused"));
            assertThat(r.state()).isEqualTo(State.BACKOFF);
            long at = firstActionAt(r, now, now + 20_000, Action.CONNECT);
            waits.add(at - now);
            now = at;
        }
        assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 8000L, 8000L);
        assertThat(r.attempts()).isEqualTo(6);
    }

    @Test
    void timeoutSaysExactlyWhenRunWillAct() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        r.enable(100);
        r.connecting(100);
        r.connectFailed(100, null);
        assertThat(r.timeout(100)).isEqualTo(1000);
        assertThat(r.timeout(600)).isEqualTo(500);
        assertThat(r.run(1099)).isEqualTo(Action.NONE);
        assertThat(r.run(1100)).isEqualTo(Action.CONNECT);
        r.disable(1100);
        assertThat(r.timeout(1100)).isEqualTo(Long.MAX_VALUE);
        assertThat(r.run(100_000)).isEqualTo(Action.NONE);
    }

    @Test
    void jitterShortensTheWaitByTheInjectedRandomShare() {
        Reconnect.Options opts = new Reconnect.Options(Duration.ofMillis(1000), Duration.ofMillis(8000), Duration.ofMillis(3000),
                Duration.ZERO, 0.5);
        Reconnect r = new Reconnect("t", opts, fixed(0.5));
        r.enable(0);
        r.connecting(0);
        r.connectFailed(0, null);
        // backoff 1000 ms minus 0.5 * 0.5 * 1000.
        assertThat(firstActionAt(r, 0, 5000, Action.CONNECT)).isEqualTo(750);
        Reconnect other = new Reconnect("t", opts, fixed(0.0));
        other.enable(0);
        other.connecting(0);
        other.connectFailed(0, null);
        assertThat(firstActionAt(other, 0, 5000, Action.CONNECT)).isEqualTo(1000);
    }

    @Test
    void connectAttemptThatHangsIsAbandonedAfterTheConnectTimeout() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        r.enable(0);
        r.connecting(0);
        assertThat(firstActionAt(r, 0, 10_000, Action.DISCONNECT)).isEqualTo(3000);
        r.connectFailed(3000, new IOException("timed out"));
        assertThat(r.state()).isEqualTo(State.BACKOFF);
    }

    @Test
    void silentPeerIsProbedThenDisconnectedSoAHalfOpenConnectionIsFound() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        r.enable(0);
        r.connecting(0);
        r.connected(10);
        r.activity(2000);
        assertThat(firstActionAt(r, 10, 20_000, Action.PROBE)).isEqualTo(7000);
        assertThat(r.state()).isEqualTo(State.IDLE);
        assertThat(r.timeout(7000)).isEqualTo(5000);
        assertThat(firstActionAt(r, 7001, 20_000, Action.DISCONNECT)).isEqualTo(12_000);
    }

    @Test
    void anAnswerToTheProbeKeepsTheConnection() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        r.enable(0);
        r.connecting(0);
        r.connected(0);
        assertThat(r.run(5000)).isEqualTo(Action.PROBE);
        r.activity(5100);
        assertThat(r.state()).isEqualTo(State.ACTIVE);
        assertThat(firstActionAt(r, 5101, 20_000, Action.PROBE)).isEqualTo(10_100);
    }

    @Test
    void aConnectionThatStayedUpResetsTheBackoffButOneThatDroppedAtOnceDoublesIt() {
        Reconnect r = new Reconnect("t", NO_JITTER, fixed(0));
        r.enable(0);
        long now = 0;
        for (int i = 0; i < 3; i++) {
            r.connecting(now);
            r.connectFailed(now, null);
            now = firstActionAt(r, now, now + 20_000, Action.CONNECT);
        }
        assertThat(r.backoffMillis()).isEqualTo(4000);
        // A hostile peer: accepts, then is dropped at once. Backoff keeps growing.
        r.connecting(now);
        r.connected(now);
        r.disconnected(now + 5, new IOException("garbage"));
        assertThat(r.backoffMillis()).isEqualTo(8000);
        now = firstActionAt(r, now + 5, now + 30_000, Action.CONNECT);
        // A good peer: up and talking for longer than the backoff. The next failure starts from the minimum again.
        r.connecting(now);
        r.connected(now);
        r.activity(now + 9000);
        r.disconnected(now + 9001, null);
        assertThat(r.backoffMillis()).isEqualTo(1000);
        assertThat(r.attempts()).isZero();
        assertThat(firstActionAt(r, now + 9001, now + 30_000, Action.CONNECT)).isEqualTo(now + 10_001);
        assertThat(r.connections()).isEqualTo(2);
    }

    @Test
    void probeOffMeansAnIdleConnectionIsNeverProbed() {
        Reconnect r = new Reconnect("t", NO_JITTER.withProbeInterval(Duration.ZERO), fixed(0));
        r.enable(0);
        r.connecting(0);
        r.connected(0);
        assertThat(r.timeout(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(r.run(1_000_000)).isEqualTo(Action.NONE);
    }
}
