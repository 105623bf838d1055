package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.packet.MacAddress;

/**
 * A port as the switch describes it, ofp_port: a fixed 64-byte structure in OpenFlow 1.3.5 §7.2.1; from 1.4.1
 * §7.2.1 a 40-byte head (port_no, length, hw_addr, name, config, state) followed by properties, of which the
 * Ethernet one (OFPPDPT_ETHERNET, §7.2.1.1) carries the feature bitmaps and speeds.
 *
 * @param config OFPPC_* bits (bit 0 PORT_DOWN: administratively down)
 * @param state  OFPPS_* bits (bit 0 LINK_DOWN)
 * @param currSpeed current bit rate in kbps
 */
public record PortDesc(long portNo, MacAddress hwAddr, String name, long config, long state, long curr,
                       long advertised, long supported, long peer, long currSpeed, long maxSpeed) {
    public static final long OFPPC_PORT_DOWN = 1;
    public static final long OFPPS_LINK_DOWN = 1;
    static final int LENGTH_13 = 64;
    static final int HEAD_14 = 40;
    static final int OFPPDPT_ETHERNET = 0;
    static final int ETHERNET_PROP_LENGTH = 32;
    private static final int NAME_LENGTH = 16;

    public PortDesc {
        Objects.requireNonNull(hwAddr, "hwAddr");
        Objects.requireNonNull(name, "name");
    }

    public boolean adminDown() {
        return (config & OFPPC_PORT_DOWN) != 0;
    }

    public boolean linkDown() {
        return (state & OFPPS_LINK_DOWN) != 0;
    }

    /** Decodes the concatenated ofp_port entries of an OFPMP_PORT_DESC reply. */
    public static List<PortDesc> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        List<PortDesc> list = new ArrayList<>();
        while (body.isReadable()) {
            list.add(decode(body, version, body.readerIndex()));
        }
        return list;
    }

    /** Reads one ofp_port at the reader index and consumes it; {@code base} is its offset for errors. */
    public static PortDesc decode(ByteBuf in, OfVersion version, int base) throws DecodeException {
        if (!version.atLeast(OfVersion.OF_1_4)) {
            if (in.readableBytes() < LENGTH_13) {
                throw new DecodeException(base, "ofp_port of " + in.readableBytes() + " bytes, needs 64");
            }
            ByteBuf p = in.readSlice(LENGTH_13);
            return new PortDesc(p.getUnsignedInt(0), MacAddress.of(bytes(p, 8, 6), 0), name(p, 16),
                    p.getUnsignedInt(32), p.getUnsignedInt(36), p.getUnsignedInt(40), p.getUnsignedInt(44),
                    p.getUnsignedInt(48), p.getUnsignedInt(52), p.getUnsignedInt(56), p.getUnsignedInt(60));
        }
        if (in.readableBytes() < HEAD_14) {
            throw new DecodeException(base, "ofp_port of " + in.readableBytes() + " bytes, needs at least 40");
        }
        int len = in.getUnsignedShort(in.readerIndex() + 4);
        if (len < HEAD_14 || len > in.readableBytes()) {
            throw new DecodeException(base + 4, "ofp_port length " + len + " with " + in.readableBytes()
                    + " bytes left");
        }
        ByteBuf p = in.readSlice(len);
        long[] eth = new long[6];
        int i = HEAD_14;
        while (i < len) {
            if (len - i < 4) {
                throw new DecodeException(base + i, "truncated ofp_port property header");
            }
            int type = p.getUnsignedShort(i);
            int plen = p.getUnsignedShort(i + 2);
            int padded = (plen + 7) & ~7;
            if (plen < 4 || i + plen > len) {
                throw new DecodeException(base + i + 2, "ofp_port property length " + plen);
            }
            if (type == OFPPDPT_ETHERNET) {
                if (plen < ETHERNET_PROP_LENGTH) {
                    throw new DecodeException(base + i + 2, "OFPPDPT_ETHERNET of " + plen + " bytes");
                }
                for (int k = 0; k < 6; k++) {
                    eth[k] = p.getUnsignedInt(i + 8 + 4 * k);
                }
            }
            i += Math.min(padded, len - i);
        }
        return new PortDesc(p.getUnsignedInt(0), MacAddress.of(bytes(p, 8, 6), 0), name(p, 16),
                p.getUnsignedInt(32), p.getUnsignedInt(36), eth[0], eth[1], eth[2], eth[3], eth[4], eth[5]);
    }

    /** Writes this port as ofp_port of {@code version} (tests that play the switch). */
    public void encode(ByteBuf out, OfVersion version) {
        byte[] n = new byte[NAME_LENGTH];
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(text, 0, n, 0, Math.min(text.length, NAME_LENGTH - 1));
        if (!version.atLeast(OfVersion.OF_1_4)) {
            out.writeInt((int) portNo).writeZero(4).writeBytes(hwAddr.toBytes()).writeZero(2).writeBytes(n)
                    .writeInt((int) config).writeInt((int) state).writeInt((int) curr).writeInt((int) advertised)
                    .writeInt((int) supported).writeInt((int) peer).writeInt((int) currSpeed)
                    .writeInt((int) maxSpeed);
            return;
        }
        out.writeInt((int) portNo).writeShort(HEAD_14 + ETHERNET_PROP_LENGTH).writeZero(2)
                .writeBytes(hwAddr.toBytes()).writeZero(2).writeBytes(n).writeInt((int) config).writeInt((int) state)
                .writeShort(OFPPDPT_ETHERNET).writeShort(ETHERNET_PROP_LENGTH).writeZero(4)
                .writeInt((int) curr).writeInt((int) advertised).writeInt((int) supported).writeInt((int) peer)
                .writeInt((int) currSpeed).writeInt((int) maxSpeed);
    }

    private static byte[] bytes(ByteBuf p, int at, int n) {
        byte[] a = new byte[n];
        p.getBytes(at, a);
        return a;
    }

    /** The NUL-terminated name (at most 16 bytes). */
    private static String name(ByteBuf p, int at) {
        int n = 0;
        while (n < NAME_LENGTH && p.getByte(at + n) != 0) {
            n++;
        }
        return p.toString(at, n, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PortDesc[" + OfPort.name(portNo) + "(" + name + ") " + hwAddr + (adminDown() ? " PORT_DOWN" : "")
                + (linkDown() ? " LINK_DOWN" : "") + "]";
    }
}
