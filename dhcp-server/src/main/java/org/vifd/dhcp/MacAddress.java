package org.vifd.dhcp;

import java.util.Locale;

/** A 48-bit Ethernet MAC address held in the low 48 bits of a long (first octet highest). */
public record MacAddress(long bits) {

    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0);

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: " + Long.toHexString(bits));
        }
    }

    /** Parses {@code 52:54:00:12:34:56} (or with dashes); throws {@link IllegalArgumentException} naming the text. */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        long bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                bits = bits << 8 | Integer.parseInt(part, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
        }
        return new MacAddress(bits);
    }

    /** The six bytes at {@code offset}. */
    public static MacAddress of(byte[] bytes, int offset) {
        return new MacAddress(read(bytes, offset));
    }

    static long read(byte[] bytes, int offset) {
        long bits = 0;
        for (int i = 0; i < 6; i++) {
            bits = bits << 8 | (bytes[offset + i] & 0xff);
        }
        return bits;
    }

    public byte[] toBytes() {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (bits >>> (40 - 8 * i));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format(Locale.ROOT, "%02x", (bits >>> (40 - 8 * i)) & 0xff));
        }
        return sb.toString();
    }
}
