package org.vifd.dhcp;

/**
 * Writes a DHCP message into a byte array: the header, then options each checked against a limit before a byte
 * is written, so a caller can skip what does not fit. Long values are split into several instances of the same
 * code (RFC 3396 §6). Not thread-safe; one per message (or reused by one thread).
 */
final class DhcpWriter {

    /** RFC 1542 §3.1.1 / RFC 2131 §2: a BOOTP message is at least 300 bytes. */
    static final int BOOTP_MINIMUM = 300;

    byte[] buf;
    int pos;
    /** Options may not be written beyond this (an end option still fits after it). */
    int limit;

    DhcpWriter(byte[] buf, int limit) {
        this.buf = buf;
        this.limit = limit;
    }

    void header(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
                int ciaddr, int yiaddr, int siaddr, int giaddr, byte[] chaddr, byte[] sname, byte[] file) {
        buf[0] = (byte) op;
        buf[1] = (byte) htype;
        buf[2] = (byte) hlen;
        buf[3] = (byte) hops;
        putInt(4, xid);
        buf[8] = (byte) (secs >>> 8);
        buf[9] = (byte) secs;
        buf[10] = (byte) (flags >>> 8);
        buf[11] = (byte) flags;
        putInt(12, ciaddr);
        putInt(16, yiaddr);
        putInt(20, siaddr);
        putInt(24, giaddr);
        System.arraycopy(chaddr, 0, buf, 28, 16);
        if (sname != null) {
            System.arraycopy(sname, 0, buf, 44, 64);
        } else {
            java.util.Arrays.fill(buf, 44, 108, (byte) 0);
        }
        if (file != null) {
            System.arraycopy(file, 0, buf, 108, 128);
        } else {
            java.util.Arrays.fill(buf, 108, 236, (byte) 0);
        }
        putInt(236, DhcpMessage.MAGIC_COOKIE);
        pos = DhcpMessage.OPTIONS_OFFSET;
    }

    void putInt(int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    /** Bytes an option of {@code len} value bytes takes on the wire, split per RFC 3396. */
    static int wireSize(int len) {
        if (len == 0) {
            return 2;
        }
        return len + 2 * ((len + 254) / 255);
    }

    boolean fits(int len) {
        return pos + wireSize(len) <= limit;
    }

    /** Writes the option if it fits under the limit; false (nothing written) if not. */
    boolean option(int code, byte[] value, int off, int len) {
        if (!fits(len)) {
            return false;
        }
        if (len == 0) {
            buf[pos++] = (byte) code;
            buf[pos++] = 0;
            return true;
        }
        while (len > 0) {
            int chunk = Math.min(255, len);
            buf[pos++] = (byte) code;
            buf[pos++] = (byte) chunk;
            System.arraycopy(value, off, buf, pos, chunk);
            pos += chunk;
            off += chunk;
            len -= chunk;
        }
        return true;
    }

    boolean option(int code, byte[] value) {
        return option(code, value, 0, value.length);
    }

    boolean optionU8(int code, int value) {
        if (pos + 3 > limit) {
            return false;
        }
        buf[pos++] = (byte) code;
        buf[pos++] = 1;
        buf[pos++] = (byte) value;
        return true;
    }

    boolean optionU16(int code, int value) {
        if (pos + 4 > limit) {
            return false;
        }
        buf[pos++] = (byte) code;
        buf[pos++] = 2;
        buf[pos++] = (byte) (value >>> 8);
        buf[pos++] = (byte) value;
        return true;
    }

    boolean optionU32(int code, int value) {
        if (pos + 6 > limit) {
            return false;
        }
        buf[pos++] = (byte) code;
        buf[pos++] = 4;
        putInt(pos, value);
        pos += 4;
        return true;
    }

    /** Writes the end option and zero padding up to the BOOTP minimum; returns the message length. */
    int end() {
        buf[pos++] = (byte) 255;
        while (pos < BOOTP_MINIMUM) {
            buf[pos++] = 0;
        }
        return pos;
    }
}
