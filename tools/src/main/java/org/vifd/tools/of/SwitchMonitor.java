package org.vifd.tools.of;

import io.netty.buffer.Unpooled;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.EchoReply;
import org.vifd.openflow.protocol.EchoRequest;
import org.vifd.openflow.protocol.ErrorMessage;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowMonitorRequest;
import org.vifd.openflow.protocol.FlowUpdate;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.MessageType;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.MultipartType;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.SwitchConfig;
import org.vifd.openflow.text.FlowText;
import org.vifd.openflow.text.PacketInReasons;
import org.vifd.tools.vsctl.VsctlException;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code vifctl of monitor SWITCH [MISS-LEN] [invalid_ttl] [watch:[SPEC...]]}, as ovs-ofctl(8) monitor: prints
 * every message the switch sends until killed — flow updates for each {@code watch:} (OpenFlow 1.4 flow monitoring),
 * and with a MISS-LEN (which turns on asynchronous messages on the service connection) port status changes and
 * packet-ins. Output is ovs-ofctl's: a header line {@code TYPE (OFx.y) (xid=0xN):} and the message's text.
 */
final class SwitchMonitor {

    /** OFPC_INVALID_TTL_TO_CONTROLLER (OpenFlow 1.3.5 §7.3.2): the switch config flag "invalid_ttl" sets. */
    private static final int INVALID_TTL_TO_CONTROLLER = 1 << 2;

    private final SwitchTarget target;
    private final List<OfVersion> versions;
    private final Duration handshakeTimeout;
    private final Duration runLimit;
    private final PrintStream out;
    private final Map<Long, String> portNames;

    SwitchMonitor(SwitchTarget target, List<OfVersion> versions, Duration handshakeTimeout, Duration runLimit,
                  PrintStream out) {
        this.target = target;
        this.versions = versions;
        this.handshakeTimeout = handshakeTimeout;
        this.runLimit = runLimit;
        this.out = out;
        this.portNames = Map.of();
    }

    /** What the words after SWITCH ask for. */
    record Request(Integer missSendLen, boolean invalidTtl, List<String> watches) {

        static Request parse(List<String> words) {
            Integer miss = null;
            boolean ttl = false;
            List<String> watches = new ArrayList<>();
            for (String w : words) {
                if (w.startsWith("watch:")) {
                    watches.add(w.substring("watch:".length()));
                } else if (w.equals("invalid_ttl")) {
                    ttl = true;
                } else if (miss == null && w.matches("\\d+")) {
                    miss = Integer.parseInt(w);
                    if (miss > 0xffff) {
                        throw new VsctlException(w + ": miss_send_len must be at most 65535", 2);
                    }
                } else {
                    throw new VsctlException("monitor: unknown argument '" + w + "' (expected MISS-LEN, invalid_ttl"
                            + " or watch:[SPEC...])", 2);
                }
            }
            return new Request(miss, ttl, List.copyOf(watches));
        }
    }

    /**
     * Runs until the switch closes the connection (an error), the run limit passes or the thread is interrupted
     * (both a normal end). {@code parseFlow} parses a watch spec's match fields in flow syntax.
     */
    void run(Request request, Function<String, FlowMod> parseFlow) {
        List<FlowMonitorRequest> monitors = new ArrayList<>();
        for (String spec : request.watches()) {
            try {
                monitors.add(WatchSpec.parse(monitors.size() + 1, spec, parseFlow));
            } catch (IllegalArgumentException e) {
                throw new VsctlException(e.getMessage(), 2);
            }
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vifctl-monitor-timer");
            t.setDaemon(true);
            return t;
        });
        AtomicReference<String> stoppedBy = new AtomicReference<>();
        List<OfMessage> warm = new ArrayList<>(List.of(new Hello(versions),
                SwitchConfig.set(0, 0), new EchoReply(new byte[0])));
        monitors.forEach(m -> warm.add(m.toMultipart()));
        MonitorConnection.warmUp(warm, OfVersion.OF_1_4);
        try (MonitorConnection c = MonitorConnection.open(target)) {
            var handshakeDeadline = timer.schedule(() -> {
                stoppedBy.compareAndSet(null, "handshake");
                c.close();
            }, handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (runLimit != null) {
                timer.schedule(() -> {
                    stoppedBy.compareAndSet(null, "limit");
                    c.close();
                }, runLimit.toMillis(), TimeUnit.MILLISECONDS);
            }
            try {
                OfVersion v = c.handshake(versions);
                if (!monitors.isEmpty() && v.compareTo(OfVersion.OF_1_4) < 0) {
                    throw new VsctlException(target.name() + ": watch: needs OpenFlow 1.4 or later (negotiated " + v
                            + "; offer OpenFlow14 with -O)");
                }
                Set<Integer> ourXids = new HashSet<>();
                if (request.missSendLen() != null || request.invalidTtl()) {
                    int xid = c.nextXid();
                    ourXids.add(xid);
                    int miss = request.missSendLen() != null ? request.missSendLen() : 0;
                    c.send(SwitchConfig.set(request.invalidTtl() ? INVALID_TTL_TO_CONTROLLER : 0, miss), xid);
                }
                for (FlowMonitorRequest m : monitors) {
                    int xid = c.nextXid();
                    ourXids.add(xid);
                    c.send(m.toMultipart(), xid);
                }
                handshakeDeadline.cancel(false);
                loop(c, ourXids);
            } catch (ClosedByInterruptException e) {
                Thread.interrupted();
                Thread.currentThread().interrupt();
            } catch (ClosedChannelException e) {
                if ("handshake".equals(stoppedBy.get())) {
                    throw new VsctlException(target.remote() + ": no OpenFlow handshake within "
                            + handshakeTimeout.toMillis() + " ms");
                }
                if (!"limit".equals(stoppedBy.get())) {
                    throw new VsctlException(target.name() + ": connection closed");
                }
            } catch (EOFException e) {
                throw new VsctlException(target.name() + ": receive failed (End of file)");
            } catch (IOException e) {
                throw new VsctlException(target.name() + ": receive failed (" + e.getMessage() + ")");
            }
        } finally {
            timer.shutdownNow();
            out.flush();
        }
    }

