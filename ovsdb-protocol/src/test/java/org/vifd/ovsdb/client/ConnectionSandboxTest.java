package org.vifd.ovsdb.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.DecodeException;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.jsonrpc.JsonRpcHandler;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connecting, limits and losing the server, against a real ovsdb-server. */
class ConnectionSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().build();

    private static Throwable failure(CompletableFuture<?> f) {
        return f.orTimeout(20, TimeUnit.SECONDS).handle((v, e) -> {
            assertThat(e).as("expected a failure, got %s", v).isNotNull();
            return e;
        }).join();
    }

    @Test
    void connectFailuresAndMisusedMethodsFailTheFuture() {
        OvsSandbox sb = OVS.sandbox();
        assertThat(failure(OvsdbClient.connect("unix:" + sb.dir().resolve("no-such.sock")))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.CONNECT_FAILED));
        assertThat(failure(OvsdbClient.connect("ssl:127.0.0.1:6640"))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.getMessage()).contains("needs a TLS client context"));
        assertThat(failure(OvsdbClient.connect("ptcp:6640"))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.getMessage()).contains("is passive: listen with OvsdbPassiveListener"));
        assertThat(failure(OvsdbClient.connect("bogus"))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.getMessage()).contains("bogus"));
        // A list: the first member is down, the second answers.
        OvsdbClient c = OvsdbClient.connect("unix:" + sb.dir().resolve("no-such.sock") + "," + sb.tcpRemote())
                .orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(c.listDbs().orTimeout(20, TimeUnit.SECONDS).join()).contains("Open_vSwitch");
        c.close();
    }

    @Test
    void aReplyLargerThanTheLimitClosesTheConnectionWithOneLogLine() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        try (LogCapture log = new LogCapture(JsonRpcHandler.class)) {
            OvsdbClient c = OvsdbClient.connect(sb.unixRemote(), OvsdbClientOptions.builder().maxMessageBytes(4096).build())
                    .get(20, TimeUnit.SECONDS);
            List<String> events = new CopyOnWriteArrayList<>();
            c.addListener(new OvsdbListener() {
                @Override
                public void onDisconnected(Throwable cause) {
                    events.add("disconnected");
                }
            });
            assertThat(c.listDbs().get(20, TimeUnit.SECONDS)).contains("Open_vSwitch");
            // The vswitch schema is far larger than 4 KiB.
            assertThat(failure(c.getSchema("Open_vSwitch"))).isInstanceOfSatisfying(DecodeException.class,
                    e -> assertThat(e.offset()).isGreaterThan(4096));
            c.closeFuture().get(20, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("disconnected"));
            assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).singleElement().asString()
                    .contains("closing connection", "longer than the limit of 4096 bytes", "byte offset");
        }
    }

    @Test
    void losingTheServerFailsWaitingRequestsWithConnectionClosed() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        OvsdbClient c = OvsdbClient.connect(sb.tcpRemote()).get(20, TimeUnit.SECONDS);
        Transaction tx = new Transaction("Open_vSwitch");
        tx.wait("Bridge", List.of(Condition.equal("name", "never")), List.of("name"), false, List.of(), null);
        CompletableFuture<TransactResult> waiting = c.transact(tx);
        await().atMost(Duration.ofSeconds(20)).until(() -> c.cachedSchema("Open_vSwitch") != null);
        sb.killOvsdbServer();
        try {
            assertThat(failure(waiting)).isInstanceOf(ConnectionClosedException.class);
            assertThat(c.isActive()).isFalse();
            assertThat(failure(c.listDbs())).isInstanceOf(ConnectionClosedException.class);
        } finally {
            sb.startOvsdbServer();
        }
        OvsdbClient again = OvsdbClient.connect(sb.tcpRemote()).get(20, TimeUnit.SECONDS);
        assertThat(again.listDbs().get(20, TimeUnit.SECONDS)).contains("Open_vSwitch");
        again.close();
    }
}
