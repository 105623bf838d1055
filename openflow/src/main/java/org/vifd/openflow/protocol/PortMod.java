package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.packet.MacAddress;

/**
 * OFPT_PORT_MOD (OpenFlow 1.3.5 §7.3.4.3: port_no, hw_addr, config, mask, advertise; 1.4.1 §7.3.4.3 moves
 * advertise into an OFPPMPT_ETHERNET property). The switch checks {@code hwAddr} against the port's address.
 * {@code config} bits are changed where {@code mask} has ones (OFPPC_PORT_DOWN=1, NO_RECV=4, NO_FWD=32,
 * NO_PACKET_IN=64); {@code advertise} 0 leaves the advertised features unchanged.
 */
public record PortMod(long portNo, MacAddress hwAddr, long config, long mask, long advertise) implements OfMessage {
    public static final long OFPPC_PORT_DOWN = 1;
    public static final long OFPPC_NO_RECV = 4;
    public static final long OFPPC_NO_FWD = 32;
    public static final long OFPPC_NO_PACKET_IN = 64;

    public PortMod {
        Objects.requireNonNull(hwAddr, "hwAddr");
    }

    /** Brings a port administratively down (or up). */
    public static PortMod adminDown(PortDesc port, boolean down) {
        return new PortMod(port.portNo(), port.hwAddr(), down ? OFPPC_PORT_DOWN : 0, OFPPC_PORT_DOWN, 0);
    }

    static PortMod decode(ByteBuf b, OfVersion v) throws DecodeException {
        int need = v.atLeast(OfVersion.OF_1_4) ? 24 : 32;
        if (b.readableBytes() < need) {
            throw new DecodeException(MessageCodec.HEADER_LENGTH, "PORT_MOD body of " + b.readableBytes()
                    + " bytes, needs " + need);
        }
        byte[] mac = new byte[6];
        b.getBytes(8, mac);
        long advertise = 0;
        if (v.atLeast(OfVersion.OF_1_4)) {
            // Properties after the 24-byte head; OFPPMPT_ETHERNET (0) holds advertise.
            int i = 24;
            while (i + 4 <= b.readableBytes()) {
                int type = b.getUnsignedShort(i);
                int len = b.getUnsignedShort(i + 2);
                if (len < 4 || i + len > b.readableBytes()) {
                    throw new DecodeException(MessageCodec.HEADER_LENGTH + i + 2, "port-mod property length " + len);
                }
                if (type == 0 && len >= 8) {
                    advertise = b.getUnsignedInt(i + 4);
                }
                i += (len + 7) & ~7;
            }
        } else {
            advertise = b.getUnsignedInt(24);
        }
        return new PortMod(b.getUnsignedInt(0), MacAddress.of(mac, 0), b.getUnsignedInt(16), b.getUnsignedInt(20),
                advertise);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.PORT_MOD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt((int) portNo).writeZero(4).writeBytes(hwAddr.toBytes()).writeZero(2).writeInt((int) config)
                .writeInt((int) mask);
        if (version.atLeast(OfVersion.OF_1_4)) {
            out.writeShort(0).writeShort(8).writeInt((int) advertise);
        } else {
            out.writeInt((int) advertise).writeZero(4);
        }
    }
}
