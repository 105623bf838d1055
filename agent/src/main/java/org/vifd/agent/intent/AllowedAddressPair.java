package org.vifd.agent.intent;

import java.util.Objects;
import org.vifd.openflow.packet.MacAddress;

/**
 * One of a port's {@code allowed_address_pairs}: the port may also send from {@code ipAddress} (an address or a
 * prefix) with {@code macAddress}, which defaults to the port's own MAC as in Neutron.
 */
public record AllowedAddressPair(IpPrefix ipAddress, MacAddress macAddress) {
    public AllowedAddressPair {
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(macAddress, "macAddress");
    }
}
