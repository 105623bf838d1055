package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071): one's complement of the one's complement sum of 16-bit words. */
public final class Checksum {
    private Checksum() {
    }

    /** Adds bytes [offset, offset+length) of {@code b} (absolute positions) to a running 32-bit sum. */
    public static long add(long sum, ByteBuffer b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
        }
        if (i < end) {
            sum += (b.get(i) & 0xff) << 8;
        }
        return sum;
    }

    public static long add(long sum, byte[] b) {
        return add(sum, ByteBuffer.wrap(b), 0, b.length);
    }

    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** IPv4 pseudo-header (RFC 768, RFC 793 §3.1). */
    public static long pseudoHeader4(Ipv4Address src, Ipv4Address dst, int protocol, int length) {
        long s = 0;
        s += (src.value() >>> 16) + (src.value() & 0xffff);
        s += (dst.value() >>> 16) + (dst.value() & 0xffff);
        s += protocol + length;
        return s;
    }

    /** IPv6 pseudo-header (RFC 8200 §8.1). */
    public static long pseudoHeader6(byte[] src, byte[] dst, int nextHeader, int length) {
        long s = add(add(0, src), dst);
        s += (length >>> 16) + (length & 0xffff);
        s += nextHeader;
        return s;
    }
}
