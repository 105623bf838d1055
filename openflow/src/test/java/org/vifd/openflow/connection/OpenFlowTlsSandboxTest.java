package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.testkit.NamespaceTcpBridge;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.testkit.TestCertificates;

/**
 * TLS both ways against a real ovs-vswitchd: the switch connecting to our {@code pssl:} listener (its Controller row
 * says {@code ssl:}), and us connecting with {@code ssl:} to the switch's {@code pssl:} listener. Mutual
 * authentication with certificates from a test CA; a controller certificate from another CA is refused by the switch.
 * vswitchd runs in its own network namespace, so {@link NamespaceTcpBridge} carries the loopback TCP connection.
 */
class OpenFlowTlsSandboxTest {
    private static final String BR = "br-tls";

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges(BR).build();

    private static TestCertificates.Leaf controller;
    private static TestCertificates.Leaf rogueController;

    @BeforeAll
    static void pki() {
        OvsSandbox sb = OVS.sandbox();
        TestCertificates good = TestCertificates.createCa(sb.dir(), "good");
        TestCertificates rogue = TestCertificates.createCa(sb.dir(), "rogue");
        controller = good.issue("controller");
        rogueController = rogue.issue("controller");
        TestCertificates.Leaf sw = good.issue("switch");
        sb.vsctl("set-ssl", sw.privateKey().toString(), sw.certificate().toString(), sw.ca().toString()).ok();
    }

    @AfterEach
    void noController() {
        OVS.sandbox().vsctl("del-controller", BR).ok();
    }

    @Test
    void theSwitchConnectsToOurPsslListenerWithMutualTls() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        int port = freePort();
        SslContext server = OvsTls.server(controller.privateKey(), controller.certificate(), controller.ca());
        CompletableFuture<SwitchConnection> seen = new CompletableFuture<>();
        try (OpenFlowController ctl = OpenFlowController.builder()
                .config(ConnectionConfig.builder().serverSsl(server).build())
                .listener(new SwitchListener() {
                    @Override
                    public void switchConnected(SwitchConnection c, FeaturesReply f) {
                        seen.complete(c);
                    }
                }).build();
             NamespaceTcpBridge bridge = NamespaceTcpBridge.fromNamespaceToHost(sb.namespace(), port, sb.dir())) {
            ctl.listen("pssl:" + port + ":127.0.0.1").get(10, TimeUnit.SECONDS);
            sb.vsctl("set-controller", BR, "ssl:127.0.0.1:" + port).ok();
            SwitchConnection sw = seen.get(30, TimeUnit.SECONDS);
            assertThat(sw.datapathId()).isEqualTo(datapathId(sb));
            assertFlowRoundTrip(sb, sw, 0x7151);
        }
    }

    @Test
    void weConnectWithSslToTheSwitchsPsslListener() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        int port = freePort();
        sb.vsctl("set-controller", BR, "pssl:" + port + ":127.0.0.1").ok();
        SslContext client = OvsTls.client(controller.privateKey(), controller.certificate(), controller.ca());
        try (NamespaceTcpBridge bridge = NamespaceTcpBridge.fromHostToNamespace(sb.namespace(), port, sb.dir());
             OpenFlowController ctl = OpenFlowController.builder()
                     .config(ConnectionConfig.builder().clientSsl(client).build()).build()) {
            SwitchConnection sw = ctl.connect("ssl:127.0.0.1:" + port).get(30, TimeUnit.SECONDS);
            assertThat(sw.datapathId()).isEqualTo(datapathId(sb));
            assertFlowRoundTrip(sb, sw, 0x7152);
        }
    }

    @Test
    void theSwitchRefusesAControllerCertificateFromAnotherCa() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        int port = freePort();
        sb.vsctl("set-controller", BR, "pssl:" + port + ":127.0.0.1").ok();
        SslContext client = OvsTls.client(rogueController.privateKey(), rogueController.certificate(),
                controller.ca());
        Path log = sb.dir().resolve("ovs-vswitchd.log");
        long before = Files.size(log);
        try (NamespaceTcpBridge bridge = NamespaceTcpBridge.fromHostToNamespace(sb.namespace(), port, sb.dir());
             OpenFlowController ctl = OpenFlowController.builder()
                     .config(ConnectionConfig.builder().clientSsl(client).build()).build()) {
            CompletableFuture<SwitchConnection> attempt = ctl.connect("ssl:127.0.0.1:" + port);
            // vswitchd logs the failed verification of our certificate; the handshake never completes.
            await().atMost(Duration.ofSeconds(30)).until(() -> logSince(log, before).contains("certificate"));
            assertThat(logSince(log, before)).containsIgnoringCase("ssl");
            assertThat(attempt).isNotCompleted();
        }
    }

    private static void assertFlowRoundTrip(OvsSandbox sb, SwitchConnection sw, long cookie) throws Exception {
        FlowMod add = FlowMod.builder(org.vifd.openflow.protocol.FlowModCommand.ADD).tableId(0).priority(123).cookie(cookie)
                .match(Match.builder().ethType(0x0806).build())
                .instructions(Instruction.apply(Action.normal())).build();
        sw.send(add).get(10, TimeUnit.SECONDS);
        sw.barrier().get(10, TimeUnit.SECONDS);
        List<FlowStats> flows = sw.flowStats(FlowStatsRequest.all()).get(10, TimeUnit.SECONDS);
        assertThat(flows).anySatisfy(f -> assertThat(f.cookie()).isEqualTo(cookie));
        assertThat(sb.ofctl("-O", "OpenFlow13", "dump-flows", BR).ok().out())
                .contains("cookie=0x" + Long.toHexString(cookie)).contains("priority=123,arp");
    }

    private static long datapathId(OvsSandbox sb) {
        return Long.parseUnsignedLong(sb.vsctl("get", "bridge", BR, "datapath_id").ok().out().replace("\"", ""), 16);
    }

    private static String logSince(Path log, long offset) throws IOException {
        String all = Files.readString(log);
        return all.substring((int) Math.min(offset, all.length()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
