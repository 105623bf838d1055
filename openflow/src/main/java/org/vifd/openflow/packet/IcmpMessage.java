package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/** An ICMP (RFC 792) or ICMPv6 (RFC 4443) message: type, code, checksum and the rest as a read-only view. */
public record IcmpMessage(int type, int code, int checksum, ByteBuffer body) {
    public static final int ECHO_REPLY = 0;
    public static final int ECHO_REQUEST = 8;

    public static Decoded<IcmpMessage> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < 4) {
            return Decoded.failed(0, "ICMP header truncated: " + b.remaining() + " bytes");
        }
        return Decoded.ok(new IcmpMessage(b.get(0) & 0xff, b.get(1) & 0xff, b.getShort(2) & 0xffff,
                b.position(4).slice().asReadOnlyBuffer()));
    }

    /** ICMPv4 checksum: over the message only. */
    public boolean checksumValid4() {
        long s = (type << 8 | code) + checksum;
        return Checksum.fold(Checksum.add(s, body, 0, body.limit())) == 0;
    }

    /** Writes an ICMPv4 message with its checksum. */
    public static void write4(ByteBuffer out, int type, int code, byte[] body) {
        int start = out.position();
        out.put((byte) type).put((byte) code).putShort((short) 0).put(body);
        out.putShort(start + 2, (short) Checksum.fold(Checksum.add(0, out, start, 4 + body.length)));
    }
}
