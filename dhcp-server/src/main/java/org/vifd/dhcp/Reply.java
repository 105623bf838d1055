package org.vifd.dhcp;

import java.nio.ByteBuffer;

/**
 * What to send back: the DHCP payload, and the addressing decided per RFC 2131 §4.1. The agent wraps it in
 * Ethernet/IPv4/UDP: source {@code sourceMac}/{@code sourceIp} port 67, destination
 * {@code destinationMac}/{@code destinationIp} port {@code destinationPort}.
 *
 * @param payload read-only, position 0, limit = the message length
 * @param destinationPort 68 to a client, 67 to a relay agent
 * @param broadcast whether the destination is the limited broadcast (255.255.255.255, ff:ff:ff:ff:ff:ff)
 */
public record Reply(DhcpMessageType type, ByteBuffer payload, MacAddress sourceMac, Ipv4Address sourceIp,
                    MacAddress destinationMac, Ipv4Address destinationIp, int destinationPort, boolean broadcast) {

    public static final int SERVER_PORT = 67;
    public static final int CLIENT_PORT = 68;

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        ByteBuffer b = payload.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
