package org.vifd.dhcp;

/** An IPv4 address held as its 32 bits in network order (the first octet in the high byte). */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {

    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);

    public static Ipv4Address of(int bits) {
        return bits == 0 ? ANY : new Ipv4Address(bits);
    }

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    /** Parses dotted-quad text; throws {@link IllegalArgumentException} naming the text when it is not one. */
    public static Ipv4Address parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        int bits = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            }
            bits = bits << 8 | octet;
        }
        return new Ipv4Address(bits);
    }

    public boolean isAny() {
        return bits == 0;
    }

    public byte[] toBytes() {
        return new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
    }

    @Override
    public int compareTo(Ipv4Address o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return toString(bits);
    }

    static String toString(int bits) {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
