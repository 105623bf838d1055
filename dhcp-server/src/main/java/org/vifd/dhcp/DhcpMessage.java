package org.vifd.dhcp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A DHCP message: the BOOTP header (RFC 2131 §2, Figure 1) and its options. When the options overflowed into
 * {@code sname}/{@code file} (option 52, RFC 2131 §4.1), decoding moves them into {@link #options()} and leaves
 * those fields zero; encoding decides overload by itself, so {@code options} never contains option 52.
 *
 * @param chaddr 16 bytes; {@code sname} 64 bytes; {@code file} 128 bytes (shorter arrays are zero-padded)
 */
public record DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags,
                          Ipv4Address ciaddr, Ipv4Address yiaddr, Ipv4Address siaddr, Ipv4Address giaddr,
                          byte[] chaddr, byte[] sname, byte[] file, DhcpOptions options) {

    public static final int BOOTREQUEST = 1;
    public static final int BOOTREPLY = 2;
    /** RFC 2131 §2: the leftmost bit of flags asks for a broadcast reply. */
    public static final int FLAG_BROADCAST = 0x8000;
    /** RFC 2131 §3: the magic cookie at the start of the options field. */
    public static final int MAGIC_COOKIE = 0x63825363;
    static final int HEADER_BYTES = 236;
    static final int OPTIONS_OFFSET = 240;
    static final byte[] ZERO_CHADDR = new byte[16];
    static final byte[] ZERO_SNAME = new byte[64];
    static final byte[] ZERO_FILE = new byte[128];

    public DhcpMessage {
        Objects.requireNonNull(ciaddr, "ciaddr");
        Objects.requireNonNull(yiaddr, "yiaddr");
        Objects.requireNonNull(siaddr, "siaddr");
        Objects.requireNonNull(giaddr, "giaddr");
        Objects.requireNonNull(options, "options");
        chaddr = fixed(chaddr, 16, "chaddr");
        sname = fixed(sname, 64, "sname");
        file = fixed(file, 128, "file");
        if (options.contains(DhcpOption.OVERLOAD)) {
            throw new IllegalArgumentException("option 52 (overload) is decided by the encoder, not set by hand");
        }
    }

    private static byte[] fixed(byte[] bytes, int size, String name) {
        if (bytes == null) {
            return name.equals("chaddr") ? ZERO_CHADDR : name.equals("sname") ? ZERO_SNAME : ZERO_FILE;
        }
        if (bytes == ZERO_CHADDR || bytes == ZERO_SNAME || bytes == ZERO_FILE) {
            return bytes;
        }
        if (bytes.length > size) {
            throw new IllegalArgumentException(name + " longer than " + size + " bytes");
        }
        if (isZero(bytes)) {
            return size == 16 ? ZERO_CHADDR : size == 64 ? ZERO_SNAME : ZERO_FILE;
        }
        return Arrays.copyOf(bytes, size);
    }

    static boolean isZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** Decodes with the default size limit; see {@link DhcpMessageDecoder}. */
    public static DhcpMessage decode(ByteBuffer payload) throws DhcpDecodeException {
        return DhcpMessageDecoder.DEFAULT.decode(payload);
    }

    /** Encodes, padded to the 300-byte BOOTP minimum, overloading into sname/file if the options need it. */
    public byte[] encode() {
        return DhcpMessageEncoder.encode(this, DhcpMessageEncoder.MAX_UDP_PAYLOAD);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().op(op).htype(htype).hlen(hlen).hops(hops).xid(xid).secs(secs).flags(flags)
                .ciaddr(ciaddr).yiaddr(yiaddr).siaddr(siaddr).giaddr(giaddr).chaddr(chaddr).sname(sname).file(file)
                .options(options);
    }

    /** The message type (option 53), or null when absent. */
    public DhcpMessageType messageType() {
        return options.messageType();
    }

    public boolean broadcastFlag() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** The client's hardware address as a MAC, when it is Ethernet ({@code htype 1, hlen 6}); else null. */
    public MacAddress clientMac() {
        return htype == 1 && hlen == 6 ? MacAddress.of(chaddr, 0) : null;
    }

    @Override
    public byte[] chaddr() {
        return chaddr.clone();
    }

    @Override
    public byte[] sname() {
        return sname.clone();
    }

    @Override
    public byte[] file() {
        return file.clone();
    }

    byte[] chaddrBytes() {
        return chaddr;
    }

    byte[] snameBytes() {
        return sname;
    }

    byte[] fileBytes() {
        return file;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessage m && op == m.op && htype == m.htype && hlen == m.hlen && hops == m.hops
                && xid == m.xid && secs == m.secs && flags == m.flags && ciaddr.equals(m.ciaddr)
                && yiaddr.equals(m.yiaddr) && siaddr.equals(m.siaddr) && giaddr.equals(m.giaddr)
                && Arrays.equals(chaddr, m.chaddr) && Arrays.equals(sname, m.sname) && Arrays.equals(file, m.file)
                && options.equals(m.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, xid, flags, ciaddr, yiaddr, giaddr, Arrays.hashCode(chaddr), options);
    }

    @Override
    public String toString() {
        return "DhcpMessage[op=" + op + ", type=" + messageType() + ", xid=0x" + Integer.toHexString(xid)
                + ", flags=0x" + Integer.toHexString(flags) + ", ciaddr=" + ciaddr + ", yiaddr=" + yiaddr
                + ", siaddr=" + siaddr + ", giaddr=" + giaddr + ", chaddr="
                + HexFormat.of().formatHex(chaddr, 0, Math.min(Math.max(hlen, 0), 16)) + ", " + options + "]";
    }

    /** Builds a message; defaults: BOOTREQUEST, Ethernet (htype 1, hlen 6), zero addresses, no options. */
    public static final class Builder {
        private int op = BOOTREQUEST;
        private int htype = 1;
        private int hlen = 6;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private Ipv4Address ciaddr = Ipv4Address.ANY;
        private Ipv4Address yiaddr = Ipv4Address.ANY;
        private Ipv4Address siaddr = Ipv4Address.ANY;
        private Ipv4Address giaddr = Ipv4Address.ANY;
        private byte[] chaddr;
        private byte[] sname;
        private byte[] file;
        private DhcpOptions options = DhcpOptions.empty();

        public Builder op(int op) { this.op = op; return this; }
        public Builder htype(int htype) { this.htype = htype; return this; }
        public Builder hlen(int hlen) { this.hlen = hlen; return this; }
        public Builder hops(int hops) { this.hops = hops; return this; }
        public Builder xid(int xid) { this.xid = xid; return this; }
        public Builder secs(int secs) { this.secs = secs; return this; }
        public Builder flags(int flags) { this.flags = flags; return this; }
        public Builder ciaddr(Ipv4Address ciaddr) { this.ciaddr = ciaddr; return this; }
        public Builder yiaddr(Ipv4Address yiaddr) { this.yiaddr = yiaddr; return this; }
        public Builder siaddr(Ipv4Address siaddr) { this.siaddr = siaddr; return this; }
        public Builder giaddr(Ipv4Address giaddr) { this.giaddr = giaddr; return this; }
        public Builder chaddr(byte[] chaddr) { this.chaddr = chaddr; return this; }
        public Builder sname(byte[] sname) { this.sname = sname; return this; }
        public Builder file(byte[] file) { this.file = file; return this; }
        public Builder options(DhcpOptions options) { this.options = options; return this; }

        /** Sets chaddr to the MAC (and htype 1, hlen 6). */
        public Builder clientMac(MacAddress mac) {
            this.htype = 1;
            this.hlen = 6;
            this.chaddr = mac.toBytes();
            return this;
        }

        public DhcpMessage build() {
            return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr,
                    chaddr, sname, file, options);
        }
    }
}
