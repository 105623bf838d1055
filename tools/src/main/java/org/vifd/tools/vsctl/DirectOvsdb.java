package org.vifd.tools.vsctl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.transport.Remote;
import org.vifd.ovsdb.tx.TransactResponses;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking JSON-RPC 1.0 client (RFC 7047 §4) for one-shot commands: a plain {@link SocketChannel} to a
 * {@code unix:} or {@code tcp:} remote (or a JDK {@link SSLSocket} to an {@code ssl:} one) and one reader thread,
 * no Netty event loop to start. It reuses the
 * ovsdb-protocol codec (Schema, Transaction params, TransactResponses) so answers mean exactly what they mean to
 * {@code OvsdbClient}. Requests are sequential: one call at a time, notifications ("update") go to the listener
 * given with the monitor, "echo" requests are answered (RFC 7047 §4.1.11).
 */
public final class DirectOvsdb implements AutoCloseable {

    /** Reader thread's marker for "connection closed", with the reason in the "error" field. */
    private static final String CLOSED = "vifctl-closed";

    private final String remote;
    private final SocketChannel channel;
    private final SSLSocket ssl;
    private final OutputStream sslOut;
    private final Duration timeout;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private volatile Consumer<JsonNode> updates = n -> { };
    private final java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
    private long nextId;
    private Schema schema;

