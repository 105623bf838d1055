package org.vifd.dhcp;

import java.nio.ByteBuffer;

/**
 * Decodes DHCP payloads with bounds checks on every length. Bad input yields a {@link DhcpDecodeException} naming
 * the offset; no other exception escapes. The size limit is checked before anything else is read.
 *
 * <p>Options are read from the options field, then from {@code file}, then from {@code sname} when option 52 says
 * they are overloaded (RFC 2131 §4.1); instances of one code are concatenated in that order (RFC 3396 §7).
 */
public final class DhcpMessageDecoder {

    /** Room for a DHCP payload in a 9000-byte jumbo frame (minus IPv4 and UDP headers). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 9000 - 28;
    static final DhcpMessageDecoder DEFAULT = new DhcpMessageDecoder(DEFAULT_MAX_MESSAGE_BYTES);

    private static final int SNAME_OFFSET = 44;
    private static final int FILE_OFFSET = 108;

    private final int maxMessageBytes;

    public DhcpMessageDecoder(int maxMessageBytes) {
        if (maxMessageBytes < DhcpMessage.OPTIONS_OFFSET + 1) {
            throw new IllegalArgumentException("maxMessageBytes below the smallest DHCP message: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public DhcpMessage decode(byte[] payload) throws DhcpDecodeException {
        return decode(ByteBuffer.wrap(payload));
    }

    /** Decodes the bytes between the buffer's position and limit; the buffer's position is left unchanged. */
    public DhcpMessage decode(ByteBuffer buf) throws DhcpDecodeException {
        int base = buf.position();
        int length = buf.remaining();
        if (length > maxMessageBytes) {
            throw new DhcpDecodeException(0, "message of " + length + " bytes exceeds the limit of " + maxMessageBytes);
        }
        if (length < DhcpMessage.HEADER_BYTES) {
            throw new DhcpDecodeException(length, "truncated BOOTP header: " + length + " bytes, need 236");
        }
        if (length < DhcpMessage.OPTIONS_OFFSET) {
            throw new DhcpDecodeException(length, "truncated before the magic cookie: " + length + " bytes");
        }
        int cookie = buf.getInt(base + 236);
        if (cookie != DhcpMessage.MAGIC_COOKIE) {
            throw new DhcpDecodeException(236, "bad magic cookie 0x" + Integer.toHexString(cookie));
        }
        int hlen = buf.get(base + 2) & 0xff;
        if (hlen > 16) {
            throw new DhcpDecodeException(2, "hlen " + hlen + " exceeds the 16-byte chaddr field");
        }

        // Walk a heap array directly (the usual case); copy a direct buffer once.
        byte[] array;
        int arrayBase;
        if (buf.hasArray()) {
            array = buf.array();
            arrayBase = buf.arrayOffset() + base;
        } else {
            array = new byte[length];
            buf.get(base, array);
            arrayBase = 0;
        }
        Walker w = new Walker(array, arrayBase);
        w.scan(DhcpMessage.OPTIONS_OFFSET, length, "options field");
        int overload = w.overload;
        if (w.overloadOffset != 0 && (overload < 1 || overload > 3)) {
            throw new DhcpDecodeException(w.overloadOffset, "option 52 (overload) value " + overload + " is not 1, 2 or 3");
        }
        boolean useFile = (overload & 1) != 0;
        boolean useSname = (overload & 2) != 0;
        if (useFile) {
            w.scan(FILE_OFFSET, DhcpMessage.HEADER_BYTES, "file field (overloaded)");
        }
        if (useSname) {
            w.scan(SNAME_OFFSET, FILE_OFFSET, "sname field (overloaded)");
        }
        DhcpOptions options = w.collect(length, useFile, useSname);

        byte[] chaddr = field(array, arrayBase + 28, 16, DhcpMessage.ZERO_CHADDR);
        byte[] sname = useSname ? DhcpMessage.ZERO_SNAME : field(array, arrayBase + SNAME_OFFSET, 64, DhcpMessage.ZERO_SNAME);
        byte[] file = useFile ? DhcpMessage.ZERO_FILE : field(array, arrayBase + FILE_OFFSET, 128, DhcpMessage.ZERO_FILE);
        int b = arrayBase;
        return new DhcpMessage(array[b] & 0xff, array[b + 1] & 0xff, hlen, array[b + 3] & 0xff,
                int32(array, b + 4), (array[b + 8] & 0xff) << 8 | (array[b + 9] & 0xff),
                (array[b + 10] & 0xff) << 8 | (array[b + 11] & 0xff),
                Ipv4Address.of(int32(array, b + 12)), Ipv4Address.of(int32(array, b + 16)),
                Ipv4Address.of(int32(array, b + 20)), Ipv4Address.of(int32(array, b + 24)),
                chaddr, sname, file, options);
    }

    private static int int32(byte[] a, int at) {
        return (a[at] & 0xff) << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | (a[at + 3] & 0xff);
    }

    /** Copies a fixed field, sharing the zero array when the field is all zero (the usual case). */
    private static byte[] field(byte[] a, int at, int size, byte[] zero) {
        for (int i = at; i < at + size; i++) {
            if (a[i] != 0) {
                return java.util.Arrays.copyOfRange(a, at, at + size);
            }
        }
        return zero;
    }

    /** Walks the option regions: validates framing, then gathers each code's concatenated value. */
    private static final class Walker {
        private final byte[] buf;
        private final int base;
        /** Bitmap of codes seen (4 x 64 bits). */
        private long seen0;
        private long seen1;
        private long seen2;
        private long seen3;
        private int distinct;
        /** Option instances seen (equal to {@code distinct} when no code repeats: the common, one-pass case). */
        private int instances;
        private int totalBytes;
        private int overload;
        private int overloadOffset;

