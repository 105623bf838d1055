package org.vifd.agent.intent;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Neutron subnet.
 *
 * @param gatewayIp empty when the subnet has no gateway ({@code gateway_ip: null})
 * @param ipVersion 4 or 6, consistent with {@code cidr}
 */
public record Subnet(String id, String networkId, IpPrefix cidr, Optional<InetAddress> gatewayIp,
                     List<InetAddress> dnsNameservers, List<HostRoute> hostRoutes, boolean enableDhcp,
                     int ipVersion) {
    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(gatewayIp, "gatewayIp");
        dnsNameservers = List.copyOf(dnsNameservers);
        hostRoutes = List.copyOf(hostRoutes);
    }
}
