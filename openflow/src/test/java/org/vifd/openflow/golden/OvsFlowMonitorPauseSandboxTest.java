package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.EchoReply;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.text.FlowText;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/**
 * OVS's own ABBREV, PAUSED and RESUMED flow updates, provoked on a real ovs-vswitchd over a bare socket: a flow mod
 * from the monitoring connection comes back abbreviated to its xid; thousands of flows added by another connection
 * while the monitoring connection does not read back up OVS's queue for it past its 128 KiB limit (connmgr's
 * ofmonitor_flush: PAUSED), and reading again lets OVS resume (ofmonitor_resume: the flows added meanwhile, then
 * RESUMED). With {@code -Dgolden.capture=DIR} the messages are written there as fixtures (golden/README.md).
 */
class OvsFlowMonitorPauseSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-mp").build();

    static final OfVersion V = OfVersion.OF_1_4;
    static final int FLOWS = 20_000;

    @Test
    void abbrevPausedAndResumedAsOvsSendsThem() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.ofctl("del-flows", "br-mp").ok();
        try (RawOpenFlowSocket s = handshake(sb.mgmtSocket("br-mp"))) {
            s.write(MessageCodec.toBytes(FlowMonitorRequest.add(1, FlowMonitorRequest.ADD
                    | FlowMonitorRequest.INSTRUCTIONS).toMultipart(), V, 2));
            InboundMessage reply = next(s, 10_000);
            assertThat(reply.xid()).isEqualTo(2);

            // Our own change: OVS answers with ABBREV carrying the flow mod's xid.
            s.write(MessageCodec.toBytes(FlowText.parse("table=1,priority=1,arp,actions=drop"), V, 0x77));
            byte[] abbrev = nextFlowUpdate(s, 10_000);
            assertThat(updates(abbrev)).containsExactly(new FlowUpdate.Abbrev(0x77));
            capture("ovs-flow-monitor-reply-abbrev-of14", abbrev);

            // Another connection adds FLOWS flows in one bundle while we do not read.
            Path file = Files.createTempFile("openflow-pause-", ".flows");
            try {
                List<String> flows = new ArrayList<>();
                for (int i = 0; i < FLOWS; i++) {
                    flows.add("table=2,priority=" + (i % 60000) + ",ip,nw_src=10." + (i >> 16 & 255) + "."
                            + (i >> 8 & 255) + "." + (i & 255) + ",actions=load:0x" + Integer.toHexString(i)
                            + "->NXM_NX_REG0[],resubmit(,3),output:1");
                }
                Files.write(file, flows);
                sb.ofctl("-O", "OpenFlow14", "--bundle", "add-flows", "br-mp", file.toString()).ok();
            } finally {
                Files.deleteIfExists(file);
            }

            // Now read everything: full ADDED updates up to the pause, PAUSED, then (once drained) the flows added
            // since the pause and RESUMED.
            byte[] paused = null;
            byte[] resumed = null;
            int added = 0;
            while (resumed == null) {
                byte[] m = s.read(30_000);
                assertThat(m).as("RESUMED within 30 s (PAUSED seen: %s, %d ADDED)", paused != null, added)
                        .isNotNull();
                InboundMessage in = decode(m);
                if (in.message() instanceof EchoRequest e) {
                    s.write(MessageCodec.toBytes(new EchoReply(e.data()), V, in.xid()));
                    continue;
                }
                for (FlowUpdate u : updates(m)) {
                    if (u.event() == FlowUpdate.PAUSED) {
                        assertThat(resumed).isNull();
                        paused = m;
                    } else if (u.event() == FlowUpdate.RESUMED) {
                        assertThat(paused).as("RESUMED after PAUSED").isNotNull();
                        resumed = m;
                    } else {
                        assertThat(u.event()).isEqualTo(FlowUpdate.ADDED);
                        added++;
                    }
                }
            }
            assertThat(added).as("every flow reported, before the pause or in the refresh").isGreaterThanOrEqualTo(
                    FLOWS);
            capture("ovs-flow-monitor-reply-paused-of14", paused);
            capture("ovs-flow-monitor-reply-resumed-of14", resumed);
        }
    }

    /**
     * A socket past HELLO and one echo round trip. Right after the sandbox starts, vswitchd may still reconfigure the
     * bridge and drop a new management connection (a broken pipe on our first write): connect again until one holds.
     */
    static RawOpenFlowSocket handshake(Path mgmt) {
        AtomicReference<RawOpenFlowSocket> ok = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            RawOpenFlowSocket s = new RawOpenFlowSocket(mgmt);
            try {
                assertThat(decode(s.read(5_000)).message()).isInstanceOf(Hello.class);
                s.write(MessageCodec.toBytes(new Hello(List.of(V)), V, 1));
                s.write(MessageCodec.toBytes(new EchoRequest(new byte[0]), V, 3));
                InboundMessage echo = next(s, 5_000);
                assertThat(echo.message()).isInstanceOf(EchoReply.class);
                ok.set(s);
                return true;
            } catch (java.io.IOException | AssertionError e) {
                s.close();
                return false;
            }
        });
        return ok.get();
    }

    static InboundMessage decode(byte[] m) throws Exception {
        return MessageCodec.decode(Unpooled.wrappedBuffer(m));
    }

    static InboundMessage next(RawOpenFlowSocket s, long timeout) throws Exception {
        byte[] m = s.read(timeout);
        assertThat(m).as("a message within %d ms", timeout).isNotNull();
        return decode(m);
    }

    /** The next OFPMP_FLOW_MONITOR reply, answering echo requests on the way. */
    static byte[] nextFlowUpdate(RawOpenFlowSocket s, long timeout) throws Exception {
        while (true) {
            byte[] m = s.read(timeout);
            assertThat(m).as("a flow update within %d ms", timeout).isNotNull();
            InboundMessage in = decode(m);
            if (in.message() instanceof EchoRequest e) {
                s.write(MessageCodec.toBytes(new EchoReply(e.data()), V, in.xid()));
                continue;
            }
            return m;
        }
    }

    static List<FlowUpdate> updates(byte[] m) throws Exception {
        InboundMessage in = decode(m);
        assertThat(in.message()).as("%s", HexFormat.of().formatHex(m)).isInstanceOf(MultipartReply.class);
        MultipartReply r = (MultipartReply) in.message();
        assertThat(r.multipartType()).isEqualTo(MultipartType.FLOW_MONITOR);
        assertThat(in.xid()).as("unsolicited").isZero();
        return FlowUpdate.decodeAll(Unpooled.wrappedBuffer(r.body()), in.version());
    }

    static void capture(String name, byte[] m) throws Exception {
        String dir = System.getProperty("golden.capture");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, name + ".hex"), HexFormat.of().formatHex(m) + "\n");
        }
    }
}
