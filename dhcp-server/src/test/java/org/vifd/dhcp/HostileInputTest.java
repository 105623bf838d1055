package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, bit-flipped and random input through the whole responder: never an exception, never a hang. */
class HostileInputTest {

    private static final List<String> GOLDEN = List.of("dhclient-discover", "dhclient-request", "dhclient-renew",
            "dhclient-release", "dhclient-reboot", "udhcpc-discover", "udhcpc-request", "udhcpc-renew",
            "udhcpc-release", "dhcpcd-discover", "dhcpcd-request", "dhcpcd-renew", "dhcpcd-release", "dhcpcd-inform");

    private final DhcpResponder responder = new DhcpResponder(DhcpResponderConfig.builder()
            .perPortRate(1e9, 1_000_000_000).globalRate(1e9, 1_000_000_000).build(), TestSupport.bindings(), LeaseRecorder.NONE);
    private final PortContext ctx = PortContext.of(TestSupport.PORT_KEY, TestSupport.CLIENT_MAC);

    @Test
    void everyTruncationOfEveryGoldenPacketIsHandled() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int answered = 0;
            for (String name : GOLDEN) {
                byte[] full = TestSupport.golden(name);
                for (int len = 0; len < full.length; len++) {
                    if (responder.handle(ctx, ByteBuffer.wrap(full, 0, len).slice()).isPresent()) {
                        answered++;
                    }
                }
            }
            // Cutting off trailing padding leaves valid messages, which are still answered.
            assertThat(answered).isGreaterThan(0);
            assertThat(responder.counters().decodeErrors()).isGreaterThan(GOLDEN.size() * 240L);
        });
    }

    @Test
    void randomByteMutationsOfGoldenPacketsAreHandled() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(42);
            for (int round = 0; round < 20_000; round++) {
                byte[] b = TestSupport.golden(GOLDEN.get(random.nextInt(GOLDEN.size()))).clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    // bias toward the option area, where lengths live
                    int at = random.nextBoolean() ? 240 + random.nextInt(b.length - 240) : random.nextInt(b.length);
                    b[at] = (byte) random.nextInt(256);
                }
                responder.handle(ctx, ByteBuffer.wrap(b)).ifPresent(r -> assertThat(r.payload().remaining()).isBetween(300, 1500));
            }
            assertThat(responder.counters().received()).isEqualTo(20_000);
        });
    }

    @Test
    void randomBuffersAreHandled() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Random random = new Random(7);
            for (int round = 0; round < 20_000; round++) {
                byte[] b = new byte[random.nextInt(1600)];
                random.nextBytes(b);
                if (b.length >= 240 && random.nextBoolean()) {
                    ByteBuffer.wrap(b).putInt(236, DhcpMessage.MAGIC_COOKIE);
                }
                assertThat(responder.handle(ctx, ByteBuffer.wrap(b))).isNotNull();
            }
        });
    }
}
