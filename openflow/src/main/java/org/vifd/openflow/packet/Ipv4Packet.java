package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/**
 * An IPv4 packet (RFC 791 §3.1). Parsing checks version, IHL and total length against the bytes present and
 * reports whether the header checksum verified; {@code payload} is a read-only view of total-length bytes.
 */
public record Ipv4Packet(int tos, int identification, int flagsAndFragment, int ttl, int protocol,
                         Ipv4Address src, Ipv4Address dst, boolean checksumValid, ByteBuffer payload) {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int HEADER_LENGTH = 20;

    public boolean isFragment() {
        return (flagsAndFragment & 0x3fff) != 0;
    }

    public static Decoded<Ipv4Packet> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < HEADER_LENGTH) {
            return Decoded.failed(0, "IPv4 header truncated: " + b.remaining() + " bytes");
        }
        int vihl = b.get(0) & 0xff;
        if (vihl >>> 4 != 4) {
            return Decoded.failed(0, "IP version " + (vihl >>> 4) + " in an IPv4 packet");
        }
        int ihl = (vihl & 0xf) * 4;
        if (ihl < HEADER_LENGTH || ihl > b.remaining()) {
            return Decoded.failed(0, "IPv4 header length " + ihl + " with " + b.remaining() + " bytes");
        }
        int total = b.getShort(2) & 0xffff;
        if (total < ihl || total > b.remaining()) {
            return Decoded.failed(2, "IPv4 total length " + total + " with " + b.remaining() + " bytes");
        }
        boolean ok = Checksum.fold(Checksum.add(0, b, 0, ihl)) == 0;
        ByteBuffer payload = b.limit(total).position(ihl).slice().asReadOnlyBuffer();
        return Decoded.ok(new Ipv4Packet(b.get(1) & 0xff, b.getShort(4) & 0xffff, b.getShort(6) & 0xffff,
                b.get(8) & 0xff, b.get(9) & 0xff, new Ipv4Address(b.getInt(12)), new Ipv4Address(b.getInt(16)), ok,
                payload));
    }

    /** Writes a 20-byte header for {@code payloadLength} bytes with its checksum, at the buffer's position. */
    public static void writeHeader(ByteBuffer out, int tos, int identification, int ttl, int protocol,
                                   Ipv4Address src, Ipv4Address dst, int payloadLength) {
        int start = out.position();
        out.put((byte) 0x45).put((byte) tos).putShort((short) (HEADER_LENGTH + payloadLength))
                .putShort((short) identification).putShort((short) 0).put((byte) ttl).put((byte) protocol)
                .putShort((short) 0).putInt(src.value()).putInt(dst.value());
        out.putShort(start + 10, (short) Checksum.fold(Checksum.add(0, out, start, HEADER_LENGTH)));
    }
}
