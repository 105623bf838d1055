package org.vifd.tools.of;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;
import org.vifd.tools.Vifctl;
import org.vifd.tools.VifctlInvocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code vifctl of monitor} beside {@code ovs-ofctl monitor} on the same bridge: both watch while flows and ports
 * change, and print the same lines (flow updates and port status), the initial reply's xid aside.
 */
class MonitorSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true)
            .bridges("br-m", "br-w", "br-p").build();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<Process> oracles = new ArrayList<>();
    private final List<Thread> monitors = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Thread t : monitors) {
            t.interrupt();
            t.join(WAIT.toMillis());
        }
        oracles.forEach(Process::destroy);
    }

    private static OvsSandbox sb() {
        return OVS.sandbox();
    }

    /** ovs-ofctl monitor with its stdout in a file, read while it runs. */
    private Path oracle(String bridge, String... args) {
        Path log = tmp.resolve("ovs-ofctl-" + bridge + ".txt");
        List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow14", "--no-names", "monitor",
                sb().mgmtSocket(bridge).toString()));
        cmd.addAll(List.of(args));
        oracles.add(Exec.start(sb().env(), log, cmd));
        return log;
    }

    /** vifctl of monitor on a thread of this JVM, printing into a buffer; interrupting the thread stops it. */
    private record Running(ByteArrayOutputStream out, ByteArrayOutputStream err, AtomicInteger exit) {
        String text() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private Running vifctl(String bridge, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger(-1);
        List<String> all = new ArrayList<>(List.of("of", "--rundir=" + sb().dir(), "monitor", bridge));
        all.addAll(List.of(args));
        Thread t = new Thread(() -> exit.set(Vifctl.run(all.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))),
                "vifctl-monitor-" + bridge);
        t.start();
        monitors.add(t);
        return new Running(out, err, exit);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The initial reply's xid is the requester's own; every other message has xid 0 in both. */
    private static String normalized(String text) {
        return text.replaceFirst("OFPST_FLOW_MONITOR reply \\(OF1\\.4\\) \\(xid=0x[0-9a-f]+\\)",
                "OFPST_FLOW_MONITOR reply (OF1.4) (xid=INITIAL)");
    }

    @Test
    void flowUpdatesAndPortStatusPrintAsOvsOfctlMonitorPrintsThem() throws InterruptedException {
        Path ovs = oracle("br-m", "65535", "watch:");
        Running vif = vifctl("br-m", "65535", "watch:");
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.contains("event=INITIAL")));

        sb().ofctl("-O", "OpenFlow13", "add-flow", "br-m",
                "table=0,priority=200,cookie=0x5,idle_timeout=50,udp,nw_dst=10.0.0.9,actions=output:2,CONTROLLER:65535")
                .ok();
        sb().vsctl("add-port", "br-m", "mon1", "--", "set", "Interface", "mon1", "type=internal").ok();
        sb().ofctl("-O", "OpenFlow13", "mod-flows", "br-m", "udp,actions=NORMAL").ok();
        sb().ofctl("-O", "OpenFlow13", "add-flow", "br-m", "table=3,priority=7,tcp,tp_dst=22,actions=drop").ok();
        sb().ofctl("-O", "OpenFlow13", "del-flows", "br-m", "udp").ok();
        sb().vsctl("del-port", "br-m", "mon1").ok();

        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.contains(": DEL: ")));
        String expected = normalized(read(ovs));
        assertThat(expected).contains("event=ADDED table=0 idle_timeout=50 cookie=0x5 udp,nw_dst=10.0.0.9"
                + " actions=output:2,CONTROLLER:65535", "event=MODIFIED", "event=DELETED reason=delete",
                "OFPT_PORT_STATUS (OF1.4) (xid=0x0): ADD: ");
        assertThat(normalized(vif.text())).isEqualTo(expected);

        monitors.get(0).interrupt();
        monitors.get(0).join(WAIT.toMillis());
        assertThat(vif.exit().get()).as("exit code after an interrupt").isZero();
        assertThat(vif.err().toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void watchSpecFiltersByMatchAndFlags() {
        Path ovs = oracle("br-w", "watch:!initial,udp");
        Running vif = vifctl("br-w", "watch:!initial,udp");
        // Nothing is printed before the first update with !initial except the empty initial reply.
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.contains("reply")));

        sb().ofctl("-O", "OpenFlow13", "add-flow", "br-w", "tcp,actions=drop").ok();
        sb().ofctl("-O", "OpenFlow13", "add-flow", "br-w", "udp,tp_dst=53,actions=NORMAL").ok();
        sb().ofctl("-O", "OpenFlow13", "del-flows", "br-w").ok();

        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.contains("event=DELETED")));
        String expected = normalized(read(ovs));
        assertThat(expected).doesNotContain("tcp").doesNotContain("event=INITIAL").contains("udp,tp_dst=53");
        assertThat(normalized(vif.text())).isEqualTo(expected);
    }

    /** A UDP datagram 10.0.0.1:53 -> 10.0.0.2:53 from 00:00:00:00:00:01, broadcast (42 bytes). */
    private static final String PACKET = "ffffffffffff00000000000108004500001c000000004011f9d10a0000010a000002"
            + "003500350008b5c6";

    @Test
    void packetInsPrintTheirFirstLineAsOvsOfctlDoes() {
        // ovs-ofctl asks for NXT_PACKET_IN2 unless told otherwise; vifctl keeps the standard OFPT_PACKET_IN.
        Path ovs = oracle("br-p", "65535", "watch:", "--packet-in-format=standard");
        Running vif = vifctl("br-p", "65535", "watch:");
        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.contains("event=INITIAL")));

        sb().ofctl("-O", "OpenFlow13", "add-flow", "br-p", "table=0,priority=300,cookie=0x9,udp,actions=controller")
                .ok();
        sb().ofctl("-O", "OpenFlow13", "packet-out", "br-p", "in_port=LOCAL,packet=" + PACKET
                + ",actions=resubmit(,0)").ok();
        sb().ofctl("-O", "OpenFlow13", "packet-out", "br-p", "in_port=LOCAL,packet=" + PACKET
                + ",actions=controller").ok();

        await().atMost(WAIT).untilAsserted(() -> assertThat(List.of(read(ovs), vif.text()))
                .allMatch(text -> text.lines().filter(l -> l.startsWith("OFPT_PACKET_IN")).count() == 2));
        List<String> expected = read(ovs).lines().filter(l -> l.startsWith("OFPT_PACKET_IN")).toList();
        assertThat(expected.get(0)).contains("cookie=0x9 total_len=42 in_port=LOCAL");
        assertThat(vif.text().lines().filter(l -> l.startsWith("OFPT_PACKET_IN")).toList()).isEqualTo(expected);
    }

    @Test
    void aMissingBridgeOrABadArgumentIsOneLine() {
        VifctlInvocation r = VifctlInvocation.run("of", "--rundir=" + sb().dir(), "monitor", "br-none");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("vifctl: br-none is not a bridge or a socket\n");

        VifctlInvocation bad = VifctlInvocation.run("of", "--rundir=" + sb().dir(), "monitor", "br-m", "sideways");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().lines()).hasSize(1).first().asString().contains("unknown argument 'sideways'");
    }

    @Test
    void runsForTheTimeoutThenEndsNormally() {
        VifctlInvocation r = VifctlInvocation.run("of", "--rundir=" + sb().dir(), "-t", "1", "monitor", "br-m",
                "watch:");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("OFPST_FLOW_MONITOR reply (OF1.4)").contains("event=INITIAL");
    }
}
