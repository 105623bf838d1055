package org.vifd.vif.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one rtnetlink link request: {@code struct nlmsghdr}, {@code struct ifinfomsg}, then type-length-value
 * attributes padded to 4 bytes, with nesting (netlink(7), rtnetlink(7); RFC 3549 §2.2 for the header layout).
 * Host byte order throughout, as the kernel expects on the local socket.
 */
final class NetlinkRequest {
    static final int NLMSG_HDRLEN = 16;
    static final int IFINFOMSG_LEN = 16;
    static final int MAX_SIZE = 4096;

    private final ByteBuffer buf = ByteBuffer.allocate(MAX_SIZE).order(ByteOrder.nativeOrder());

    /** Writes nlmsghdr (length patched in {@link #toBytes()}) and ifinfomsg. */
    NetlinkRequest(int type, int flags, int seq, int ifIndex, int ifFlags, int ifChange) {
        buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        putIfinfomsg(ifIndex, ifFlags, ifChange);
    }

    /** struct ifinfomsg: family (AF_UNSPEC), pad, type, index, flags, change. */
    NetlinkRequest putIfinfomsg(int ifIndex, int ifFlags, int ifChange) {
        buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(ifIndex).putInt(ifFlags).putInt(ifChange);
        return this;
    }

    NetlinkRequest attr(int type, byte[] value) {
        int len = 4 + value.length;
        buf.putShort((short) len).putShort((short) type).put(value);
        pad();
        return this;
    }

    NetlinkRequest attrU32(int type, int value) {
        buf.putShort((short) 8).putShort((short) type).putInt(value);
        return this;
    }

    /** NUL-terminated string, as IFLA_IFNAME and IFLA_INFO_KIND are. */
    NetlinkRequest attrString(int type, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        return attr(type, Arrays.copyOf(b, b.length + 1));
    }

    /** Opens a nested attribute; pass the returned position to {@link #endNest(int)}. */
    int beginNest(int type) {
        int start = buf.position();
        buf.putShort((short) 0).putShort((short) type);
        return start;
    }

    NetlinkRequest endNest(int start) {
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    byte[] toBytes() {
        buf.putInt(0, buf.position());
        return Arrays.copyOf(buf.array(), buf.position());
    }
}
