package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/**
 * ICMPv6 neighbour solicitation (135) or advertisement (136) (RFC 4861 §4.3, §4.4) with the optional source/target
 * link-layer address option (§4.6.1); {@code linkLayer} is null when absent.
 */
public record NeighborDiscovery(int type, int flags, byte[] target, MacAddress linkLayer) {
    public static final int SOLICITATION = 135;
    public static final int ADVERTISEMENT = 136;
    public static final int FLAG_ROUTER = 0x80;
    public static final int FLAG_SOLICITED = 0x40;
    public static final int FLAG_OVERRIDE = 0x20;

    public NeighborDiscovery {
        target = target.clone();
    }

    @Override
    public byte[] target() {
        return target.clone();
    }

    /** Parses the ICMPv6 message (from its type byte) and verifies the checksum with the IPv6 pseudo-header. */
    public static Decoded<NeighborDiscovery> parse(ByteBuffer in, byte[] src, byte[] dst) {
        ByteBuffer b = in.slice();
        if (b.remaining() < 24) {
            return Decoded.failed(0, "neighbour discovery message truncated: " + b.remaining() + " bytes");
        }
        int type = b.get(0) & 0xff;
        if (type != SOLICITATION && type != ADVERTISEMENT) {
            return Decoded.failed(0, "ICMPv6 type " + type + " is not neighbour discovery");
        }
        long sum = Checksum.add(Checksum.pseudoHeader6(src, dst, Ipv6Packet.NEXT_ICMPV6, b.remaining()), b, 0,
                b.remaining());
        if (Checksum.fold(sum) != 0) {
            return Decoded.failed(2, "ICMPv6 checksum mismatch");
        }
        byte[] target = new byte[16];
        b.get(8, target);
        MacAddress ll = null;
        int i = 24;
        while (i + 2 <= b.remaining()) {
            int otype = b.get(i) & 0xff;
            int olen = (b.get(i + 1) & 0xff) * 8;
            if (olen == 0 || i + olen > b.remaining()) {
                return Decoded.failed(i + 1, "ND option length " + olen);
            }
            if ((otype == 1 || otype == 2) && olen == 8) {
                ll = EthernetFrame.mac(b, i + 2);
            }
            i += olen;
        }
        return Decoded.ok(new NeighborDiscovery(type, b.get(4) & 0xff, target, ll));
    }

    /** Length of the ICMPv6 message this writes. */
    public int length() {
        return 24 + (linkLayer == null ? 0 : 8);
    }

    /** Writes the ICMPv6 message with its checksum for the given IPv6 addresses. */
    public void write(ByteBuffer out, byte[] src, byte[] dst) {
        int start = out.position();
        out.put((byte) type).put((byte) 0).putShort((short) 0).put((byte) flags).put(new byte[3]).put(target);
        if (linkLayer != null) {
            out.put((byte) (type == SOLICITATION ? 1 : 2)).put((byte) 1);
            EthernetFrame.putMac(out, linkLayer);
        }
        long sum = Checksum.add(Checksum.pseudoHeader6(src, dst, Ipv6Packet.NEXT_ICMPV6, length()), out, start,
                length());
        out.putShort(start + 2, (short) Checksum.fold(sum));
    }
}
