package org.vifd.dhcp;

import java.util.List;
import java.util.Objects;

/**
 * A port's static DHCP binding, as Neutron knows it in advance.
 *
 * @param hostname null for Neutron's default name {@code host-20-20-20-4}
 */
public record PortBinding(String portId, MacAddress mac, Ipv4Address ip, Subnet subnet, String hostname,
                          List<ExtraDhcpOption> extraOptions, List<AllowedAddressPair> allowedAddressPairs) {

    public PortBinding {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(subnet, "subnet");
        extraOptions = List.copyOf(extraOptions);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
    }

    public static PortBinding of(String portId, MacAddress mac, Ipv4Address ip, Subnet subnet) {
        return new PortBinding(portId, mac, ip, subnet, null, List.of(), List.of());
    }

    public PortBinding withExtraOptions(List<ExtraDhcpOption> extraOptions) {
        return new PortBinding(portId, mac, ip, subnet, hostname, extraOptions, allowedAddressPairs);
    }

    public PortBinding withAllowedAddressPairs(List<AllowedAddressPair> pairs) {
        return new PortBinding(portId, mac, ip, subnet, hostname, extraOptions, pairs);
    }

    public PortBinding withIp(Ipv4Address newIp) {
        return new PortBinding(portId, mac, newIp, subnet, hostname, extraOptions, allowedAddressPairs);
    }

    /** The hostname sent as option 12: the given one, else Neutron's {@code host-} + the address with dashes. */
    public String effectiveHostname() {
        return hostname != null ? hostname : "host-" + ip.toString().replace('.', '-');
    }
}
