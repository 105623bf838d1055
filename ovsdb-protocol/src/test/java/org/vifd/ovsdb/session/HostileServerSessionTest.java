package org.vifd.ovsdb.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;

/**
 * A session against servers that lie: garbage, a 200 MB string, replies of the wrong type. Each connection is
 * dropped with a log line saying why, the session retries with backoff, never reports itself connected, and what
 * it reads of the huge string is bounded by the configured maximum message size.
 */
class HostileServerSessionTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final Reconnect.Options BACKOFF = Reconnect.Options.DEFAULTS
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

    /** A one-behaviour fake server on loopback that records when each connection arrived and what it sent. */
    private static final class LyingServer implements AutoCloseable {
        interface Behaviour {
            long serve(InputStream in, OutputStream out) throws IOException;
        }

        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<Long> acceptedAt = new CopyOnWriteArrayList<>();
        final List<Long> bytesSent = new CopyOnWriteArrayList<>();
        final Thread thread;

        LyingServer(Behaviour behaviour) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        acceptedAt.add(System.nanoTime());
                        long sent = 0;
                        try {
                            sent = behaviour.serve(s.getInputStream(), s.getOutputStream());
                        } catch (IOException closedByClient) {
                            sent = -1;
                        }
                        bytesSent.add(sent);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "lying-ovsdb-server");
            thread.setDaemon(true);
            thread.start();
        }

        String remote() {
            return "tcp:127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static OvsdbSession session(LyingServer server) {
        return OvsdbSession.builder(server.remote()).database("Open_vSwitch").reconnect(BACKOFF)
                .clientOptions(OvsdbClientOptions.builder().maxMessageBytes(MAX_MESSAGE).build()).build();
    }

    /** Reads until the peer closes; answers how many bytes it had written. */
    private static long drainUntilClosed(InputStream in, long sent) throws IOException {
        byte[] buf = new byte[4096];
        while (in.read(buf) >= 0) {
            // The client's requests: ignored.
        }
        return sent;
    }

    private static void assertRetriedWithBackoff(LyingServer server, OvsdbSession session) {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.acceptedAt.size() >= 4);
        assertThat(session.isConnected()).isFalse();
        long minGapNanos = (long) (BACKOFF.minBackoff().toNanos() * (1 - BACKOFF.jitter()));
        for (int i = 1; i < 4; i++) {
            assertThat(server.acceptedAt.get(i) - server.acceptedAt.get(i - 1))
                    .as("gap before reconnect %d", i).isGreaterThanOrEqualTo(minGapNanos);
        }
    }

    @Test
    void garbageClosesTheConnectionWithALogLineAndTheSessionBacksOff() throws Exception {
        byte[] garbage = {0, (byte) 0xff, '}', '}', '{', '[', 0x7f, (byte) 0xc3, 0x28};
        try (LogCapture log = new LogCapture(JsonRpcHandler.class);
             LyingServer server = new LyingServer((in, out) -> {
                 out.write(garbage);
                 out.flush();
                 return drainUntilClosed(in, garbage.length);
             });
             OvsdbSession session = session(server)) {
            session.start();
            assertRetriedWithBackoff(server, session);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("closing connection").contains("decode error"));
        }
    }

    @Test
    void aHugeStringIsCutOffAtTheMessageLimitAndMemoryStaysBounded() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        long twoHundredMb = 200L << 20;
        try (LogCapture log = new LogCapture(JsonRpcHandler.class);
             LyingServer server = new LyingServer((in, out) -> {
                 byte[] head = "{\"id\":null,\"method\":\"update\",\"params\":[null,\"".getBytes(StandardCharsets.US_ASCII);
                 out.write(head);
                 long sent = head.length;
                 try {
                     while (sent < twoHundredMb) {
                         out.write(chunk);
                         sent += chunk.length;
                     }
                 } catch (IOException closedByClient) {
                     return sent;
                 }
                 return sent;
             });
             OvsdbSession session = session(server)) {
            session.start();
            assertRetriedWithBackoff(server, session);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.bytesSent.size() >= 3);
            // Whatever the server got into the socket before we closed it: our limit plus the kernel's buffers.
            assertThat(server.bytesSent.subList(0, 3)).allSatisfy(sent -> assertThat(sent)
                    .isGreaterThan(MAX_MESSAGE).isLessThan(MAX_MESSAGE + (16L << 20)));
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("closing connection").contains("longer than the limit"));
        }
    }

    @Test
    void repliesOfTheWrongTypeAreAProtocolErrorNotAConnection() throws Exception {
        Pattern id = Pattern.compile("\"id\":\\s*(\"[^\"]*\"|[0-9]+)");
        try (LogCapture log = new LogCapture(Reconnect.class);
             LyingServer server = new LyingServer((in, out) -> {
                 StringBuilder request = new StringBuilder();
                 byte[] buf = new byte[4096];
                 int n;
                 while ((n = in.read(buf)) >= 0) {
                     request.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                     Matcher m = id.matcher(request);
                     if (m.find()) {
                         out.write(("{\"id\":" + m.group(1) + ",\"result\":{\"tables\":42,\"name\":[]},\"error\":null}")
                                 .getBytes(StandardCharsets.UTF_8));
                         out.flush();
                         request.setLength(0);
                     }
                 }
                 return 0;
             });
             OvsdbSession session = session(server)) {
            session.start();
            assertRetriedWithBackoff(server, session);
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).contains("BACKOFF"));
        }
    }
}
