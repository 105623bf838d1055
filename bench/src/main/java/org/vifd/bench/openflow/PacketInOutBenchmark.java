package org.vifd.bench.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.packet.Packets;
import org.vifd.openflow.packet.UdpDatagram;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;

/**
 * The library's share of the DHCP hot path: decode a real NXT_PACKET_IN2 carrying udhcpc's DHCP DISCOVER (captured
 * from OVS 3.1, see openflow/src/test/resources/golden/README.md; copy in bench/src/main/resources/openflow), parse
 * Ethernet / IPv4 / UDP (checksums verified), build a reply frame (a BOOTREPLY with a few options, RFC 2131 §4.3.1
 * shaped, addressed to the client's MAC), and encode the PACKET_OUT (output to the packet's in_port) into a ByteBuf.
 * SampleTime mode gives the percentiles.
 *
 * <p>{@code java -jar bench/target/vifd-bench.jar jmh PacketInOutBenchmark} (also run by {@code openflow-flows}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PacketInOutBenchmark {
    static final String FIXTURE = "/openflow/ovs-nxt-packet-in2-dhcp-discover-of13.hex";
    private static final MacAddress SERVER_MAC = MacAddress.parse("fa:16:3e:00:00:01");
    private static final Ipv4Address SERVER_IP = Ipv4Address.parse("10.0.0.2");
    private static final Ipv4Address BROADCAST = Ipv4Address.parse("255.255.255.255");
    private static final byte[] OFFERED = {10, 0, 0, 5};
    private static final int BOOTP_FIXED = 236;
    private static final int MAGIC_COOKIE = 0x63825363;

    private byte[] packetIn;
    private ByteBuf out;
    private int xid;

    @Setup
    public void setUp() {
        packetIn = fixture();
        out = Unpooled.directBuffer(2048);
    }

    static byte[] fixture() {
        try (InputStream in = PacketInOutBenchmark.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + FIXTURE);
            }
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public ByteBuf packetInToPacketOut() throws DecodeException {
        PacketIn pi = (PacketIn) MessageCodec.decode(Unpooled.wrappedBuffer(packetIn)).message();
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(pi.dataUnsafe())).value();
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        if (ip.protocol() != Ipv4Packet.PROTO_UDP || udp.dstPort() != 67 || !ip.checksumValid()
                || !udp.checksumValid4(ip.src(), ip.dst())) {
            throw new IllegalStateException("not a DHCP request: " + pi);
        }
        byte[] reply = bootReply(udp.payload());
        byte[] frame = Packets.udp4(SERVER_MAC, eth.src(), eth.vlanId(), SERVER_IP, BROADCAST, 67, 68, reply);
        out.clear();
        MessageCodec.encode(PacketOut.of(OfPort.CONTROLLER, List.of(Action.output(pi.inPort())), frame),
                OfVersion.OF_1_3, ++xid, out);
        return out;
    }

    /** A BOOTREPLY for the request: its fixed part with op, yiaddr, siaddr set, then a DHCPOFFER's options. */
    static byte[] bootReply(ByteBuffer request) {
        ByteBuffer b = ByteBuffer.allocate(300);
        for (int i = 0; i < BOOTP_FIXED; i++) {
            b.put(request.get(i));
        }
        b.put(0, (byte) 2);
        b.put(16, OFFERED, 0, 4);
        b.putInt(20, SERVER_IP.value());
        b.putInt(MAGIC_COOKIE);
        b.put((byte) 53).put((byte) 1).put((byte) 2);
        b.put((byte) 54).put((byte) 4).putInt(SERVER_IP.value());
        b.put((byte) 51).put((byte) 4).putInt(86400);
        b.put((byte) 1).put((byte) 4).putInt(0xffffff00);
        b.put((byte) 3).put((byte) 4).putInt(SERVER_IP.value());
        b.put((byte) 26).put((byte) 2).putShort((short) 1400);
        b.put((byte) 255);
        return b.array();
    }
}
