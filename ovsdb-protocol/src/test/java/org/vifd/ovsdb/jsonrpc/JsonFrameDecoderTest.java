package org.vifd.ovsdb.jsonrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.DecodeException;
import org.vifd.ovsdb.Golden;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class JsonFrameDecoderTest {

    private static List<Object> drain(EmbeddedChannel ch) {
        List<Object> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add(o);
        }
        return out;
    }

    private static JsonNode asJson(JsonRpcMessage m) {
        if (m instanceof JsonRpcMessage.Response r) {
            com.fasterxml.jackson.databind.node.ObjectNode o = Golden.JSON.createObjectNode();
            o.set("id", r.id());
            o.set("result", r.result());
            o.set("error", r.error());
            return o;
        }
        if (m instanceof JsonRpcMessage.Request r) {
            com.fasterxml.jackson.databind.node.ObjectNode o = Golden.JSON.createObjectNode();
            o.set("id", r.id());
            o.put("method", r.method());
            o.set("params", r.params());
            return o;
        }
        JsonRpcMessage.Notification n = (JsonRpcMessage.Notification) m;
        com.fasterxml.jackson.databind.node.ObjectNode o = Golden.JSON.createObjectNode();
        o.putNull("id");
        o.put("method", n.method());
        o.set("params", n.params());
        return o;
    }

    /** What the golden file says, in our message model, normalised so absent members equal JSON null. */
    private static List<JsonNode> expected(String fixture) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : Golden.messages(fixture)) {
            com.fasterxml.jackson.databind.node.ObjectNode o = Golden.JSON.createObjectNode();
            if (n.has("method")) {
                o.set("id", n.get("id"));
                o.put("method", n.get("method").asText());
                o.set("params", n.get("params"));
            } else {
                o.set("id", n.get("id"));
                o.set("result", n.has("result") ? n.get("result") : com.fasterxml.jackson.databind.node.NullNode.instance);
                o.set("error", n.has("error") ? n.get("error") : com.fasterxml.jackson.databind.node.NullNode.instance);
            }
            out.add(o);
        }
        return out;
    }

    private static List<JsonNode> decodeAll(EmbeddedChannel ch) {
        List<JsonNode> out = new ArrayList<>();
        for (Object o : drain(ch)) {
            assertThat(o).isInstanceOf(JsonRpcMessage.class);
            out.add(asJson((JsonRpcMessage) o));
        }
        return out;
    }

    @Test
    void framesConcatenatedRepliesOfARealServer() {
        for (String fixture : List.of("transact_ops.s2c.json", "monitor.A.s2c.json", "lock.B.s2c.json", "get_schema.s2c.json",
                "vsctl_add_port.s2c.json", "monitor_cond.A.s2c.json")) {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(Golden.bytes(fixture)));
            assertThat(decodeAll(ch)).as(fixture).isEqualTo(expected(fixture));
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void framesTheSameMessagesWhenTheyArriveOneByteAtATime() {
        byte[] bytes = Golden.bytes("transact_ops.s2c.json");
        EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
        List<JsonNode> got = new ArrayList<>();
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
            got.addAll(decodeAll(ch));
        }
        assertThat(got).isEqualTo(expected("transact_ops.s2c.json"));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void framesRequestsOfARealClientIncludingNotifications() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(Golden.bytes("cancel.c2s.json")));
        List<Object> out = drain(ch);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(JsonRpcMessage.Request.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(JsonRpcMessage.Notification.class,
                n -> assertThat(n.method()).isEqualTo("cancel"));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void aTruncatedMessageYieldsNothingUntilTheRestArrives() {
        byte[] msg = Golden.bytes("get_server_id.s2c.json");
        for (int cut = 1; cut < msg.length; cut++) {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(msg, cut)));
            assertThat(drain(ch)).as("prefix of %d bytes", cut).isEmpty();
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(msg, cut, msg.length)));
            assertThat(drain(ch)).hasSize(1).first().isInstanceOf(JsonRpcMessage.Response.class);
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void aMessageAtTheLimitPassesAndOneByteMoreFailsWithItsOffset() {
        String prefix = "{\"id\":1,\"result\":\"";
        String suffix = "\",\"error\":null}";
        int limit = 1000;
        String fits = prefix + "x".repeat(limit - prefix.length() - suffix.length()) + suffix;
        assertThat(fits).hasSize(limit);
        EmbeddedChannel ok = new EmbeddedChannel(new JsonFrameDecoder(limit, 10));
        ok.writeInbound(Unpooled.copiedBuffer("  " + fits, StandardCharsets.UTF_8));
        // Whitespace before a message counts toward it; 2 bytes too many.
        assertThat(drain(ok)).hasSize(1).first().isInstanceOf(DecodeException.class);

        EmbeddedChannel exact = new EmbeddedChannel(new JsonFrameDecoder(limit, 10));
        exact.writeInbound(Unpooled.copiedBuffer(fits + fits, StandardCharsets.UTF_8));
        assertThat(drain(exact)).hasSize(2).allMatch(o -> o instanceof JsonRpcMessage.Response);
        assertThat(exact.finish()).isFalse();

        String tooLong = prefix + "x".repeat(limit - prefix.length() - suffix.length() + 1) + suffix;
        EmbeddedChannel bad = new EmbeddedChannel(new JsonFrameDecoder(limit, 10));
        bad.writeInbound(Unpooled.copiedBuffer(fits + tooLong, StandardCharsets.UTF_8));
        List<Object> out = drain(bad);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(JsonRpcMessage.Response.class);
        assertThat(out.get(1)).isInstanceOfSatisfying(DecodeException.class, e -> {
            assertThat(e.getMessage()).contains("longer than the limit of 1000 bytes");
            assertThat(e.offset()).isBetween((long) limit, 2L * limit + 1);
        });
        assertThat(bad.finish()).isFalse();
    }

    @Test
    void aHugeStringFailsOnceItCrossesTheLimitWithoutBeingBuffered() {
        int limit = 1 << 20;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder(limit, 64));
            ch.writeInbound(Unpooled.copiedBuffer("{\"id\":1,\"result\":\"", StandardCharsets.UTF_8));
            byte[] mb = new byte[1 << 20];
            Arrays.fill(mb, (byte) 'a');
            long sent = 0;
            DecodeException error = null;
            // Up to 200 MB, one megabyte at a time, as a peer would stream it.
            while (sent < 200L << 20 && error == null) {
                ByteBuf chunk = Unpooled.wrappedBuffer(mb);
                ch.writeInbound(chunk);
                assertThat(chunk.refCnt()).isZero();
                sent += mb.length;
                for (Object o : drain(ch)) {
                    error = (DecodeException) o;
                }
            }
            assertThat(error).isNotNull();
            assertThat(sent).as("bytes sent before the decoder gave up").isLessThanOrEqualTo(2L * limit);
            assertThat(error.getMessage()).contains("longer than the limit of " + limit + " bytes");
            assertThat(error.offset()).isEqualTo(limit);
            // Everything after the error is discarded without parsing.
            ch.writeInbound(Unpooled.wrappedBuffer(mb));
            assertThat(drain(ch)).isEmpty();
            assertThat(ch.finish()).isFalse();
        });
    }

    @Test
    void aMillionOpenBracketsFailAtTheDepthLimit() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            byte[] brackets = new byte[1_000_000];
            Arrays.fill(brackets, (byte) '[');
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder(64 << 20, 100));
            ch.writeInbound(Unpooled.copiedBuffer("{\"id\":1,\"result\":", StandardCharsets.UTF_8));
            ch.writeInbound(Unpooled.wrappedBuffer(brackets));
            List<Object> out = drain(ch);
            assertThat(out).hasSize(1).first().isInstanceOfSatisfying(DecodeException.class, e -> {
                assertThat(e.getMessage()).contains("nesting deeper than the limit of 100");
                // '{' is level 1, then 99 '[' fit: the 100th '[' is at offset 17 + 99.
                assertThat(e.offset()).isEqualTo(17 + 99);
            });
            assertThat(ch.finish()).isFalse();

            EmbeddedChannel bare = new EmbeddedChannel(new JsonFrameDecoder());
            bare.writeInbound(Unpooled.wrappedBuffer(brackets));
            assertThat(drain(bare)).hasSize(1).first().isInstanceOfSatisfying(DecodeException.class, e -> {
                assertThat(e.getMessage()).contains("not a JSON object");
                assertThat(e.offset()).isZero();
            });
            assertThat(bare.finish()).isFalse();
        });
    }

    @Test
    void wrongShapesAndMalformedJsonAreDecodeErrorsWithOffsets() {
        String good = "{\"id\":1,\"result\":[],\"error\":null}";
        List<String> bad = List.of(
                "{\"id\":1}",                          // neither result, error nor method
                "{\"method\":5,\"params\":[],\"id\":1}", // method not a string
                "{\"id\":1,,}",                         // malformed
                "\"just a string\" ",                   // not an object
                "{\"id\":1,\"result\":tru}",            // bad literal
                "}");
        for (String b : bad) {
            EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
            ch.writeInbound(Unpooled.copiedBuffer(good + b + good, StandardCharsets.UTF_8));
            List<Object> out = drain(ch);
            assertThat(out).as(b).hasSize(2);
            assertThat(out.get(0)).isInstanceOf(JsonRpcMessage.Response.class);
            assertThat(out.get(1)).as(b).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(e.offset()).isBetween((long) good.length(), (long) (good.length() + b.length())));
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void invalidUtf8IsADecodeError() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
        byte[] head = "{\"id\":1,\"result\":\"".getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(Unpooled.wrappedBuffer(head, new byte[]{(byte) 0xC3, (byte) 0x28}, "\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(drain(ch)).hasSize(1).first().isInstanceOf(DecodeException.class);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void utf8TextAndLargeNumbersSurvive() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder());
        String json = "{\"id\":9223372036854775807,\"result\":[\"h\\u00e9llo \u2603\",-9223372036854775808,1.5e300,123456789012345678901234567890],\"error\":null}";
        ch.writeInbound(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1);
        JsonRpcMessage.Response r = (JsonRpcMessage.Response) out.get(0);
        assertThat(r.id().longValue()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.result()).isEqualTo(Golden.parse(json).get("result"));
        assertThat(ch.finish()).isFalse();
    }

    // ---- framed form (as the pipeline installs it): payload kept as text, segments while a message arrives ----

    /** The framed decoder's output in the tree form, to compare with the tree decoder's. */
    private static List<JsonNode> decodeAllFramed(EmbeddedChannel ch) {
        List<JsonNode> out = new ArrayList<>();
        for (Object o : drain(ch)) {
            assertThat(o).isInstanceOf(FramedMessage.class);
            out.add(asJson(((FramedMessage) o).toMessage()));
        }
        return out;
    }

    private static JsonFrameDecoder framed() {
        return new JsonFrameDecoder(JsonFrameDecoder.DEFAULT_MAX_MESSAGE_BYTES, JsonFrameDecoder.DEFAULT_MAX_DEPTH, true);
    }

    @Test
    void framedFormYieldsTheSameMessagesSplitAtEveryByteOffset() {
        for (String fixture : List.of("transact_ops.s2c.json", "monitor_cond.A.s2c.json", "monitor_cond_since.A.s2c.json")) {
            byte[] bytes = Golden.bytes(fixture);
            List<JsonNode> want = expected(fixture);
            for (int cut = 0; cut <= bytes.length; cut++) {
                EmbeddedChannel ch = new EmbeddedChannel(framed());
                List<JsonNode> got = new ArrayList<>();
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(bytes, cut)));
                got.addAll(decodeAllFramed(ch));
                ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, cut, bytes.length)));
                got.addAll(decodeAllFramed(ch));
                assertThat(got).as("%s split at %d", fixture, cut).isEqualTo(want);
                assertThat(ch.finish()).isFalse();
            }
        }
    }

    @Test
    void framedFormKeepsAMessageOfMegabytesWholeAcrossSegmentsAndChunks() {
        // A reply of about 3 MB (many 64 KiB segments) between two small messages, delivered in uneven pieces.
        StringBuilder big = new StringBuilder("{\"id\":2,\"result\":{");
        for (int i = 0; i < 40_000; i++) {
            big.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":[\"map\",[[\"iface-id\",\"port-").append(i).append("\"]]]");
        }
        big.append("},\"error\":null}");
        String all = "{\"id\":1,\"result\":[],\"error\":null}" + big + "{\"id\":3,\"result\":\"\u00e9\",\"error\":null}";
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        for (int piece : new int[] {1_000, 65_536, 65_537, 100_000, bytes.length}) {
            EmbeddedChannel ch = new EmbeddedChannel(framed());
            List<JsonNode> got = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += piece) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(piece, bytes.length - at)));
                got.addAll(decodeAllFramed(ch));
            }
            assertThat(got).as("pieces of %d", piece).hasSize(3);
            assertThat(got.get(1).get("result")).isEqualTo(Golden.parse(big.toString()).get("result"));
            assertThat(got.get(2).get("result").textValue()).isEqualTo("\u00e9");
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void framedFormFailsAMessageOverTheLimitAtItsOffset() {
        int limit = 200_000;
        String head = "{\"id\":1,\"result\":\"";
        byte[] bytes = (head + "x".repeat(2 * limit) + "\",\"error\":null}").getBytes(StandardCharsets.UTF_8);
        EmbeddedChannel ch = new EmbeddedChannel(new JsonFrameDecoder(limit, 16, true));
        for (int at = 0; at < bytes.length; at += 7_000) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(7_000, bytes.length - at)));
        }
        List<Object> out = drain(ch);
        assertThat(out).hasSize(1).first().isInstanceOfSatisfying(DecodeException.class,
                e -> assertThat(e.offset()).isBetween((long) limit, (long) limit + 7_000));
        assertThat(ch.finish()).isFalse();
    }
}
