package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.DecodeException;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonRpcHandlerTest {

    private final List<String> notifications = new ArrayList<>();
    private final List<Throwable> closes = new ArrayList<>();
    private final NotificationListener listener = new NotificationListener() {
        @Override
        public void onNotification(String method, JsonNode params) {
            notifications.add(method + " " + params);
        }

        @Override
        public void onClosed(Throwable cause) {
            closes.add(cause);
        }
    };

    private EmbeddedChannel channel(int maxInFlight) {
        return new EmbeddedChannel(new JsonFrameDecoder(1 << 20, 64), new JsonRpcEncoder(), new JsonRpcHandler(maxInFlight, listener));
    }

    private static CompletableFuture<JsonNode> call(EmbeddedChannel ch, String method) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        ch.writeOutbound(new OutboundCall(method, JsonNodeFactory.instance.arrayNode(), f));
        return f;
    }

    /** Reads everything the handler wrote, as JSON. */
    static List<JsonNode> written(EmbeddedChannel ch) {
        List<JsonNode> out = new ArrayList<>();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            try {
                out.addAll(Golden.messagesOf(b.toString(StandardCharsets.UTF_8)));
            } finally {
                b.release();
            }
        }
        return out;
    }

    private static void receive(EmbeddedChannel ch, String json) {
        ch.writeInbound(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    }

    private static JsonRpcHandler handler(EmbeddedChannel ch) {
        return ch.pipeline().get(JsonRpcHandler.class);
    }

    @Test
    void repliesAreMatchedByIdInAnyOrder() {
        EmbeddedChannel ch = channel(16);
        CompletableFuture<JsonNode> a = call(ch, "list_dbs");
        CompletableFuture<JsonNode> b = call(ch, "get_server_id");
        List<JsonNode> sent = written(ch);
        assertThat(sent).extracting(n -> n.get("method").asText()).containsExactly("list_dbs", "get_server_id");
        long idA = sent.get(0).get("id").asLong();
        long idB = sent.get(1).get("id").asLong();
        assertThat(idA).isNotEqualTo(idB);
        assertThat(handler(ch).inFlight()).isEqualTo(2);
        receive(ch, "{\"id\":" + idB + ",\"result\":\"B\",\"error\":null}{\"id\":" + idA + ",\"result\":[\"A\"],\"error\":null}");
        assertThat(a.join()).isEqualTo(Golden.parse("[\"A\"]"));
        assertThat(b.join().asText()).isEqualTo("B");
        assertThat(handler(ch).inFlight()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void anErrorReplyCarriesTheServersErrorAndDetails() {
        EmbeddedChannel ch = channel(16);
        CompletableFuture<JsonNode> f = call(ch, "transact");
        long id = written(ch).get(0).get("id").asLong();
        // The reply ovsdb-server sent to a transact on an unknown database (golden transact_ops, id 12).
        JsonNode golden = Golden.messages("transact_ops.s2c.json").stream().filter(n -> n.get("id").asInt() == 12).findFirst().orElseThrow();
        ((com.fasterxml.jackson.databind.node.ObjectNode) golden).put("id", id);
        receive(ch, golden.toString());
        assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(OvsdbException.class, e -> {
            assertThat(e.error()).isEqualTo(golden.get("error").get("error").asText());
            assertThat(e.details()).isEqualTo(golden.get("error").get("details").asText());
            assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_DATABASE);
        });
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void theServersEchoRequestIsAnsweredWithItsParams() {
        EmbeddedChannel ch = channel(16);
        // ovsdb-server's inactivity probe, captured in server_echo.s2c.json.
        JsonNode probe = Golden.messages("server_echo.s2c.json").get(1);
        assertThat(probe.get("method").asText()).isEqualTo("echo");
        receive(ch, probe.toString());
        List<JsonNode> sent = written(ch);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("id")).isEqualTo(probe.get("id"));
        assertThat(sent.get(0).get("result")).isEqualTo(probe.get("params"));
        assertThat(sent.get(0).get("error").isNull()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void notificationsGoToTheListener() {
        EmbeddedChannel ch = channel(16);
        ch.writeInbound(Unpooled.wrappedBuffer(Golden.bytes("lock.B.s2c.json")));
        assertThat(notifications).containsExactly("locked [\"l1\"]", "locked [\"l2\"]");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aFailedWriteForgetsTheRequestAndFailsItsFuture() {
        EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("broken pipe"));
            }
        }, new JsonFrameDecoder(), new JsonRpcEncoder(), new JsonRpcHandler(4, listener));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        ch.pipeline().writeAndFlush(new OutboundCall("list_dbs", JsonNodeFactory.instance.arrayNode(), f));
        ch.runPendingTasks();
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(ConnectionClosedException.class).hasMessageContaining("list_dbs").hasRootCauseMessage("broken pipe");
        assertThat(handler(ch).inFlight()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void requestsBeyondTheInFlightLimitFailAtOnce() {
        EmbeddedChannel ch = channel(2);
        CompletableFuture<JsonNode> a = call(ch, "echo");
        CompletableFuture<JsonNode> b = call(ch, "echo");
        CompletableFuture<JsonNode> c = call(ch, "echo");
        assertThat(written(ch)).hasSize(2);
        assertThat(a).isNotDone();
        assertThat(b).isNotDone();
        assertThatThrownBy(c::join).cause().isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.TOO_MANY_IN_FLIGHT));
        ch.close();
        assertThatThrownBy(a::join).cause().isInstanceOf(ConnectionClosedException.class);
        assertThat(closes).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void closingFailsEveryWaitingRequest() {
        EmbeddedChannel ch = channel(16);
        List<CompletableFuture<JsonNode>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(call(ch, "echo"));
        }
        written(ch);
        ch.close();
        assertThat(calls).allSatisfy(f -> assertThatThrownBy(f::join).cause().isInstanceOf(ConnectionClosedException.class));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void undecodableInputFailsWaitingRequestsClosesTheConnectionAndLogsOneLine() {
        try (LogCapture log = new LogCapture(JsonRpcHandler.class)) {
            EmbeddedChannel ch = channel(16);
            CompletableFuture<JsonNode> f = call(ch, "echo");
            written(ch);
            receive(ch, "{\"id\":77,\"result\":[],\"error\":null}{\"id\":1,]");
            assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(e.offset()).isBetween(35L, 44L));
            assertThat(ch.isActive()).isFalse();
            assertThat(log.lines()).hasSize(1);
            assertThat(log.lines().get(0)).startsWith("WARN ovsdb ").contains("closing connection", "malformed JSON", "byte offset");
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void aReplyToAnUnknownIdIsDropped() {
        EmbeddedChannel ch = channel(16);
        CompletableFuture<JsonNode> f = call(ch, "echo");
        written(ch);
        receive(ch, "{\"id\":\"x\",\"result\":[],\"error\":null}{\"id\":123456,\"result\":[],\"error\":null}");
        assertThat(f).isNotDone();
        assertThat(ch.isActive()).isTrue();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void cancelSendsTheCancelNotificationAndFailsTheRequest() {
        EmbeddedChannel ch = channel(16);
        CompletableFuture<JsonNode> f = call(ch, "transact");
        long id = written(ch).get(0).get("id").asLong();
        assertThat(handler(ch).cancel(f)).isTrue();
        List<JsonNode> sent = written(ch);
        // Same shape as the cancel in cancel.c2s.json.
        JsonNode golden = Golden.messages("cancel.c2s.json").get(1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("method")).isEqualTo(golden.get("method"));
        assertThat(sent.get(0).get("id")).isEqualTo(golden.get("id"));
        assertThat(sent.get(0).get("params")).isEqualTo(Golden.parse("[" + id + "]"));
        assertThatThrownBy(f::join).cause().isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.CANCELED));
        assertThat(handler(ch).cancel(f)).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void anIdleConnectionIsProbedWithEchoAndClosedWhenTheProbeGoesUnanswered() {
        try (LogCapture log = new LogCapture(JsonRpcHandler.class)) {
            EmbeddedChannel ch = channel(16);
            ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
            List<JsonNode> probe = written(ch);
            assertThat(probe).singleElement().satisfies(m -> assertThat(m.get("method").asText()).isEqualTo("echo"));
            // Any input counts as a sign of life.
            receive(ch, "{\"id\":" + probe.get(0).get("id") + ",\"result\":[],\"error\":null}");
            ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.READER_IDLE_STATE_EVENT);
            assertThat(written(ch)).hasSize(1);
            assertThat(ch.isActive()).isTrue();
            ch.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.READER_IDLE_STATE_EVENT);
            assertThat(ch.isActive()).isFalse();
            assertThat(log.lines()).singleElement().asString().contains("closing connection", "no reply to echo probe");
            assertThat(ch.finish()).isFalse();
        }
    }
}
