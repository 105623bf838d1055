package org.vifd.dhcp;

import java.util.Objects;

/**
 * Where a DHCP message arrived: the port (by the compact key from the punt flow's userdata), the Ethernet source
 * MAC of the frame, and the IPv4 destination of the packet (broadcast, or unicast to the server when renewing).
 */
public record PortContext(int portKey, MacAddress sourceMac, Ipv4Address destinationIp) {

    public PortContext {
        Objects.requireNonNull(sourceMac, "sourceMac");
        Objects.requireNonNull(destinationIp, "destinationIp");
    }

    /** A broadcast packet (the usual case). */
    public static PortContext of(int portKey, MacAddress sourceMac) {
        return new PortContext(portKey, sourceMac, Ipv4Address.BROADCAST);
    }
}
