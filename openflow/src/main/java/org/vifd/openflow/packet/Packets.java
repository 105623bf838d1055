package org.vifd.openflow.packet;

import java.nio.ByteBuffer;

/** Builds whole frames for packet-out data. */
public final class Packets {
    private Packets() {
    }

    /** Ethernet (optionally tagged) / IPv4 (TTL 64) / UDP with both checksums. */
    public static byte[] udp4(MacAddress srcMac, MacAddress dstMac, int vlanId, Ipv4Address srcIp, Ipv4Address dstIp,
                              int srcPort, int dstPort, byte[] payload) {
        int udpLen = UdpDatagram.HEADER_LENGTH + payload.length;
        ByteBuffer b = ByteBuffer.allocate(EthernetFrame.headerLength(vlanId) + Ipv4Packet.HEADER_LENGTH + udpLen);
        EthernetFrame.writeHeader(b, dstMac, srcMac, vlanId, EthernetFrame.ETH_TYPE_IPV4);
        Ipv4Packet.writeHeader(b, 0, 0, 64, Ipv4Packet.PROTO_UDP, srcIp, dstIp, udpLen);
        UdpDatagram.write4(b, srcIp, dstIp, srcPort, dstPort, payload);
        return b.array();
    }

    /** Ethernet / IPv6 (hop limit 64) / UDP. */
    public static byte[] udp6(MacAddress srcMac, MacAddress dstMac, byte[] srcIp, byte[] dstIp, int srcPort,
                              int dstPort, byte[] payload) {
        int udpLen = UdpDatagram.HEADER_LENGTH + payload.length;
        ByteBuffer b = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH + udpLen);
        EthernetFrame.writeHeader(b, dstMac, srcMac, -1, EthernetFrame.ETH_TYPE_IPV6);
        Ipv6Packet.writeHeader(b, Ipv6Packet.NEXT_UDP, 64, srcIp, dstIp, udpLen);
        UdpDatagram.write6(b, srcIp, dstIp, srcPort, dstPort, payload);
        return b.array();
    }

    /** Ethernet / ARP. */
    public static byte[] arp(MacAddress srcMac, MacAddress dstMac, int vlanId, ArpPacket arp) {
        return EthernetFrame.build(dstMac, srcMac, vlanId, EthernetFrame.ETH_TYPE_ARP, arp.toBytes());
    }

    /** Ethernet / IPv6 (hop limit 255, RFC 4861 §7.1) / neighbour discovery. */
    public static byte[] neighborDiscovery(MacAddress srcMac, MacAddress dstMac, byte[] srcIp, byte[] dstIp,
                                           NeighborDiscovery nd) {
        ByteBuffer b = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH + nd.length());
        EthernetFrame.writeHeader(b, dstMac, srcMac, -1, EthernetFrame.ETH_TYPE_IPV6);
        Ipv6Packet.writeHeader(b, Ipv6Packet.NEXT_ICMPV6, 255, srcIp, dstIp, nd.length());
        nd.write(b, srcIp, dstIp);
        return b.array();
    }

    /** Ethernet / IPv4 / ICMP. */
    public static byte[] icmp4(MacAddress srcMac, MacAddress dstMac, Ipv4Address srcIp, Ipv4Address dstIp, int type,
                               int code, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(EthernetFrame.HEADER_LENGTH + Ipv4Packet.HEADER_LENGTH + 4 + body.length);
        EthernetFrame.writeHeader(b, dstMac, srcMac, -1, EthernetFrame.ETH_TYPE_IPV4);
        Ipv4Packet.writeHeader(b, 0, 0, 64, Ipv4Packet.PROTO_ICMP, srcIp, dstIp, 4 + body.length);
        IcmpMessage.write4(b, type, code, body);
        return b.array();
    }
}
