package org.vifd.openflow.match;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.MacAddress;

/**
 * An OXM match (OpenFlow 1.3.5 §7.2.3, ofp_match of type OFPMT_OXM). The entries are kept in the order Open vSwitch
 * writes them ({@link OvsFieldOrder}, which puts prerequisites such as eth_type before ip_proto), so two matches
 * with the same fields are equal whatever order they were built or decoded in, and our encoding of a flow is
 * byte for byte ovs-ofctl's.
 */
public record Match(List<OxmEntry> entries) {
    public static final Match ALL = new Match(List.of());
    /** ofp_match.type OFPMT_OXM. */
    public static final int OFPMT_OXM = 1;
    /** vlan_vid bit meaning "a VLAN tag is present" (OFPVID_PRESENT, §7.2.3.8). */
    public static final int OFPVID_PRESENT = 0x1000;

    private static final Comparator<OxmEntry> ORDER = Comparator.comparing(OxmEntry::field, OvsFieldOrder.COMPARATOR);

    public Match {
        List<OxmEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).field().equals(sorted.get(i - 1).field())) {
                throw new IllegalArgumentException("duplicate match field " + sorted.get(i).field());
            }
        }
        entries = Collections.unmodifiableList(sorted);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.entries.addAll(entries);
        return b;
    }

    public Optional<OxmEntry> get(OxmField field) {
        for (OxmEntry e : entries) {
            if (e.field().equals(field)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The in_port value, or -1 when the match has none. */
    public long inPort() {
        return get(OxmField.IN_PORT).map(OxmEntry::longValue).orElse(-1L);
    }

    /** Bytes of the ofp_match on the wire, padding included. */
    public int wireLength() {
        return (unpaddedLength() + 7) & ~7;
    }

    private int unpaddedLength() {
        int len = 4;
        for (OxmEntry e : entries) {
            len += e.wireLength();
        }
        return len;
    }

    /** Writes ofp_match: type, length (without padding), the OXM TLVs, zero padding to a multiple of 8. */
    public void encode(ByteBuf out) {
        // One pass: the length is patched in after the TLVs are written.
        int start = out.writerIndex();
        out.writeShort(OFPMT_OXM);
        out.writeShort(0);
        encodeOxms(out);
        int len = out.writerIndex() - start;
        out.setShort(start + 2, len);
        out.writeZero(((len + 7) & ~7) - len);
    }

    /** Writes the bare OXM TLVs (as in set_field and NXT_PACKET_IN2 metadata). */
    public void encodeOxms(ByteBuf out) {
        for (OxmEntry e : entries) {
            encodeOxm(e, out);
        }
    }

    static void encodeOxm(OxmEntry e, ByteBuf out) {
        int n = e.valueLength();
        boolean masked = e.hasMask();
        out.writeShort(e.field().oxmClass());
        out.writeByte(e.field().field() << 1 | (masked ? 1 : 0));
        // OpenFlow 1.3.5 §7.2.3.2: an experimenter OXM's length counts its 4-byte experimenter id.
        int exp = e.field().isExperimenter() ? 4 : 0;
        out.writeByte(exp + (masked ? 2 * n : n));
        if (exp != 0) {
            out.writeInt((int) e.field().experimenter());
        }
        out.writeBytes(e.valueArray());
        if (masked) {
            out.writeBytes(e.maskArray());
        }
    }

    /**
     * Reads an ofp_match at the reader index and consumes it with its padding.
     * @param base offset of {@code in}'s reader index within the message, for error offsets
     */
    public static Match decode(ByteBuf in, int base) throws DecodeException {
        int start = in.readerIndex();
        if (in.readableBytes() < 4) {
            throw new DecodeException(base, "truncated ofp_match header");
        }
        int type = in.getUnsignedShort(start);
        int len = in.getUnsignedShort(start + 2);
        if (type != OFPMT_OXM) {
            throw new DecodeException(base, "ofp_match type " + type + " is not OFPMT_OXM");
        }
        int padded = (len + 7) & ~7;
        if (len < 4 || padded > in.readableBytes()) {
            throw new DecodeException(base + 2, "ofp_match length " + len + " exceeds the " + in.readableBytes()
                    + " bytes left");
        }
        Match m = decodeOxms(in.slice(start + 4, len - 4), base + 4);
        in.skipBytes(padded);
        return m;
    }

    /** Decodes a run of bare OXM TLVs filling all of {@code in}. */
    public static Match decodeOxms(ByteBuf in, int base) throws DecodeException {
        List<OxmEntry> list = new ArrayList<>();
        int start = in.readerIndex();
        while (in.isReadable()) {
            int at = base + in.readerIndex() - start;
            if (in.readableBytes() < 4) {
                throw new DecodeException(at, "truncated OXM header");
            }
            int oxmClass = in.readUnsignedShort();
            int fieldAndMask = in.readUnsignedByte();
            int len = in.readUnsignedByte();
            if (len > in.readableBytes()) {
                throw new DecodeException(at + 3, "OXM length " + len + " exceeds the " + in.readableBytes()
                        + " bytes left");
            }
            OxmField field;
            if (oxmClass == OxmField.CLASS_EXPERIMENTER) {
                // OpenFlow 1.3.5 §7.2.3.2: the experimenter id follows the header and counts in the length.
                if (len < 4) {
                    throw new DecodeException(at + 3, "experimenter OXM length " + len + " without its id");
                }
                field = OxmField.experimenterField(in.readUnsignedInt(), fieldAndMask >> 1);
                len -= 4;
            } else {
                field = OxmField.valueOf(oxmClass, fieldAndMask >> 1);
            }
            boolean masked = (fieldAndMask & 1) != 0;
            if (masked && (len & 1) != 0) {
                throw new DecodeException(at + 3, "masked OXM " + field + " with odd length " + len);
            }
            int n = masked ? len / 2 : len;
            if (field.width() >= 0 && n != field.width()) {
                throw new DecodeException(at + 3, "OXM " + field + " length " + len + " for a " + field.width()
                        + "-byte field");
            }
            byte[] value = new byte[n];
            in.readBytes(value);
            byte[] mask = null;
            if (masked) {
                mask = new byte[n];
                in.readBytes(mask);
            }
            list.add(new OxmEntry(field, value, mask));
        }
        try {
            return new Match(list);
        } catch (IllegalArgumentException e) {
            throw new DecodeException(base, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "any" : entries.stream().map(OxmEntry::toString).collect(Collectors.joining(","));
    }

    /** Builds a match; setting a field twice replaces it. */
    public static final class Builder {
        private final List<OxmEntry> entries = new ArrayList<>();

        public Builder set(OxmEntry e) {
            entries.removeIf(x -> x.field().equals(e.field()));
            entries.add(e);
            return this;
        }

        public Builder inPort(long port) {
            return set(OxmEntry.of(OxmField.IN_PORT, port));
        }

        public Builder metadata(long value) {
            return set(OxmEntry.of(OxmField.METADATA, value));
        }

        public Builder metadata(long value, long mask) {
            return set(OxmEntry.of(OxmField.METADATA, value, mask));
        }

        public Builder ethDst(MacAddress mac) {
            return set(OxmEntry.of(OxmField.ETH_DST, mac.value()));
        }

        public Builder ethDst(MacAddress mac, MacAddress mask) {
            return set(OxmEntry.of(OxmField.ETH_DST, mac.value(), mask.value()));
        }

        public Builder ethSrc(MacAddress mac) {
            return set(OxmEntry.of(OxmField.ETH_SRC, mac.value()));
        }

        public Builder ethType(int ethType) {
            return set(OxmEntry.of(OxmField.ETH_TYPE, ethType));
        }

        /** Matches a frame tagged with VLAN {@code vid} (sets OFPVID_PRESENT). */
        public Builder vlanVid(int vid) {
            return set(OxmEntry.of(OxmField.VLAN_VID, OFPVID_PRESENT | (vid & 0xfff)));
        }

        /** Matches untagged frames (vlan_vid = OFPVID_NONE). */
        public Builder noVlan() {
            return set(OxmEntry.of(OxmField.VLAN_VID, 0));
        }

        public Builder ipProto(int proto) {
            return set(OxmEntry.of(OxmField.IP_PROTO, proto));
        }

        public Builder ipv4Src(Ipv4Address a) {
            return set(OxmEntry.of(OxmField.IPV4_SRC, a.value() & 0xffffffffL));
        }

        public Builder ipv4Src(Ipv4Address a, int prefixLength) {
            return set(OxmEntry.of(OxmField.IPV4_SRC, a.value() & 0xffffffffL, prefixMask(prefixLength)));
        }

        public Builder ipv4Dst(Ipv4Address a) {
            return set(OxmEntry.of(OxmField.IPV4_DST, a.value() & 0xffffffffL));
        }

        public Builder ipv4Dst(Ipv4Address a, int prefixLength) {
            return set(OxmEntry.of(OxmField.IPV4_DST, a.value() & 0xffffffffL, prefixMask(prefixLength)));
        }

        public Builder udpSrc(int port) {
            return set(OxmEntry.of(OxmField.UDP_SRC, port));
        }

        public Builder udpDst(int port) {
            return set(OxmEntry.of(OxmField.UDP_DST, port));
        }

        public Builder arpOp(int op) {
            return set(OxmEntry.of(OxmField.ARP_OP, op));
        }

        public Builder arpSpa(Ipv4Address a) {
            return set(OxmEntry.of(OxmField.ARP_SPA, a.value() & 0xffffffffL));
        }

        public Builder arpTpa(Ipv4Address a) {
            return set(OxmEntry.of(OxmField.ARP_TPA, a.value() & 0xffffffffL));
        }

        public Builder arpSha(MacAddress mac) {
            return set(OxmEntry.of(OxmField.ARP_SHA, mac.value()));
        }

        public Builder arpTha(MacAddress mac) {
            return set(OxmEntry.of(OxmField.ARP_THA, mac.value()));
        }

        public Builder reg(int n, long value) {
            return set(OxmEntry.of(OxmField.reg(n), value));
        }

        public Builder reg(int n, long value, long mask) {
            return set(OxmEntry.of(OxmField.reg(n), value, mask));
        }

        public Match build() {
            return new Match(entries);
        }

        private static long prefixMask(int prefixLength) {
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("IPv4 prefix length must be 0..32, got " + prefixLength);
            }
            return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
        }
    }
}
