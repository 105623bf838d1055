package org.vifd.agent.dhcp;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.dhcp.DhcpResponder;
import org.vifd.dhcp.PortContext;
import org.vifd.dhcp.Reply;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.connection.PacketInHandler;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.packet.Decoded;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.Packets;
import org.vifd.openflow.packet.UdpDatagram;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;

/**
 * The DHCP hot path, run on the OpenFlow channel's event loop: NXT_PACKET_IN2 → port key from the userdata →
 * Ethernet/IPv4/UDP decode → {@link DhcpResponder#handle} → Ethernet/IPv4/UDP reply (checksums computed) →
 * packet-out to the port's ofport.
 *
 * <p>It reads one immutable {@link DhcpSnapshot} through a volatile reference that the agent loop replaces with
 * {@link #publish}; it never blocks, never waits for the agent loop and never throws: bad input is counted and
 * dropped, with at most one log line per second.
 */
public final class DhcpService implements PacketInHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpService.class);
    /** At most one warning per this many nanoseconds about dropped garbage; the rest only counted. */
    static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final DhcpResponder responder;
    private final DhcpPortProblems problems = new DhcpPortProblems(Clock.systemUTC());
    private volatile DhcpSnapshot published;
    /** Hears each exchange's time, packet-in handed to us → packet-out written, in nanoseconds. */
    private volatile LongConsumer exchangeNanos = nanos -> { };

    private final LongAdder packetIns = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unknownKey = new LongAdder();
    private final LongAdder wrongInPort = new LongAdder();
    private final LongAdder noReply = new LongAdder();
    private final LongAdder replies = new LongAdder();
    private final LongAdder offers = new LongAdder();
    private final LongAdder acks = new LongAdder();
    private final LongAdder naks = new LongAdder();
    private final LongAdder sendFailed = new LongAdder();
    private final AtomicLong nextLogNanos = new AtomicLong(System.nanoTime());
    private final LongAdder suppressedLogs = new LongAdder();

    public DhcpService(DhcpResponder responder) {
        this.responder = Objects.requireNonNull(responder, "responder");
        responder.events(problems);
        publish(DhcpSnapshot.EMPTY);
    }

    /** Where each answered exchange's time (packet-in received → packet-out written, ns) goes; must not block. */
    public void observeExchanges(LongConsumer nanos) {
        this.exchangeNanos = Objects.requireNonNull(nanos, "nanos");
    }

    /** The last DHCP problem per port ({@code /ports}). */
    public DhcpPortProblems problems() {
        return problems;
    }

    /**
     * Makes {@code snapshot} the one the very next packet is answered from (any thread; the agent loop calls it
     * after building a new one). O(1): the snapshot carries each port's packet-out actions.
     */
    public void publish(DhcpSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        // Bindings first: a packet that sees the new ports must find their bindings.
        responder.bindings(snapshot.bindings());
        published = snapshot;
    }

    public DhcpSnapshot snapshot() {
        return published;
    }

    public DhcpResponder responder() {
        return responder;
    }

    @Override
    public void packetIn(SwitchConnection connection, PacketIn packetIn) {
        long received = System.nanoTime();
        packetIns.increment();
        try {
            handle(connection, packetIn, received);
        } catch (RuntimeException e) {
            malformed.increment();
            warn("DHCP packet-in from {} dropped: {}", connection.peer(), e.toString());
        }
    }

    private void handle(SwitchConnection connection, PacketIn packetIn, long received) {
        int key = DhcpFlows.portKey(packetIn.userdataUnsafe());
        if (key < 0) {
            // Not ours (another controller action), or a flow without userdata: nothing to answer.
            unknownKey.increment();
            warn("DHCP packet-in from {} table {} cookie 0x{} without a 4-byte port key ({} bytes of userdata)",
                    connection.peer(), packetIn.tableId(), Long.toHexString(packetIn.cookie()),
                    packetIn.userdataUnsafe().length);
            return;
        }
        DhcpSnapshot pub = published;
        DhcpPort port = pub.port(key);
        if (port == null) {
            unknownKey.increment(); // a port removed a moment ago: its flows are on their way out
            LOG.debug("DHCP packet-in port-key={} in_port={}: no such port", key, packetIn.inPort());
            return;
        }
        long inPort = packetIn.inPort();
        if (inPort != port.ofport()) {
            // A stale flow after a re-plug: never answer a port with another port's binding.
            wrongInPort.increment();
            warn("DHCP packet-in port-key={} port={} arrived on in_port={}, the port is ofport {}: dropped", key,
                    port.portId(), inPort, port.ofport());
            return;
        }
        byte[] data = packetIn.dataUnsafe();
        if (packetIn.totalLength() > data.length) {
            malformed.increment();
            warn("DHCP packet-in port={} truncated to {} of {} bytes (max_len): dropped", port.portId(), data.length,
                    packetIn.totalLength());
            return;
        }
        Decoded<EthernetFrame> eth = EthernetFrame.parse(ByteBuffer.wrap(data));
        if (!eth.isOk() || eth.value().etherType() != EthernetFrame.ETH_TYPE_IPV4) {
            garbage(port, eth.isOk() ? "ethertype 0x" + Integer.toHexString(eth.value().etherType())
                    : eth.error().getMessage());
            return;
        }
        Decoded<Ipv4Packet> ip = Ipv4Packet.parse(eth.value().payload());
        if (!ip.isOk()) {
            garbage(port, ip.error().getMessage());
            return;
        }
        Ipv4Packet ipv4 = ip.value();
        if (!ipv4.checksumValid() || ipv4.isFragment() || ipv4.protocol() != Ipv4Packet.PROTO_UDP) {
            garbage(port, !ipv4.checksumValid() ? "bad IPv4 header checksum"
                    : ipv4.isFragment() ? "IPv4 fragment" : "IP protocol " + ipv4.protocol());
            return;
        }
        Decoded<UdpDatagram> udp = UdpDatagram.parse(ipv4.payload());
        if (!udp.isOk() || udp.value().dstPort() != DhcpFlows.DHCP_SERVER_PORT) {
            garbage(port, udp.isOk() ? "UDP port " + udp.value().dstPort() : udp.error().getMessage());
            return;
        }
        // The UDP checksum is not verified: a sender with checksum offload (a VM's virtio or veth) hands the
        // frame over with the checksum unfinished (PEERS.md), and the DHCP decoder checks the message itself.
        PortContext ctx = new PortContext(key, new org.vifd.dhcp.MacAddress(eth.value().src().value()),
                org.vifd.dhcp.Ipv4Address.of(ipv4.dst().value()));
        Optional<Reply> reply = responder.handle(ctx, udp.value().payload());
        if (reply.isEmpty()) {
            noReply.increment();
            return;
        }
        send(connection, port, pub.output(key), reply.get(), received);
    }

    private void send(SwitchConnection connection, DhcpPort port, List<Action> output, Reply r, long received) {
        byte[] frame = Packets.udp4(DhcpFlows.mac(r.sourceMac()), DhcpFlows.mac(r.destinationMac()), -1,
                DhcpFlows.ip(r.sourceIp()), DhcpFlows.ip(r.destinationIp()), DhcpFlows.DHCP_SERVER_PORT,
                r.destinationPort(), r.payloadBytes());
        if (!connection.sendPacketOut(PacketOut.of(OfPort.CONTROLLER, output, frame))) {
            sendFailed.increment();
            warn("DHCP {} port={} ofport={} not sent: switch {} disconnected or backlog full", r.type(), port.portId(),
                    port.ofport(), connection.peer());
            return;
        }
        exchangeNanos.accept(System.nanoTime() - received);
        replies.increment();
        switch (r.type().code()) {
            case 2 -> offers.increment();
            case 5 -> acks.increment();
            case 6 -> naks.increment();
            default -> {
            }
        }
    }

    private void garbage(DhcpPort port, String what) {
        malformed.increment();
        warn("DHCP packet-in port={} port-key={} ofport={} dropped: {}", port.portId(), port.portKey(), port.ofport(),
                what);
    }

    /** One warning per second at most; the ones in between are counted and reported with the next. */
    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        long next = nextLogNanos.get();
        if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
            long suppressed = suppressedLogs.sumThenReset();
            if (suppressed > 0) {
                LOG.warn("DHCP: {} similar warnings suppressed in the last second", suppressed);
            }
            LOG.warn(format, args);
        } else {
            suppressedLogs.increment();
        }
    }

    public Counters counters() {
        return new Counters(packetIns.sum(), malformed.sum(), unknownKey.sum(), wrongInPort.sum(), noReply.sum(),
                replies.sum(), offers.sum(), acks.sum(), naks.sum(), sendFailed.sum());
    }

    /**
     * Packet-in counts since start.
     *
     * @param noReply    handed to the responder, which answered nothing (rate limit, spoofed, unknown, RELEASE...)
     * @param sendFailed replies dropped because the switch was gone or its backlog full
     */
    public record Counters(long packetIns, long malformed, long unknownKey, long wrongInPort, long noReply,
                           long replies, long offers, long acks, long naks, long sendFailed) {
    }
}
