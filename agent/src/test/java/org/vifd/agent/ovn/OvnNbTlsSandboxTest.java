package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.config.AgentConfigReader;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.Port;
import org.vifd.agent.status.PortStatus;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.testkit.Exec;
import org.vifd.testkit.TestCertificates;

/**
 * {@code intent_ovn_nb: ssl:…} against a real Northbound ovsdb-server (ovn-nb schema) listening on {@code pssl:}
 * with certificates from a throwaway CA (openssl): the source loads this host's ports over TLS; a certificate from
 * another CA is refused, with a log line that says so.
 */
class OvnNbTlsSandboxTest {
    private static final Duration CMD = Duration.ofSeconds(30);
    private static Path dir;
    private static int port;
    private static Nbctl nbctl;
    private static TestCertificates ca;
    private static TestCertificates rogue;
    private static TestCertificates.Leaf client;

    @BeforeAll
    static void server() throws IOException {
        Exec.require("ovsdb-server");
        Exec.require("ovn-nbctl");
        Exec.require("openssl");
        dir = Files.createTempDirectory(Path.of("/tmp"), "ovn-tls-");
        ca = TestCertificates.createCa(dir, "nb");
        rogue = TestCertificates.createCa(dir, "rogue");
        TestCertificates.Leaf server = ca.issue("nb-server");
        client = ca.issue("vifd");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path db = dir.resolve("nb.db");
        Exec.run(CMD, "ovsdb-tool", "create", db.toString(), "/usr/share/ovn/ovn-nb.ovsschema").ok();
        Exec.run(CMD, "ovsdb-server", db.toString(), "--remote=pssl:" + port + ":127.0.0.1",
                "--remote=punix:" + dir.resolve("nb.sock"), "--private-key=" + server.privateKey(),
                "--certificate=" + server.certificate(), "--ca-cert=" + server.ca(),
                "--unixctl=" + dir.resolve("nb.ctl"), "--pidfile=" + dir.resolve("nb.pid"),
                "--log-file=" + dir.resolve("nb.log"), "--detach", "--no-chdir").ok();
        nbctl = new Nbctl("unix:" + dir.resolve("nb.sock"));
        String d = nbctl.network("t1", "net-t1", "physnet1", 301, "10.30.0.0/24", "sub-t1", "10.30.0.1",
                "10.30.0.1");
        nbctl.vmPort("t1", "t-vm", "fa:16:3e:30:00:01", "10.30.0.11", d);
        nbctl.vmPort("t1", "t-elsewhere", "fa:16:3e:30:00:02", "10.30.0.12", d);
    }

    @AfterAll
    static void stop() throws IOException {
        if (dir != null) {
            Exec.run(CMD, "ovs-appctl", "-t", dir.resolve("nb.ctl").toString(), "exit");
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private String remote() {
        return "ssl:127.0.0.1:" + port;
    }

    @Test
    void theSourceLoadsThisHostsPortsOverTlsWithTheConfiguredFiles() throws Exception {
        AgentConfig config = AgentConfigReader.parse("intent_ovn_nb: " + remote() + "\n"
                + "ovn_nb_ssl:\n  private_key: " + client.privateKey() + "\n  certificate: " + client.certificate()
                + "\n  ca_cert: " + client.ca() + "\n", "vifd.yaml", dir);
        try (IntentSource source = IntentSources.create(config)) {
            OvnNbIntentSource s = (OvnNbIntentSource) source;
            s.start();
            s.setLocalPorts(java.util.Set.of("t-vm"));
            Intent i = s.ready().get(30, TimeUnit.SECONDS);

            assertThat(i.ports()).extracting(Port::id).containsExactly("t-vm");
            assertThat(i.network("t1")).hasValueSatisfying(n -> assertThat(n.segmentationId()).isEqualTo(301));
            // Writes go over the same TLS session.
            s.statusSink().report(PortStatus.up("t-vm", Instant.now(), "wired"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    nbctl.run("get", "Logical_Switch_Port", "t-vm", "up").equals("true"));
        }
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefusedWithAClearError() throws Exception {
        TestCertificates.Leaf trustsRogue = new TestCertificates.Leaf(client.privateKey(), client.certificate(),
                rogue.caCertificate());
        assertRefused(trustsRogue, "unable to find valid certification path");
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedByTheServer() throws Exception {
        TestCertificates.Leaf rogueClient = rogue.issue("vifd-rogue");
        TestCertificates.Leaf presentsRogue = new TestCertificates.Leaf(rogueClient.privateKey(),
                rogueClient.certificate(), ca.caCertificate());
        // TLS 1.3: the client's side of the handshake completes, then the server's alert ends the connection. (Java
        // sends no certificate that the server's CA list does not cover, hence "required" rather than "bad".)
        assertRefused(presentsRogue, "certificate_required");
    }

    private void assertRefused(TestCertificates.Leaf files, String reason) {
        Logger sessionLog = (Logger) LoggerFactory.getLogger(OvsdbSession.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        sessionLog.addAppender(log);
        try (OvnNbIntentSource s = OvnNbIntentSource.builder(remote())
                .tls(files.privateKey(), files.certificate(), files.ca()).build()) {
            s.start();
            s.setLocalPorts(java.util.Set.of("t-vm"));
            await().atMost(Duration.ofSeconds(20)).until(() -> lines(log).stream().anyMatch(l ->
                    l.contains(remote()) && l.contains("SSLHandshakeException") && l.contains(reason)));
            assertThat(s.session().isConnected()).isFalse();
            assertThat(s.ready()).as("no intent from a server we do not trust").isNotDone();
            assertThat(s.current().ports()).isEmpty();
        } finally {
            sessionLog.detachAppender(log);
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> log) {
        synchronized (log) { // AppenderBase.doAppend holds the appender's lock
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
