package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.value.Uuid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link OvsdbClient} on an EmbeddedChannel, with the server's side played from golden fixtures. */
final class FakeServer implements AutoCloseable {

    final EmbeddedChannel channel = new EmbeddedChannel();
    final OvsdbClient client;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Object> updates = new CopyOnWriteArrayList<>();

    FakeServer(OvsdbClientOptions options) {
        client = OvsdbClient.attach(channel, options);
        client.addListener(new OvsdbListener() {
            @Override
            public void onUpdate(String monitorId, TableUpdates<RowUpdate> u) {
                events.add("update " + monitorId);
                updates.add(u);
            }

            @Override
            public void onUpdate2(String monitorId, TableUpdates<RowUpdate2> u) {
                events.add("update2 " + monitorId);
                updates.add(u);
            }

            @Override
            public void onUpdate3(String monitorId, Uuid lastTxnId, TableUpdates<RowUpdate2> u) {
                events.add("update3 " + monitorId + " " + lastTxnId);
                updates.add(u);
            }

            @Override
            public void onLocked(String lockId) {
                events.add("locked " + lockId);
            }

            @Override
            public void onStolen(String lockId) {
                events.add("stolen " + lockId);
            }

            @Override
            public void onDisconnected(Throwable cause) {
                events.add("disconnected");
            }
        });
    }

    /** Everything the client wrote since the last call, as JSON messages. */
    List<JsonNode> sent() {
        channel.runPendingTasks();
        List<JsonNode> out = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            try {
                out.addAll(Golden.messagesOf(b.toString(StandardCharsets.UTF_8)));
            } finally {
                b.release();
            }
        }
        return out;
    }

    /** The single request written since the last call. */
    JsonNode sentOne() {
        List<JsonNode> s = sent();
        if (s.size() != 1) {
            throw new AssertionError("expected one message from the client, got " + s);
        }
        return s.get(0);
    }

    /** Plays a golden server message; a response gets the id of {@code request}. */
    void play(JsonNode golden, JsonNode request) {
        ObjectNode copy = golden.deepCopy();
        if (request != null) {
            copy.set("id", request.get("id"));
        }
        channel.writeInbound(Unpooled.copiedBuffer(copy.toString(), StandardCharsets.UTF_8));
        channel.runPendingTasks();
    }

    void play(JsonNode golden) {
        play(golden, null);
    }

    /** The golden message of {@code fixture} whose id is {@code id}. */
    static JsonNode byId(String fixture, Object id) {
        JsonNode want = Golden.JSON.valueToTree(id);
        return Golden.messages(fixture).stream().filter(m -> want.equals(m.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no id " + id + " in " + fixture));
    }

    /** Golden messages of {@code fixture} with the given method (requests and notifications). */
    static List<JsonNode> byMethod(String fixture, String method) {
        return Golden.messages(fixture).stream().filter(m -> method.equals(m.path("method").asText(null))).toList();
    }

    /** Answers the client's get_schema for {@code db} with the captured schema. */
    void primeSchema(String db, String fixture) {
        var f = client.getSchema(db);
        JsonNode req = sentOne();
        play(byId(fixture, 1), req);
        f.join();
    }

    /**
     * RFC 7047 §5.1 lets a one-element set be written as ["set",[x]] or x; and monitor ids are the caller's
     * choice. Normalise both so a request can be compared with a captured one.
     */
    static JsonNode canonical(JsonNode n) {
        if (n.isArray()) {
            if (n.size() == 2 && "set".equals(n.get(0).asText(null)) && n.get(1).isArray() && n.get(1).size() == 1) {
                return canonical(n.get(1).get(0));
            }
            ArrayNode a = Golden.JSON.createArrayNode();
            n.forEach(x -> a.add(canonical(x)));
            return a;
        }
        if (n.isObject()) {
            ObjectNode o = Golden.JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                o.set(e.getKey(), canonical(e.getValue()));
            }
            return o;
        }
        return n;
    }

    /** A request without its id (ours are numbers, captured ones are whatever that client chose). */
    static JsonNode withoutId(JsonNode request) {
        ObjectNode o = canonical(request).deepCopy();
        o.remove("id");
        return o;
    }

    /** A monitor request without its id and monitor id. */
    static JsonNode withoutIds(JsonNode request) {
        ObjectNode o = (ObjectNode) withoutId(request);
        ((ArrayNode) o.get("params")).set(1, Golden.JSON.nullNode());
        return o;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