        Walker(byte[] buf, int base) {
            this.buf = buf;
            this.base = base;
        }

        private int at(int offset) {
            return buf[base + offset] & 0xff;
        }

        /** Validates one region [start, end): every length inside it, and an end option before its end. */
        void scan(int start, int end, String region) throws DhcpDecodeException {
            int pos = start;
            while (pos < end) {
                int code = at(pos);
                if (code == 0) {
                    pos++;
                    continue;
                }
                if (code == 255) {
                    return;
                }
                if (pos + 1 >= end) {
                    throw new DhcpDecodeException(pos, "option " + code + " has no length byte before the end of the " + region);
                }
                int len = at(pos + 1);
                if (pos + 2 + len > end) {
                    throw new DhcpDecodeException(pos, "option " + code + " claims " + len + " bytes but only "
                            + (end - pos - 2) + " remain in the " + region);
                }
                if (code == 52) {
                    if (start != DhcpMessage.OPTIONS_OFFSET) {
                        throw new DhcpDecodeException(pos, "option 52 (overload) inside the " + region);
                    }
                    if (len != 1) {
                        throw new DhcpDecodeException(pos, "option 52 (overload) has length " + len + ", not 1");
                    }
                    overload = at(pos + 2);
                    overloadOffset = pos;
                } else {
                    if (mark(code)) {
                        distinct++;
                    }
                    instances++;
                    totalBytes += len;
                }
                pos += 2 + len;
            }
            throw new DhcpDecodeException(end, "no end option (255) in the " + region);
        }

        /** Sets the code's bit; true if it was not set. */
        private boolean mark(int code) {
            long bit = 1L << (code & 63);
            switch (code >>> 6) {
                case 0: if ((seen0 & bit) != 0) { return false; } seen0 |= bit; return true;
                case 1: if ((seen1 & bit) != 0) { return false; } seen1 |= bit; return true;
                case 2: if ((seen2 & bit) != 0) { return false; } seen2 |= bit; return true;
                default: if ((seen3 & bit) != 0) { return false; } seen3 |= bit; return true;
            }
        }

        DhcpOptions collect(int length, boolean useFile, boolean useSname) {
            if (distinct == 0) {
                return DhcpOptions.empty();
            }
            byte[] codes = new byte[distinct];
            int[] offsets = new int[distinct + 1];
            byte[] data = new byte[totalBytes];
            if (instances == distinct && !useFile && !useSname) {
                return collectInOnePass(codes, offsets, data, length);
            }
            // Codes in order of first appearance: options field, then file, then sname.
            int n = order(codes, 0, DhcpMessage.OPTIONS_OFFSET, length);
            if (useFile) {
                n = order(codes, n, FILE_OFFSET, DhcpMessage.HEADER_BYTES);
            }
            if (useSname) {
                order(codes, n, SNAME_OFFSET, FILE_OFFSET);
            }
            int pos = 0;
            for (int i = 0; i < codes.length; i++) {
                offsets[i] = pos;
                int code = codes[i] & 0xff;
                pos = copy(code, data, pos, DhcpMessage.OPTIONS_OFFSET, length);
                if (useFile) {
                    pos = copy(code, data, pos, FILE_OFFSET, DhcpMessage.HEADER_BYTES);
                }
                if (useSname) {
                    pos = copy(code, data, pos, SNAME_OFFSET, FILE_OFFSET);
                }
            }
            offsets[codes.length] = pos;
            return new DhcpOptions(codes, offsets, data);
        }

        /** No code repeats and nothing overloaded: every option is its own value, in order. */
        private DhcpOptions collectInOnePass(byte[] codes, int[] offsets, byte[] data, int end) {
            int pos = DhcpMessage.OPTIONS_OFFSET;
            int n = 0;
            int out = 0;
            while (pos < end) {
                int code = at(pos);
                if (code == 0) {
                    pos++;
                    continue;
                }
                if (code == 255) {
                    break;
                }
                int len = at(pos + 1);
                if (code != 52) {
                    codes[n] = (byte) code;
                    offsets[n++] = out;
                    System.arraycopy(buf, base + pos + 2, data, out, len);
                    out += len;
                }
                pos += 2 + len;
            }
            offsets[n] = out;
            return new DhcpOptions(codes, offsets, data);
        }

        private int order(byte[] codes, int n, int start, int end) {
            int pos = start;
            while (pos < end) {
                int code = at(pos);
                if (code == 0) {
                    pos++;
                    continue;
                }
                if (code == 255) {
                    break;
                }
                if (code != 52 && !contains(codes, n, (byte) code)) {
                    codes[n++] = (byte) code;
                }
                pos += 2 + at(pos + 1);
            }
            return n;
        }

        private static boolean contains(byte[] codes, int n, byte code) {
            for (int i = 0; i < n; i++) {
                if (codes[i] == code) {
                    return true;
                }
            }
            return false;
        }

        private int copy(int wanted, byte[] data, int out, int start, int end) {
            int pos = start;
            while (pos < end) {
                int code = at(pos);
                if (code == 0) {
                    pos++;
                    continue;
                }
                if (code == 255) {
                    break;
                }
                int len = at(pos + 1);
                if (code == wanted) {
                    System.arraycopy(buf, base + pos + 2, data, out, len);
                    out += len;
                }
                pos += 2 + len;
            }
            return out;
        }
    }
}
