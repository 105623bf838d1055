package org.vifd.ovsdb.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;
import org.vifd.ovsdb.jsonrpc.NotificationListener;
import org.vifd.ovsdb.jsonrpc.OutboundCall;
import org.vifd.ovsdb.jsonrpc.PreparedCall;
import org.vifd.ovsdb.jsonrpc.RawJson;
import org.vifd.ovsdb.jsonrpc.ReplySink;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.transport.OvsdbConnector;
import org.vifd.ovsdb.transport.OvsdbPipeline;
import org.vifd.ovsdb.transport.Remote;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.TransactResponses;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.JsonTextReader;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.ValueJson;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An OVSDB client on one connection: every method of RFC 7047 §4.1 and the extensions of ovsdb-server(7), each
 * answering a {@link CompletableFuture}. Every failure — the server's error, a lost connection, a schema violation
 * found before sending, a malformed reply — completes the future exceptionally with an {@link OvsdbException}
 * (see its subclasses); nothing is thrown at the caller. Thread-safe. Futures complete on the connection's event
 * loop: do not block in their callbacks.
 * <p>
 * To keep many requests in flight, send the next one from the callback of one before: requests sent while the loop
 * reads replies leave in one write per batch read (see {@code OvsdbPipeline}). A thread that blocks until a slot
 * frees is woken once per reply and hands each request over alone; on few cores those wake-ups preempt the server
 * (in issue 3's benchmark ovsdb-server's own CPU per transaction then rose by 60–100 %).
 */
