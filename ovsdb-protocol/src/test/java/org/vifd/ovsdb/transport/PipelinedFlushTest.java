package org.vifd.ovsdb.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests sent from the callbacks of replies read in one batch leave in one flush at the end of the batch (as a
 * bare client answers each read with one write); a request sent outside a read is flushed at once.
 */
class PipelinedFlushTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final OvsdbClient client = OvsdbClient.attach(channel, OvsdbClientOptions.DEFAULTS);
    /** Flushes that reach the socket's end of the pipeline. */
    private final AtomicInteger flushes = new AtomicInteger();

    PipelinedFlushTest() {
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void requestsSentFromCallbacksOfOneReadLeaveInOneFlush() {
        CompletableFuture<JsonNode> first = client.call("echo", array(1));
        CompletableFuture<JsonNode> second = client.call("echo", array(2));
        // Outside a read nothing waits: each call is flushed as it is made.
        assertThat(flushes.get()).isEqualTo(2);
        List<JsonNode> sent = sent();
        assertThat(sent).extracting(m -> m.get("params").get(0).asInt()).containsExactly(1, 2);

        List<CompletableFuture<JsonNode>> next = new ArrayList<>();
        first.thenRun(() -> next.add(client.call("echo", array(3))));
        second.thenRun(() -> next.add(client.call("echo", array(4))));
        flushes.set(0);
        // Both replies in one read: their callbacks send two requests, which leave together when the read ends.
        channel.writeInbound(text(reply(sent.get(0)) + reply(sent.get(1))));

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(next).hasSize(2);
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(sent()).extracting(m -> m.get("params").get(0).asInt()).containsExactly(3, 4);
    }

    private static JsonNode array(int n) {
        return JsonNodeFactory.instance.arrayNode().add(n);
    }

    /** The echo reply to {@code request} (RFC 7047 §4.1.11: the result is the params). */
    private static String reply(JsonNode request) {
        return "{\"id\":" + request.get("id") + ",\"result\":" + request.get("params") + ",\"error\":null}";
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    /** Everything written since the last call, as JSON messages. */
    private List<JsonNode> sent() {
        List<JsonNode> out = new ArrayList<>();
        for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
            try {
                out.addAll(Golden.messagesOf(b.toString(StandardCharsets.UTF_8)));
            } finally {
                b.release();
            }
        }
        return out;
    }
}
