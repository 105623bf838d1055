package org.vifd.dhcp;

import java.util.Objects;

/** A Neutron allowed address pair: another MAC (or the port's own) and the addresses it may use. */
public record AllowedAddressPair(MacAddress mac, Ipv4Cidr ipAddress) {
    public AllowedAddressPair {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipAddress, "ipAddress");
    }
}
