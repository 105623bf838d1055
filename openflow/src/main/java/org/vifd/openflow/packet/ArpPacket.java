package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/** An ARP packet for Ethernet/IPv4 (RFC 826): 28 bytes. */
public record ArpPacket(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
                        Ipv4Address targetIp) {
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    public static final int LENGTH = 28;

    public static Decoded<ArpPacket> parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < LENGTH) {
            return Decoded.failed(0, "ARP packet truncated: " + b.remaining() + " bytes");
        }
        if ((b.getShort(0) & 0xffff) != 1 || (b.getShort(2) & 0xffff) != EthernetFrame.ETH_TYPE_IPV4
                || b.get(4) != 6 || b.get(5) != 4) {
            return Decoded.failed(0, "ARP for hardware " + (b.getShort(0) & 0xffff) + "/protocol 0x"
                    + Integer.toHexString(b.getShort(2) & 0xffff) + " is not Ethernet/IPv4");
        }
        return Decoded.ok(new ArpPacket(b.getShort(6) & 0xffff, EthernetFrame.mac(b, 8), new Ipv4Address(b.getInt(14)),
                EthernetFrame.mac(b, 18), new Ipv4Address(b.getInt(24))));
    }

    public void write(ByteBuffer out) {
        out.putShort((short) 1).putShort((short) EthernetFrame.ETH_TYPE_IPV4).put((byte) 6).put((byte) 4)
                .putShort((short) operation);
        EthernetFrame.putMac(out, senderMac);
        out.putInt(senderIp.value());
        EthernetFrame.putMac(out, targetMac);
        out.putInt(targetIp.value());
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        write(b);
        return b.array();
    }
}
