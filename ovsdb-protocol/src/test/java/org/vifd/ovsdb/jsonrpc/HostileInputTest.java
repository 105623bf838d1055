package org.vifd.ovsdb.jsonrpc;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.DecodeException;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbClientOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Garbage from the peer never crashes, hangs or grows memory past the limit; the connection closes saying why. */
class HostileInputTest {

    private static final OvsdbClientOptions SMALL = OvsdbClientOptions.builder().maxMessageBytes(64 * 1024).maxDepth(32)
            .validateBeforeSend(false).build();

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        Arbitrary<byte[]> jsonish = Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "null", "1", "-0.5e9", "\"id\"", "\"result\"",
                "\"method\"", "\"params\"", "\"error\"", "true", " ", "\\", "\\u12", "\u00e9").list().ofMaxSize(400)
                .map(l -> String.join("", l).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> truncated = Arbitraries.of("transact_ops.s2c.json", "monitor.A.s2c.json", "vsctl_add_port.s2c.json")
                .flatMap(f -> {
                    byte[] b = Golden.bytes(f);
                    return Arbitraries.integers().between(0, b.length).map(n -> Arrays.copyOf(b, n));
                });
        Arbitrary<byte[]> mutated = Arbitraries.of("transact_ops.s2c.json", "lock.B.s2c.json").flatMap(f -> {
            byte[] b = Golden.bytes(f);
            return Arbitraries.integers().between(0, b.length - 1).list().ofMinSize(1).ofMaxSize(8).map(pos -> {
                byte[] c = b.clone();
                pos.forEach(p -> c[p] = (byte) (c[p] ^ 0x5a));
                return c;
            });
        });
        return Arbitraries.oneOf(random, jsonish, truncated, mutated);
    }

    @Property(tries = 400)
    void anyInputEndsInMessagesOrOneDecodeErrorNeverAThrow(@ForAll("garbage") byte[] input, @ForAll("chunking") int chunk) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            EmbeddedChannel ch = new EmbeddedChannel();
            OvsdbClient client = OvsdbClient.attach(ch, SMALL);
            CompletableFuture<?> waiting = client.listDbs();
            for (int i = 0; i < input.length && ch.isOpen(); i += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(input, i, Math.min(chunk, input.length - i)));
            }
            ch.runPendingTasks();
            if (!ch.isActive()) {
                // Closed because of undecodable input: the request failed with the reason.
                assertThat(waiting).isCompletedExceptionally();
                assertThat(waiting.handle((v, e) -> e).join()).isInstanceOfAny(DecodeException.class,
                        org.vifd.ovsdb.ConnectionClosedException.class);
            }
            ch.finishAndReleaseAll();
        });
    }

    @Provide
    Arbitrary<Integer> chunking() {
        return Arbitraries.of(1, 7, 512, 1 << 20);
    }

    @Test
    void aHostileServerIsCutOffWithOneLogLineNamingPeerOffsetAndReason() {
        for (String hostile : List.of("[[[[", "{\"id\":0,\"result\":" + "[".repeat(100), "{\"id\":0,\"result\":\"" + "a".repeat(70_000),
                "{\"id\":99,\"result\":[],\"error\":null}}", "\u0000\u0001\u0002")) {
            try (LogCapture log = new LogCapture(JsonRpcHandler.class)) {
                EmbeddedChannel ch = new EmbeddedChannel();
                OvsdbClient client = OvsdbClient.attach(ch, SMALL);
                CompletableFuture<?> pending = client.echo();
                ch.writeInbound(Unpooled.copiedBuffer(hostile, StandardCharsets.UTF_8));
                assertThat(ch.isActive()).as(hostile.substring(0, Math.min(20, hostile.length()))).isFalse();
                assertThat(pending.handle((v, e) -> e).join()).isInstanceOf(DecodeException.class);
                assertThat(log.lines()).hasSize(1);
                assertThat(log.lines().get(0)).contains("ovsdb embedded", "closing connection", "byte offset");
                ch.finishAndReleaseAll();
            }
        }
    }
}