public final class OvsdbClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OvsdbClient.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** A factory with a codec, so that generators can write trees too. */
    private static final JsonFactory JSON = new ObjectMapper().getFactory();

    private final Channel channel;
    private final OvsdbClientOptions options;
    private final JsonRpcHandler rpc;
    private final WriteBatcher writes;
    private final List<OvsdbListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Schema>> schemas = new ConcurrentHashMap<>();
    private final Map<String, String> monitorDatabases = new ConcurrentHashMap<>();

    private OvsdbClient(Channel channel, OvsdbClientOptions options, JsonRpcHandler rpc) {
        this.channel = channel;
        this.options = options;
        this.rpc = rpc;
        this.writes = new WriteBatcher(channel);
    }

    /** Connects with default options to one remote or the first that answers of a comma-separated list. */
    public static CompletableFuture<OvsdbClient> connect(String remotes) {
        return connect(remotes, OvsdbClientOptions.DEFAULTS);
    }

    public static CompletableFuture<OvsdbClient> connect(String remotes, OvsdbClientOptions options) {
        List<Remote> parsed;
        try {
            parsed = Remote.parseList(remotes);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.CONNECT_FAILED.name(), e.getMessage(), e));
        }
        return connect(parsed, options);
    }

    public static CompletableFuture<OvsdbClient> connect(Remote remote, OvsdbClientOptions options) {
        return connect(List.of(remote), options);
    }

    public static CompletableFuture<OvsdbClient> connect(List<Remote> remotes, OvsdbClientOptions options) {
        Objects.requireNonNull(options, "options");
        Dispatcher dispatcher = new Dispatcher();
        JsonRpcHandler[] rpc = new JsonRpcHandler[1];
        return unwrapped(OvsdbConnector.connectFirst(remotes, options.eventLoopGroup(), options.connectTimeout(),
                options.sslContext(),
                p -> rpc[0] = OvsdbPipeline.install(p, options, dispatcher)).thenApply(ch -> {
            OvsdbClient client = new OvsdbClient(ch, options, rpc[0]);
            dispatcher.client = client;
            LOG.info("ovsdb {} connected", ch.remoteAddress());
            return client;
        }));
    }

    /**
     * Installs the OVSDB pipeline on a channel that is already open (any transport, or an EmbeddedChannel in
     * tests) and answers a client on it.
     */
    public static OvsdbClient attach(Channel channel, OvsdbClientOptions options) {
        Dispatcher dispatcher = new Dispatcher();
        JsonRpcHandler rpc = OvsdbPipeline.install(channel.pipeline(), options, dispatcher);
        OvsdbClient client = new OvsdbClient(channel, options, rpc);
        dispatcher.client = client;
        return client;
    }

    public Channel channel() {
        return channel;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public boolean isActive() {
        return channel.isActive();
    }

    public OvsdbClientOptions options() {
        return options;
    }

    public OvsdbClient addListener(OvsdbListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    public void removeListener(OvsdbListener listener) {
        listeners.remove(listener);
    }

    /** Sends one request; the future gets the reply's "result". */
    public CompletableFuture<JsonNode> call(String method, JsonNode params) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        send(new OutboundCall(method, params, reply));
        return reply;
    }

    /**
     * Writes a call. Once the channel has closed, its handlers are gone and a write never reaches the JSON-RPC
     * handler: the failed write promise then fails the call.
     */
    private void send(OutboundCall call) {
        writes.write(call).addListener(f -> {
            if (!f.isSuccess()) {
                call.reply().completeExceptionally(new org.vifd.ovsdb.NotConnectedException(
                        call.method() + " not sent to " + channel.remoteAddress() + ": " + f.cause(), f.cause()));
            }
        });
    }

    /** A future that fails with the cause itself, not a CompletionException around it. */
    static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e == null) {
                out.complete(v);
            } else {
                out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return out;
    }

    /** Writes the "params" of a request. */
    @FunctionalInterface
    private interface ParamsWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Encodes a request on the caller's thread, straight into a buffer, and hands it to the event loop, which only
     * remembers {@code sink} and writes the bytes. The reply is decoded by the sink on the loop, completing the
     * caller's future in one step.
     */
    private void sendPrepared(String method, ParamsWriter params, ReplySink sink) {
        long id = rpc.newId();
        ByteBuf buf = channel.alloc().buffer(512);
        try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("method", method);
            g.writeFieldName("params");
            params.write(g);
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            buf.release();
            sink.future().completeExceptionally(e instanceof OvsdbException ? e
                    : new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), method + " cannot be encoded: " + e.getMessage(), e));
            return;
        }
        writes.write(new PreparedCall(id, method, buf, sink)).addListener(f -> {
            if (!f.isSuccess()) {
                sink.future().completeExceptionally(new org.vifd.ovsdb.NotConnectedException(
                        method + " not sent to " + channel.remoteAddress() + ": " + f.cause(), f.cause()));
            }
        });
    }

    /** Like {@link #call(String, JsonNode, Function)}, decoding the result from its text (streaming, no tree). */
    private <T> CompletableFuture<T> callRaw(String method, JsonNode params, Function<RawJson, T> decode) {
        CompletableFuture<T> out = new CompletableFuture<>();
        sendPrepared(method, g -> g.writeTree(params), new ReplySink() {
            @Override
            public CompletableFuture<?> future() {
                return out;
            }

            @Override
            public void onResult(RawJson result) {
                try {
                    out.complete(decode.apply(result));
                } catch (IllegalArgumentException | ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
                    String text = result.toString();
                    out.completeExceptionally(new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), "malformed " + method + " reply "
                            + (text.length() <= 200 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)") + ": "
                            + e.getMessage(), e));
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            }
        });
        return out;
    }

    private <T> CompletableFuture<T> call(String method, JsonNode params, Function<JsonNode, T> decode) {
        return unwrapped(call(method, params).thenApply(result -> {
            try {
                return decode.apply(result);
            } catch (IllegalArgumentException | ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
                throw new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(),
                        "malformed " + method + " reply " + ValueJson.abbreviate(result) + ": " + e.getMessage(), e);
            }
        }));
    }

    private static ArrayNode params(Object... items) {
        ArrayNode a = NODES.arrayNode(items.length);
        for (Object o : items) {
            if (o == null) {
                a.addNull();
            } else if (o instanceof JsonNode n) {
                a.add(n);
            } else if (o instanceof Boolean b) {
                a.add(b);
            } else {
                a.add(o.toString());
            }
        }
        return a;
    }

    // ---- RFC 7047 §4.1.1 list_dbs, §4.1.2 get_schema ----

    public CompletableFuture<List<String>> listDbs() {
        return call("list_dbs", params(), result -> {
            List<String> dbs = new ArrayList<>();
            for (JsonNode n : result) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException("database name is not a string: " + n);
                }
                dbs.add(n.textValue());
            }
            return List.copyOf(dbs);
        });
    }

    /** The schema of {@code db}, fetched once per connection and then answered from the cache. */
    public CompletableFuture<Schema> getSchema(String db) {
        CompletableFuture<Schema> cached = schemas.get(db);
        if (cached != null && !cached.isCompletedExceptionally()) {
            return cached;
        }
        CompletableFuture<Schema> fetched = call("get_schema", params(db), Schema::parse);
        schemas.put(db, fetched);
        fetched.whenComplete((s, err) -> {
            if (err != null) {
                schemas.remove(db, fetched);
            }
        });
        return fetched;
    }

    /** The schema of {@code db} if it has been fetched already, else null. */
    public Schema cachedSchema(String db) {
        CompletableFuture<Schema> f = schemas.get(db);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
    }

    // ---- RFC 7047 §4.1.3 transact, §4.1.4 cancel ----

    /**
     * Sends the transaction. With {@code validateBeforeSend} (the default) it is first checked against the schema
     * (fetched once); a violation fails the future with {@code SchemaViolationException} and nothing is sent. A
     * rejected transaction fails with {@code TransactionException} carrying the server's error, details and the
     * failed operation. A {@code ConnectionClosedException} means the outcome is unknown: the transaction may have
     * committed.
     */
    public CompletableFuture<TransactResult> transact(Transaction tx) {
        TransactSink sink = new TransactSink(tx.operations());
        String db = tx.database();
        // Encoded now, on the caller's thread: the transaction may change once this method has returned.
        long id = rpc.newId();
        ByteBuf request = channel.alloc().buffer(256 + 256 * tx.size());
        try (JsonGenerator g = JSON.createGenerator((OutputStream) new ByteBufOutputStream(request))) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("method", "transact");
            g.writeFieldName("params");
            tx.writeParams(g);
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            request.release();
            sink.result.completeExceptionally(new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(),
                    "transaction cannot be encoded: " + e.getMessage(), e));
            return sink.result;
        }
        PreparedCall call = new PreparedCall(id, "transact", request, sink);
        Schema cached = cachedSchema(db);
        if (!options.validateBeforeSend()) {
            sink.schema = cached;
            send(call);
        } else if (cached != null) {
            validateAndSend(tx, cached, call);
        } else {
            getSchema(db).whenComplete((schema, e) -> {
                if (e != null) {
                    call.release();
                    sink.result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                } else {
                    validateAndSend(tx, schema, call);
                }
            });
        }
        return sink.result;
    }

    /** The schema check is cheap (no allocation for a valid row but a set of names); a violation sends nothing. */
    private void validateAndSend(Transaction tx, Schema schema, PreparedCall call) {
        TransactSink sink = (TransactSink) call.sink();
        try {
            tx.validate(schema);
        } catch (RuntimeException e) {
            call.release();
            sink.result.completeExceptionally(e);
            return;
        }
        sink.schema = schema;
        send(call);
    }

    private void send(PreparedCall call) {
        writes.write(call).addListener(f -> {
            if (!f.isSuccess()) {
                call.sink().future().completeExceptionally(new org.vifd.ovsdb.NotConnectedException(
                        call.method() + " not sent to " + channel.remoteAddress() + ": " + f.cause(), f.cause()));
            }
        });
    }

    /** Decodes a transact reply on the event loop and completes the caller's future with it. */
    private static final class TransactSink implements ReplySink {
        final CompletableFuture<TransactResult> result = new CompletableFuture<>();
        final List<Operation> ops;
        volatile Schema schema;

        TransactSink(List<Operation> ops) {
            this.ops = ops;
        }

        @Override
        public CompletableFuture<?> future() {
            return result;
        }

        @Override
        public void onResult(RawJson reply) {
            try {
                result.complete(TransactResponses.decode(reply.toTree(), ops, schema));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    /**
     * Cancels a transaction returned by {@link #transact} that is still waiting (a "wait" without timeout): sends
     * "cancel" (RFC 7047 §4.1.4) and fails the transaction's future with "canceled". Answers whether it was waiting.
     */
    public CompletableFuture<Boolean> cancel(CompletableFuture<TransactResult> transaction) {
        if (transaction.isDone()) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        channel.eventLoop().execute(() -> done.complete(rpc.cancel(transaction)));
        return done;
    }

    // ---- RFC 7047 §4.1.5 monitor, §4.1.7 monitor_cancel; ovsdb-server(7) monitor_cond* ----

    /** RFC 7047 §4.1.5: the reply holds the initial contents; later changes arrive as {@link OvsdbListener#onUpdate}. */
    public CompletableFuture<TableUpdates<RowUpdate>> monitor(String db, String monitorId, Map<String, MonitorRequest> requests) {
        return monitorCall("monitor", db, monitorId, requests, null, false,
                (result, schema) -> UpdateDecoder.decodeUpdates(result.toTree(), schema));
    }

    /** ovsdb-server(7) monitor_cond: like monitor, with "where" per table; changes arrive as {@link OvsdbListener#onUpdate2}. */
    public CompletableFuture<TableUpdates<RowUpdate2>> monitorCond(String db, String monitorId, Map<String, MonitorRequest> requests) {
        return monitorCond(db, monitorId, requests, Map.of());
    }

    /**
     * {@link #monitorCond(String, String, Map)} with the reply's "initial" rows of the tables in {@code shapes} built in
     * that shape (see {@link UpdateDecoder#readUpdates2(JsonParser, Schema, Map)}): "_uuid" and every column of the
     * shape, the ones the server left out holding their defaults.
     */
    public CompletableFuture<TableUpdates<RowUpdate2>> monitorCond(String db, String monitorId, Map<String, MonitorRequest> requests,
                                                                   Map<String, Row.Shape> shapes) {
        Map<String, Row.Shape> s = Map.copyOf(shapes);
        return monitorCall("monitor_cond", db, monitorId, requests, null, true, (result, schema) -> readUpdates2(result, schema, s));
    }

    private static TableUpdates<RowUpdate2> readUpdates2(RawJson json, Schema schema, Map<String, Row.Shape> shapes) {
        if (json.isText()) {
            JsonTextReader r = json.textReader();
            TableUpdates<RowUpdate2> u = UpdateDecoder.readUpdates2(r, schema, shapes);
            if (!r.atEnd()) {
                throw r.error("text after <table-updates2>");
            }
            return u;
        }
        try (JsonParser p = json.parser()) {
            p.nextToken();
            return UpdateDecoder.readUpdates2(p, schema, shapes);
        } catch (IOException e) {
            throw new IllegalArgumentException("<table-updates2> unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * ovsdb-server(7) monitor_cond_since: asks for the changes since {@code lastTxnId} (null: everything). A
     * clustered server that still has that transaction answers found=true and only the changes since; a
     * standalone server keeps no history and always answers found=false with the full contents. Later changes
     * arrive as {@link OvsdbListener#onUpdate3}.
     */
    public CompletableFuture<MonitorSinceResult> monitorCondSince(String db, String monitorId, Map<String, MonitorRequest> requests,
                                                                  Uuid lastTxnId) {
        return monitorCondSince(db, monitorId, requests, lastTxnId, Map.of());
    }

    /**
     * {@link #monitorCondSince(String, String, Map, Uuid)} with the reply's "initial" and "insert" rows of the tables
     * in {@code shapes} built in that shape (see {@link UpdateDecoder#readUpdates2(JsonParser, Schema, Map)}).
     */
    public CompletableFuture<MonitorSinceResult> monitorCondSince(String db, String monitorId, Map<String, MonitorRequest> requests,
                                                                  Uuid lastTxnId, Map<String, Row.Shape> shapes) {
        JsonNode last = lastTxnId == null ? NODES.textNode(Uuid.ZERO.toString()) : NODES.textNode(lastTxnId.toString());
        Map<String, Row.Shape> s = Map.copyOf(shapes);
        return monitorCall("monitor_cond_since", db, monitorId, requests, last, true, (result, schema) -> readSinceResult(result, schema, s));
    }

    /** {@code [found, last-txn-id, table-updates2]}, streamed. */
    private static MonitorSinceResult readSinceResult(RawJson result, Schema schema, Map<String, Row.Shape> shapes) {
        if (result.isText()) {
            // Straight from the text: the initial contents of a big database are most of what a client ever reads.
            JsonTextReader r = result.textReader();
            r.expect('[', "expected [found, last-txn-id, table-updates2]");
            if (r.peek() != 't' && r.peek() != 'f') {
                throw r.error("expected [found, last-txn-id, table-updates2]");
            }
            boolean found = ((Atom.Bool) r.readAtom()).value();
            r.expect(',', "expected [found, last-txn-id, table-updates2]");
            Uuid last = r.readUuidString();
            r.expect(',', "expected [found, last-txn-id, table-updates2]");
            TableUpdates<RowUpdate2> updates = UpdateDecoder.readUpdates2(r, schema, shapes);
            r.expect(']', "expected [found, last-txn-id, table-updates2]");
            return new MonitorSinceResult(found, last, updates);
        }
        try (JsonParser p = result.parser()) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("expected [found, last-txn-id, table-updates2]");
            }
            JsonToken found = p.nextToken();
            if (found != JsonToken.VALUE_TRUE && found != JsonToken.VALUE_FALSE || p.nextToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("expected [found, last-txn-id, table-updates2]");
            }
            Uuid last = new Uuid(ValueJson.parseUuid(p.getText()));
            p.nextToken();
            TableUpdates<RowUpdate2> updates = UpdateDecoder.readUpdates2(p, schema, shapes);
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new IllegalArgumentException("expected [found, last-txn-id, table-updates2]");
            }
            return new MonitorSinceResult(found == JsonToken.VALUE_TRUE, last, updates);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage(), e);
        }
    }

    private <T> CompletableFuture<T> monitorCall(String method, String db, String monitorId, Map<String, MonitorRequest> requests,
                                                 JsonNode extra, boolean conditional, java.util.function.BiFunction<RawJson, Schema, T> decode) {
        Objects.requireNonNull(monitorId, "monitorId");
        ObjectNode reqs = NODES.objectNode();
        for (Map.Entry<String, MonitorRequest> e : requests.entrySet()) {
            if (!conditional && e.getValue().where() != null) {
                return CompletableFuture.failedFuture(new OvsdbException(OvsdbError.NOT_SUPPORTED.name(),
                        "plain monitor has no \"where\" (table " + e.getKey() + "); use monitorCond"));
            }
            JsonNode one = e.getValue().toJson(conditional);
            // RFC 7047 §4.1.5 names one <monitor-request> per table; OVS takes an array of them for every monitor
            // method, and ovsdb-client sends the array form even for plain "monitor" (golden client_monitor.c2s.json).
            reqs.set(e.getKey(), NODES.arrayNode(1).add(one));
        }
        ArrayNode params = params(db, monitorId, reqs);
        if (extra != null) {
            params.add(extra);
        }
        return unwrapped(getSchema(db).thenCompose(schema -> {
            monitorDatabases.put(monitorId, db);
            return callRaw(method, params, result -> decode.apply(result, schema)).whenComplete((r, e) -> {
                if (e != null) {
                    monitorDatabases.remove(monitorId, db);
                }
            });
        }));
    }

    /**
     * ovsdb-server(7) monitor_cond_change: replaces the conditions (and, if given, the columns) of the tables named
     * in {@code changes}; {@code newMonitorId} names the monitor from now on (may equal {@code monitorId}).
     */
    public CompletableFuture<Void> monitorCondChange(String monitorId, String newMonitorId, Map<String, MonitorRequest> changes) {
        ObjectNode reqs = NODES.objectNode();
        changes.forEach((table, r) -> reqs.set(table, NODES.arrayNode(1).add(r.toJson(true))));
        String db = monitorDatabases.get(monitorId);
        return call("monitor_cond_change", params(monitorId, newMonitorId, reqs), r -> {
            if (db != null && !monitorId.equals(newMonitorId)) {
                monitorDatabases.remove(monitorId);
                monitorDatabases.put(newMonitorId, db);
            }
            return null;
        });
    }

    /** RFC 7047 §4.1.7. */
    public CompletableFuture<Void> monitorCancel(String monitorId) {
        return call("monitor_cancel", params(monitorId), r -> {
            monitorDatabases.remove(monitorId);
            return null;
        });
    }

    // ---- RFC 7047 §4.1.8 lock, steal, unlock; §4.1.9 locked, §4.1.10 stolen ----

    /** True if the lock is held now; false if it is queued ({@link OvsdbListener#onLocked} tells when it is granted). */
    public CompletableFuture<Boolean> lock(String lockId) {
        return call("lock", params(lockId), r -> lockedOf(r));
    }

    /** Takes the lock from whoever holds it (they get "stolen"); true when held. */
    public CompletableFuture<Boolean> steal(String lockId) {
        return call("steal", params(lockId), r -> lockedOf(r));
    }

    public CompletableFuture<Void> unlock(String lockId) {
        return call("unlock", params(lockId), r -> null);
    }

    private static boolean lockedOf(JsonNode r) {
        JsonNode locked = r.get("locked");
        if (locked == null || !locked.isBoolean()) {
            throw new IllegalArgumentException("expected {\"locked\": boolean}");
        }
        return locked.booleanValue();
    }

    // ---- RFC 7047 §4.1.11 echo; ovsdb-server(7) get_server_id, set_db_change_aware ----

    /** Sends "echo" with the given params; the future gets them back. */
    public CompletableFuture<JsonNode> echo(JsonNode params) {
        return call("echo", params);
    }

    public CompletableFuture<JsonNode> echo() {
        return echo(params());
    }

    /** ovsdb-server(7) get_server_id: the server's unique id. */
    public CompletableFuture<Uuid> getServerId() {
        return call("get_server_id", params(), r -> new Uuid(ValueJson.parseUuid(r.textValue())));
    }

    /** ovsdb-server(7) set_db_change_aware: with true, the server no longer closes the session when a database changes. */
    public CompletableFuture<Void> setDbChangeAware(boolean aware) {
        return call("set_db_change_aware", params(aware), r -> null);
    }

    // ---- lifecycle ----

    /** Completes when the connection has closed, for any reason. */
    public CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Turns notifications into listener calls, decoding rows with the monitored database's schema. */
    private static final class Dispatcher implements NotificationListener {
        private volatile OvsdbClient client;

        @Override
        public void onNotification(String method, JsonNode params) {
            OvsdbClient c = client;
            if (c == null) {
                return;
            }
            String monitorId = params.size() > 0 ? textOf(params.get(0)) : null;
            try {
                switch (method) {
                    case "update" -> {
                        TableUpdates<RowUpdate> u = UpdateDecoder.decodeUpdates(params.get(1), c.schemaOfMonitor(monitorId));
                        c.listeners.forEach(l -> l.onUpdate(monitorId, u));
                    }
                    case "update2" -> {
                        TableUpdates<RowUpdate2> u = UpdateDecoder.decodeUpdates2(params.get(1), c.schemaOfMonitor(monitorId));
                        c.listeners.forEach(l -> l.onUpdate2(monitorId, u));
                    }
                    case "update3" -> {
                        Uuid last = new Uuid(ValueJson.parseUuid(params.get(1).textValue()));
                        TableUpdates<RowUpdate2> u = UpdateDecoder.decodeUpdates2(params.get(2), c.schemaOfMonitor(monitorId));
                        c.listeners.forEach(l -> l.onUpdate3(monitorId, last, u));
                    }
                    case "locked" -> c.listeners.forEach(l -> l.onLocked(monitorId));
                    case "stolen" -> c.listeners.forEach(l -> l.onStolen(monitorId));
                    default -> LOG.debug("ovsdb {} ignored notification {}", c.remoteAddress(), method);
                }
            } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
                if (method.startsWith("update")) {
                    // A monitor that skipped an update would silently diverge from the database: drop the connection
                    // instead, so that whoever monitors resynchronises on the next one.
                    LOG.warn("ovsdb {} closing connection: malformed {} notification for monitor {}: {}", c.remoteAddress(), method,
                            monitorId, e.getMessage());
                    c.close();
                } else {
                    LOG.warn("ovsdb {} dropped malformed {} notification for {}: {}", c.remoteAddress(), method, monitorId, e.getMessage());
                }
            }
        }

        /** update2 and update3 carry a monitor's changes, possibly many rows: they are read straight from the text. */
        @Override
        public void onRawNotification(String method, RawJson params) {
            OvsdbClient c = client;
            if (c == null) {
                return;
            }
            if (!method.equals("update2") && !method.equals("update3")) {
                onNotification(method, params.toTree());
                return;
            }
            String monitorId = null;
            try (JsonParser p = params.parser()) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("params must be an array");
                }
                JsonToken t = p.nextToken();
                if (t == null || t.isStructEnd()) {
                    throw new IllegalArgumentException("params lack the monitor id");
                }
                if (t.isStructStart()) {
                    p.skipChildren();   // we only ever send string ids
                } else {
                    monitorId = p.getText();
                }
                p.nextToken();
                Uuid last = null;
                if (method.equals("update3")) {
                    last = new Uuid(ValueJson.parseUuid(p.getValueAsString()));
                    p.nextToken();
                }
                TableUpdates<RowUpdate2> u = UpdateDecoder.readUpdates2(p, c.schemaOfMonitor(monitorId));
                String id = monitorId;
                Uuid lastTxn = last;
                if (lastTxn == null) {
                    c.listeners.forEach(l -> l.onUpdate2(id, u));
                } else {
                    c.listeners.forEach(l -> l.onUpdate3(id, lastTxn, u));
                }
            } catch (IOException | IllegalArgumentException | NullPointerException | ClassCastException e) {
                // A monitor that skipped an update would silently diverge from the database: drop the connection
                // instead, so that whoever monitors resynchronises on the next one.
                LOG.warn("ovsdb {} closing connection: malformed {} notification for monitor {}: {}", c.remoteAddress(), method,
                        monitorId, e.getMessage());
                c.close();
            }
        }

        @Override
        public void onClosed(Throwable cause) {
            OvsdbClient c = client;
            if (c != null) {
                LOG.info("ovsdb {} disconnected", c.remoteAddress());
                c.listeners.forEach(l -> l.onDisconnected(cause));
            }
        }

        private static String textOf(JsonNode n) {
            return n == null ? null : n.isTextual() ? n.textValue() : n.toString();
        }
    }

    private Schema schemaOfMonitor(String monitorId) {
        String db = monitorId == null ? null : monitorDatabases.get(monitorId);
        return db == null ? null : cachedSchema(db);
    }
}
