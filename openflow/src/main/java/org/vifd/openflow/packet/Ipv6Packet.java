package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/**
 * An IPv6 packet (RFC 8200 §3): fixed header only (extension headers are left in the payload, next header says
 * which). {@code payload} is a read-only view of payload-length bytes.
 */
public record Ipv6Packet(int trafficClass, int flowLabel, int nextHeader, int hopLimit, byte[] src, byte[] dst,
                         ByteBuffer payload) {
    public static final int HEADER_LENGTH = 40;
    public static final int NEXT_UDP = 17;
    public static final int NEXT_ICMPV6 = 58;

    public Ipv6Packet {
        src = src.clone();
        dst = dst.clone();
    }

    @Override
    public byte[] src() {
        return src.clone();
    }

    @Override
    public byte[] dst() {
        return dst.clone();
    }

    public static Decoded<Ipv6Packet> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < HEADER_LENGTH) {
            return Decoded.failed(0, "IPv6 header truncated: " + b.remaining() + " bytes");
        }
        int w = b.getInt(0);
        if (w >>> 28 != 6) {
            return Decoded.failed(0, "IP version " + (w >>> 28) + " in an IPv6 packet");
        }
        int plen = b.getShort(4) & 0xffff;
        if (HEADER_LENGTH + plen > b.remaining()) {
            return Decoded.failed(4, "IPv6 payload length " + plen + " with " + (b.remaining() - HEADER_LENGTH)
                    + " bytes");
        }
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        b.get(8, src);
        b.get(24, dst);
        ByteBuffer payload = b.limit(HEADER_LENGTH + plen).position(HEADER_LENGTH).slice().asReadOnlyBuffer();
        return Decoded.ok(new Ipv6Packet(w >>> 20 & 0xff, w & 0xfffff, b.get(6) & 0xff, b.get(7) & 0xff, src, dst,
                payload));
    }

    public static void writeHeader(ByteBuffer out, int nextHeader, int hopLimit, byte[] src, byte[] dst,
                                   int payloadLength) {
        out.putInt(6 << 28).putShort((short) payloadLength).put((byte) nextHeader).put((byte) hopLimit).put(src)
                .put(dst);
    }
}
