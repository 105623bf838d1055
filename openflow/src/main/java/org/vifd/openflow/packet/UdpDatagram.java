package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/**
 * A UDP datagram (RFC 768). Parsing checks the length field against the bytes present; the checksum is verified
 * with the IPv4 or IPv6 pseudo-header by {@link #checksumValid4}/{@link #checksumValid6}.
 */
public record UdpDatagram(int srcPort, int dstPort, int length, int checksum, ByteBuffer payload) {
    public static final int HEADER_LENGTH = 8;

    public static Decoded<UdpDatagram> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < HEADER_LENGTH) {
            return Decoded.failed(0, "UDP header truncated: " + b.remaining() + " bytes");
        }
        int len = b.getShort(4) & 0xffff;
        if (len < HEADER_LENGTH || len > b.remaining()) {
            return Decoded.failed(4, "UDP length " + len + " with " + b.remaining() + " bytes");
        }
        ByteBuffer payload = b.limit(len).position(HEADER_LENGTH).slice().asReadOnlyBuffer();
        return Decoded.ok(new UdpDatagram(b.getShort(0) & 0xffff, b.getShort(2) & 0xffff, len,
                b.getShort(6) & 0xffff, payload));
    }

    /** Verifies the checksum (0 means "none" in IPv4, RFC 768). */
    public boolean checksumValid4(Ipv4Address src, Ipv4Address dst) {
        if (checksum == 0) {
            return true;
        }
        return Checksum.fold(sumOverDatagram(Checksum.pseudoHeader4(src, dst, Ipv4Packet.PROTO_UDP, length))) == 0;
    }

    /** IPv6 makes the checksum mandatory (RFC 8200 §8.1). */
    public boolean checksumValid6(byte[] src, byte[] dst) {
        return checksum != 0
                && Checksum.fold(sumOverDatagram(Checksum.pseudoHeader6(src, dst, Ipv4Packet.PROTO_UDP, length))) == 0;
    }

    private long sumOverDatagram(long sum) {
        sum += srcPort + dstPort + length + checksum;
        return Checksum.add(sum, payload, 0, payload.limit());
    }

    /** Writes header and payload; the checksum covers the IPv4 pseudo-header. */
    public static void write4(ByteBuffer out, Ipv4Address src, Ipv4Address dst, int srcPort, int dstPort,
                              byte[] payload) {
        int len = HEADER_LENGTH + payload.length;
        int start = out.position();
        out.putShort((short) srcPort).putShort((short) dstPort).putShort((short) len).putShort((short) 0).put(payload);
        int c = Checksum.fold(Checksum.add(Checksum.pseudoHeader4(src, dst, Ipv4Packet.PROTO_UDP, len), out, start,
                len));
        out.putShort(start + 6, (short) (c == 0 ? 0xffff : c));
    }

    public static void write6(ByteBuffer out, byte[] src, byte[] dst, int srcPort, int dstPort, byte[] payload) {
        int len = HEADER_LENGTH + payload.length;
        int start = out.position();
        out.putShort((short) srcPort).putShort((short) dstPort).putShort((short) len).putShort((short) 0).put(payload);
        int c = Checksum.fold(Checksum.add(Checksum.pseudoHeader6(src, dst, Ipv4Packet.PROTO_UDP, len), out, start,
                len));
        out.putShort(start + 6, (short) (c == 0 ? 0xffff : c));
    }
}
