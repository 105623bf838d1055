package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.MessageType;

/** Garbage from a lying switch: never a crash or a hang, the connection closed with a clear reason. */
class HostileSwitchTest {
    static final ConnectionConfig CONFIG = ConnectionConfig.builder().versions(OfVersion.OF_1_3)
            .maxMessageLength(16384).build();

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 7, 65535})
    void aLyingLengthClosesTheConnectionBeforeReadingABody(int length) {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.sendRaw(new byte[] {4, 2, (byte) (length >> 8), (byte) length, 0, 0, 0, 1, 9, 9, 9});
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).hasSize(1);
        s.finishEmpty();
    }

    @Test
    void aWrongVersionAfterNegotiationClosesTheConnection() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.send(new EchoRequest(new byte[0]), OfVersion.OF_1_4, 5);
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("version OF1.4 on a OF1.3 connection");
        s.finishEmpty();
    }

    @Test
    void aTruncatedBodyWithAnHonestLengthIsADecodeErrorThatCloses() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.expect(MessageType.HELLO);
        s.send(new org.vifd.openflow.protocol.Hello(List.of(OfVersion.OF_1_3)), OfVersion.OF_1_3, 1);
        int xid = s.expect(MessageType.FEATURES_REQUEST).xid();
        // FEATURES_REPLY with a 4-byte body (24 needed).
        s.sendRaw(new byte[] {4, 6, 0, 12, (byte) (xid >> 24), (byte) (xid >> 16), (byte) (xid >> 8), (byte) xid,
            1, 2, 3, 4});
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("undecodable FEATURES_REPLY", "offset");
        s.finishEmpty();
    }

    @Test
    void aTruncatedBodyThatNeverArrivesEndsWithTheEchoTimeout() {
        FakeSwitch s = new FakeSwitch(ConnectionConfig.builder().versions(OfVersion.OF_1_3)
                .echoInterval(Duration.ofSeconds(1)).echoTimeout(Duration.ofSeconds(2)).build());
        s.handshake(List.of(OfVersion.OF_1_3), true);
        s.sendRaw(new byte[] {4, 3, 0, 100, 0, 0, 0, 1, 0});
        for (int i = 0; i < 5; i++) {
            s.channel.advanceTimeBy(1, TimeUnit.SECONDS);
            s.channel.runScheduledPendingTasks();
        }
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("no ECHO_REPLY");
        s.finishEmpty();
    }

    @Test
    void aPeerThatSendsOneByteASecondIsClosedByTheHandshakeTimeout() {
        FakeSwitch s = new FakeSwitch(CONFIG);
        s.expect(MessageType.HELLO);
        byte[] hello = org.vifd.openflow.golden.GoldenFixtures.ovsHello();
        for (int i = 0; i < 12 && s.channel.isOpen(); i++) {
            s.sendRaw(new byte[] {hello[i % hello.length]});
            s.channel.advanceTimeBy(1, TimeUnit.SECONDS);
            s.channel.runScheduledPendingTasks();
        }
        assertThat(s.channel.isOpen()).isFalse();
        assertThat(s.closed).singleElement().asString().contains("handshake not finished");
        s.finishEmpty();
    }

    @Test
    void randomBytesNeverCrashOrHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random r = new Random(42);
            for (int round = 0; round < 400; round++) {
                FakeSwitch s = new FakeSwitch(CONFIG);
                if (round % 2 == 0) {
                    s.handshake(List.of(OfVersion.OF_1_3), true);
                }
                for (int k = 0; k < 8 && s.channel.isOpen(); k++) {
                    byte[] junk = new byte[r.nextInt(200)];
                    r.nextBytes(junk);
                    if (junk.length >= 4 && r.nextBoolean()) {
                        // Often a plausible header, so that bodies get decoded too.
                        junk[0] = 4;
                        junk[1] = (byte) r.nextInt(36);
                        junk[2] = 0;
                        junk[3] = (byte) Math.max(8, junk.length);
                    }
                    s.sendRaw(junk);
                }
                s.finishEmpty();
            }
        });
    }
}