    private DirectOvsdb(String remote, SocketChannel channel, SSLSocket ssl, Duration timeout) throws IOException {
        this.remote = remote;
        this.channel = channel;
        this.ssl = ssl;
        this.sslOut = ssl != null ? ssl.getOutputStream() : null;
        this.timeout = timeout;
        InputStream in = ssl != null ? ssl.getInputStream() : new ChannelInput(channel);
        Thread reader = new Thread(() -> read(in), "vifctl-ovsdb-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to an active unix: or tcp: remote; null for other methods. */
    public static DirectOvsdb connect(String remote, Duration timeout) {
        return connect(remote, timeout, TlsFiles.NONE);
    }

    /** Connects to an active unix:, tcp: or ssl: remote ({@code tls} gives the files ssl: needs); null for others. */
    public static DirectOvsdb connect(String remote, Duration timeout, TlsFiles tls) {
        Remote r;
        try {
            r = Remote.parse(remote);
        } catch (IllegalArgumentException e) {
            throw new VsctlException(e.getMessage());
        }
        SocketChannel ch = null;
        try {
            switch (r.kind()) {
                case UNIX -> {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(r.path()));
                }
                case TCP -> {
                    ch = SocketChannel.open();
                    ch.socket().connect(new InetSocketAddress(r.host(), r.port()), (int) Math.min(Integer.MAX_VALUE,
                            timeout.isZero() ? 0 : timeout.toMillis()));
                    ch.socket().setTcpNoDelay(true);
                }
                case SSL -> {
                    return connectSsl(remote, r, timeout, tls);
                }
                default -> {
                    return null;
                }
            }
            return new DirectOvsdb(remote, ch, null, timeout);
        } catch (IOException e) {
            closeQuietly(ch);
            String m = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new VsctlException("cannot connect to " + remote + ": " + m);
        }
    }

    /** TLS over a blocking socket; the handshake runs here so a refused certificate is this command's one error. */
    private static DirectOvsdb connectSsl(String remote, Remote r, Duration timeout, TlsFiles tls) {
        SSLContext context = tls.jdkClient(remote);
        SSLSocket s = null;
        try {
            s = (SSLSocket) context.getSocketFactory().createSocket();
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.isZero() ? 0 : timeout.toMillis());
            s.connect(new InetSocketAddress(r.host(), r.port()), millis);
            s.setTcpNoDelay(true);
            s.setSoTimeout(millis);
            s.startHandshake();
            s.setSoTimeout(0);
            return new DirectOvsdb(remote, null, s, timeout);
        } catch (IOException e) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already failing: the first error is the one to report
                }
            }
            throw new VsctlException("cannot connect to " + remote + ": " + sslReason(e));
        }
    }

    /** The innermost message of a TLS failure ("PKIX path building failed" for an unknown CA, not the wrapper's). */
    private static String sslReason(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c && c.getCause().getMessage() != null) {
            c = c.getCause();
        }
        String m = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
        return c instanceof javax.net.ssl.SSLException || c.getClass().getName().startsWith("sun.security")
                ? "TLS handshake failed: " + m : m;
    }

    private void read(InputStream in) {
        ObjectNode closed = JsonNodeFactory.instance.objectNode().put("method", CLOSED);
        try (JsonParser p = JsonTrees.FACTORY.createParser(in)) {
            // The server sends JSON values back to back with no framing (RFC 7047 §4): parse them as a stream.
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    closed.put("error", "not a JSON-RPC object at offset " + p.currentLocation().getByteOffset());
                    break;
                }
                JsonNode msg = JsonTrees.read(p);
                JsonNode method = msg.get("method");
                if (method != null && "update".equals(method.asText())) {
                    updates.accept(msg.get("params"));
                } else if (method != null && "echo".equals(method.asText()) && msg.hasNonNull("id")) {
                    ObjectNode reply = JsonNodeFactory.instance.objectNode();
                    reply.set("result", msg.get("params"));
                    reply.putNull("error");
                    reply.set("id", msg.get("id"));
                    write(reply);
                } else {
                    inbox.add(msg);
                }
            }
            closed.put("error", "connection closed by the server");
        } catch (IOException | RuntimeException e) {
            closed.put("error", String.valueOf(e.getMessage()));
        }
        inbox.add(closed);
        this.closed.complete(closed.path("error").asText());
    }

    /** Completes with the reason when the connection ends. */
    public java.util.concurrent.CompletableFuture<String> closed() {
        return closed;
    }

    private synchronized void write(JsonNode message) {
        try {
            byte[] bytes = JsonTrees.write(message);
            if (sslOut != null) {
                sslOut.write(bytes);
                sslOut.flush();
                return;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new VsctlException(remote + ": database connection failed (" + e.getMessage() + ")");
        }
    }

    /** Sends one request and waits for its reply; an error reply becomes an {@link OvsdbException}. */
    public JsonNode call(String method, JsonNode params) {
        long id = nextId++;
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("method", method);
        request.set("params", params);
        request.put("id", id);
        write(request);
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode msg = poll(deadline, method);
            if (msg.has("id") && msg.get("id").isNumber() && msg.get("id").asLong() == id) {
                JsonNode error = msg.get("error");
                if (error != null && !error.isNull()) {
                    String e = error.isTextual() ? error.asText() : error.path("error").asText(error.toString());
                    String details = error.isObject() && error.hasNonNull("details") ? error.get("details").asText() : null;
                    throw new OvsdbException(e, details);
                }
                return msg.get("result");
            }
        }
    }

    private JsonNode poll(long deadline, String what) {
        try {
            long wait = deadline - System.nanoTime();
            JsonNode msg = wait <= 0 ? null : inbox.poll(wait, TimeUnit.NANOSECONDS);
            if (msg == null) {
                throw new VsctlException("timeout expired waiting for " + what + " reply from " + remote);
            }
            if (CLOSED.equals(msg.path("method").asText())) {
                inbox.add(msg);   // every later call fails the same way
                throw new VsctlException(remote + ": database connection failed (" + msg.path("error").asText() + ")");
            }
            return msg;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VsctlException("interrupted waiting for " + what);
        }
    }

    /** get_schema (RFC 7047 §4.1.2), fetched once per connection. */
    public Schema getSchema(String db) {
        if (schema == null || !schema.name().equals(db)) {
            schema = Schema.parse(call("get_schema", JsonNodeFactory.instance.arrayNode().add(db)));
        }
        return schema;
    }

    /** transact (RFC 7047 §4.1.3), checked against the schema first as OvsdbClient does. */
    public TransactResult transact(Transaction tx) {
        Schema s = getSchema(tx.database());
        tx.validate(s);
        return TransactResponses.decode(call("transact", tx.toParams()), tx.operations(), s);
    }

    /**
     * monitor (RFC 7047 §4.1.5) with raw JSON: answers the initial table-updates; later "update" notifications'
     * table-updates go to {@code listener} on the reader thread.
     */
    public JsonNode monitor(String db, String monitorId, JsonNode requests, Consumer<JsonNode> listener) {
        updates = params -> {
            if (params != null && params.size() >= 2 && monitorId.equals(params.get(0).asText())) {
                listener.accept(params.get(1));
            }
        };
        ArrayNode params = JsonNodeFactory.instance.arrayNode().add(db).add(monitorId).add(requests);
        return call("monitor", params);
    }

    public String remote() {
        return remote;
    }

    @Override
    public void close() {
        if (ssl != null) {
            try {
                ssl.close();
            } catch (IOException ignored) {
                // Closing a socket we are done with: nothing to tell the operator.
            }
        }
        closeQuietly(channel);
    }

    /**
     * Reads straight from the channel: the streams of java.nio.channels.Channels lock the channel for reads and writes
     * alike, so a reader blocked in one thread would stall every write from another.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : channel.read(java.nio.ByteBuffer.wrap(b, off, len));
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closing a socket we are done with: nothing to tell the operator.
            }
        }
    }
}
