package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/**
 * An Ethernet II frame with at most one 802.1Q tag (IEEE 802.1Q §9.6). {@code payload} is a read-only view into the
 * parsed bytes (no copy), positioned at the first payload byte; {@code vlanId} is -1 when untagged.
 */
public record EthernetFrame(MacAddress dst, MacAddress src, int vlanId, int vlanPcp, int etherType,
                            ByteBuffer payload) {
    public static final int ETH_TYPE_IPV4 = 0x0800;
    public static final int ETH_TYPE_ARP = 0x0806;
    public static final int ETH_TYPE_VLAN = 0x8100;
    public static final int ETH_TYPE_IPV6 = 0x86dd;
    public static final int HEADER_LENGTH = 14;

    public boolean tagged() {
        return vlanId >= 0;
    }

    /** Parses from the buffer's position to its limit; never throws. */
    public static Decoded<EthernetFrame> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < HEADER_LENGTH) {
            return Decoded.failed(0, "Ethernet frame of " + b.remaining() + " bytes, header needs 14");
        }
        MacAddress dst = mac(b, 0);
        MacAddress src = mac(b, 6);
        int type = b.getShort(12) & 0xffff;
        int vid = -1;
        int pcp = 0;
        int off = 14;
        if (type == ETH_TYPE_VLAN) {
            if (b.remaining() < 18) {
                return Decoded.failed(14, "802.1Q tag truncated");
            }
            int tci = b.getShort(14) & 0xffff;
            vid = tci & 0xfff;
            pcp = tci >>> 13;
            type = b.getShort(16) & 0xffff;
            off = 18;
        }
        ByteBuffer payload = b.position(off).slice().asReadOnlyBuffer();
        return Decoded.ok(new EthernetFrame(dst, src, vid, pcp, type, payload));
    }

    static MacAddress mac(ByteBuffer b, int at) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (b.get(at + i) & 0xff);
        }
        return new MacAddress(v);
    }

    static void putMac(ByteBuffer b, MacAddress m) {
        long v = m.value();
        b.putShort((short) (v >>> 32)).putInt((int) v);
    }

    /** Header length with or without the tag. */
    public static int headerLength(int vlanId) {
        return vlanId >= 0 ? 18 : 14;
    }

    /** Writes an Ethernet header (with a tag if {@code vlanId >= 0}) at the buffer's position. */
    public static void writeHeader(ByteBuffer out, MacAddress dst, MacAddress src, int vlanId, int etherType) {
        putMac(out, dst);
        putMac(out, src);
        if (vlanId >= 0) {
            out.putShort((short) ETH_TYPE_VLAN).putShort((short) (vlanId & 0xfff));
        }
        out.putShort((short) etherType);
    }

    /** A whole frame around {@code payload}. */
    public static byte[] build(MacAddress dst, MacAddress src, int vlanId, int etherType, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(headerLength(vlanId) + payload.length);
        writeHeader(b, dst, src, vlanId, etherType);
        b.put(payload);
        return b.array();
    }
}