    private void loop(MonitorConnection c, Set<Integer> ourXids) throws IOException {
        while (true) {
            MonitorConnection.Frame f = c.read();
            int xid = f.message().xid();
            if (f.body() instanceof EchoRequest echo) {
                c.send(new EchoReply(echo.data()), xid);
                continue;
            }
            out.print(format(f));
            out.flush();
            if (f.body() instanceof ErrorMessage && ourXids.contains(xid)) {
                throw new VsctlException(target.name() + ": the switch refused the monitor request: "
                        + ((ErrorMessage) f.body()).toException(xid).getMessage());
            }
        }
    }

    /** One message as ovs-ofctl prints it (ofp_to_string, lib/ofp-print.c), ending with a newline. */
    String format(MonitorConnection.Frame f) {
        OfVersion v = f.message().version();
        String head = " (" + v + ") (xid=0x" + Integer.toHexString(f.message().xid()) + "):";
        StringBuilder s = new StringBuilder();
        if (f.body() instanceof MultipartReply mp && mp.multipartType() == MultipartType.FLOW_MONITOR) {
            s.append("OFPST_FLOW_MONITOR reply").append(head);
            if ((mp.flags() & MultipartType.FLAG_MORE) != 0) {
                s.append(" flags=[more]");
            }
            try {
                // The multipart header (8 + 8 bytes) precedes the body in the message.
                for (FlowUpdate u : FlowUpdate.decodeAll(Unpooled.wrappedBuffer(mp.body()), 16)) {
                    s.append("\n ").append(FlowText.print(u, portNames));
                }
            } catch (DecodeException e) {
                s.append("\n***decode error: ").append(e.getMessage()).append("***");
            }
        } else if (f.body() instanceof PortStatus ps) {
            s.append("OFPT_PORT_STATUS").append(head).append(' ').append(reasonName(ps.reason())).append(':');
            portStatusText(f, v, s);
        } else if (f.body() instanceof PacketIn pi) {
            // ofputil_packet_in_private_format's first line; the packet's own flow summary (second line) is omitted.
            s.append(pi.format() == PacketIn.Format.NXT_PACKET_IN2 ? "NXT_PACKET_IN2" : "OFPT_PACKET_IN").append(head);
            if (pi.tableId() != 0) {
                s.append(" table_id=").append(pi.tableId());
            }
            if (pi.cookie() != -1L) {
                s.append(" cookie=0x").append(Long.toHexString(pi.cookie()));
            }
            s.append(" total_len=").append(pi.totalLength()).append(' ')
                    .append(FlowText.printMatch(pi.match(), 0x8000, portNames))
                    .append(" (via ").append(PacketInReasons.name(pi.reason())).append(") data_len=")
                    .append(pi.data().length)
                    .append(pi.bufferId() == PacketIn.NO_BUFFER ? " (unbuffered)"
                            : String.format(" buffer=0x%08x", pi.bufferId()));
        } else if (f.body() instanceof ErrorMessage e) {
            s.append("OFPT_ERROR").append(head).append(' ').append(e.toException(f.message().xid()).getMessage());
        } else {
            MessageType type = f.body().type(v);
            s.append("OFPT_").append(type).append(head);
        }
        return s.append('\n').toString();
    }

    /** The port of an OFPT_PORT_STATUS from its raw bytes: header (8), reason and pad (8), then ofp_port. */
    private static void portStatusText(MonitorConnection.Frame f, OfVersion v, StringBuilder s) {
        byte[] port = Arrays.copyOfRange(f.bytes(), 16, f.bytes().length);
        try {
            for (PortDescription p : PortDescription.decodeAll(port, v)) {
                StringBuilder one = new StringBuilder();
                SwitchPrinter.appendPort(one, p);
                s.append(one, 0, one.length() - 1);
            }
        } catch (IllegalArgumentException e) {
            s.append(" ***decode error: ").append(e.getMessage()).append("***");
        }
    }

    /** ofp_port_reason as ovs-ofctl prints it. */
    static String reasonName(int reason) {
        return switch (reason) {
            case PortStatus.ADD -> "ADD";
            case PortStatus.DELETE -> "DEL";
            case PortStatus.MODIFY -> "MOD";
            default -> "UNKNOWN(" + reason + ")";
        };
    }
}
