package org.vifd.ovsdb.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.LogCapture;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.client.OvsdbPassiveListener;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.testkit.SslOvsdbPki;
import org.vifd.testkit.TestCertificates;

/**
 * TLS and passive connection methods against a real ovsdb-server: {@code ssl:} to its {@code pssl:} remote with
 * mutual authentication (and refusals both ways when a certificate comes from another CA), and {@code ptcp:},
 * {@code punix:}, {@code pssl:} listeners that ovsdb-server connects to as to a manager.
 */
class TlsAndPassiveSandboxTest {
    private static final SslOvsdbPki PKI = SslOvsdbPki.create("vifd");
    private static final TestCertificates.Leaf CLIENT = PKI.client();
    private static final TestCertificates.Leaf ROGUE_CLIENT = PKI.rogueClient();
    private static final int SSL_PORT = PKI.port();

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().ovsdbServerArgs(PKI.ovsdbServerArgs())
            .build();

    @AfterAll
    static void removePki() {
        PKI.delete();
    }

    @Test
    void sslRemoteWithMutualTlsServesTransactions() throws Exception {
        try (OvsdbClient client = connect(OvsdbTls.client(CLIENT.privateKey(), CLIENT.certificate(), CLIENT.ca()))) {
            assertThat(client.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
            Transaction tx = new Transaction("Open_vSwitch");
            tx.mutate("Open_vSwitch", List.of(), List.of(Mutation.insert("external_ids", OvsMap.of("over", "tls"))));
            client.transact(tx).get(10, TimeUnit.SECONDS);
            assertThat(OVS.sandbox().vsctl("--no-wait", "get", "Open_vSwitch", ".", "external_ids:over").ok().out())
                    .isEqualTo("tls");
        }
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefused() {
        assertThatThrownBy(() -> connect(OvsdbTls.client(ROGUE_CLIENT.privateKey(), ROGUE_CLIENT.certificate(),
                ROGUE_CLIENT.ca())).close())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OvsdbException.class)
                .hasMessageContaining("TLS handshake with ssl:127.0.0.1:" + SSL_PORT + " failed");
    }

    @Test
    void aSessionRefusedByTlsSaysSoAtWarnAndKeepsRetrying() throws Exception {
        // A certificate problem does not heal by retrying: unlike a refused TCP connect it must reach the operator.
        try (LogCapture log = new LogCapture(OvsdbSession.class);
             OvsdbSession session = OvsdbSession.builder("ssl:127.0.0.1:" + SSL_PORT).database("Open_vSwitch")
                     .clientOptions(OvsdbClientOptions.builder().sslContext(OvsdbTls.client(
                             ROGUE_CLIENT.privateKey(), ROGUE_CLIENT.certificate(), ROGUE_CLIENT.ca())).build())
                     .build()) {
            session.start();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(log.lines())
                    .anySatisfy(l -> assertThat(l).startsWith("WARN").contains("failed TLS handshake")
                            .contains("ssl:127.0.0.1:" + SSL_PORT)));
        }
    }

    @Test
    void theServerRefusesAClientCertificateFromAnotherCa() {
        // In TLS 1.3 the client may finish its side before the server has checked the client's certificate: the
        // refusal then arrives as the connection closing under the first request.
        assertThatThrownBy(() -> {
            try (OvsdbClient client = connect(OvsdbTls.client(ROGUE_CLIENT.privateKey(), ROGUE_CLIENT.certificate(),
                    CLIENT.ca()))) {
                client.listDbs().get(10, TimeUnit.SECONDS);
            }
        }).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(OvsdbException.class);
    }

    @Test
    void ovsdbServerConnectsToOurPtcpListener() throws Exception {
        assertServerConnectsTo("ptcp:0:127.0.0.1", OvsdbClientOptions.DEFAULTS, l -> "tcp:127.0.0.1:" + l.port());
    }

    @Test
    void ovsdbServerConnectsToOurPunixListener() throws Exception {
        Path sock = OVS.sandbox().dir().resolve("manager.sock");
        assertServerConnectsTo("punix:" + sock, OvsdbClientOptions.DEFAULTS, l -> "unix:" + sock);
    }

    @Test
    void ovsdbServerConnectsToOurPsslListenerWithMutualTls() throws Exception {
        SslContext server = OvsdbTls.server(CLIENT.privateKey(), CLIENT.certificate(), CLIENT.ca());
        assertServerConnectsTo("pssl:0:127.0.0.1", OvsdbClientOptions.builder().sslContext(server).build(),
                l -> "ssl:127.0.0.1:" + l.port());
    }

    private interface RemoteFor {
        String of(OvsdbPassiveListener listener);
    }

    private static void assertServerConnectsTo(String passive, OvsdbClientOptions options, RemoteFor active)
            throws Exception {
        CompletableFuture<OvsdbClient> accepted = new CompletableFuture<>();
        OvsSandbox sb = OVS.sandbox();
        try (OvsdbPassiveListener listener = OvsdbPassiveListener.listen(passive, options, accepted::complete)
                .get(10, TimeUnit.SECONDS)) {
            String remote = active.of(listener);
            sb.appctl("ovsdb-server", "ovsdb-server/add-remote", remote).ok();
            try (OvsdbClient client = accepted.get(30, TimeUnit.SECONDS)) {
                assertThat(client.listDbs().get(10, TimeUnit.SECONDS)).contains("Open_vSwitch");
                assertThat(client.getSchema("Open_vSwitch").get(10, TimeUnit.SECONDS).table("Bridge")).isNotNull();
            } finally {
                sb.appctl("ovsdb-server", "ovsdb-server/remove-remote", remote).ok();
            }
        }
    }

    private static OvsdbClient connect(SslContext ssl) throws Exception {
        return OvsdbClient.connect("ssl:127.0.0.1:" + SSL_PORT, OvsdbClientOptions.builder().sslContext(ssl).build())
                .get(20, TimeUnit.SECONDS);
    }
}
