package org.vifd.agent.intent;

import java.net.InetAddress;
import java.util.Objects;

/** One of a subnet's {@code host_routes}: {@code destination} via {@code nexthop}. */
public record HostRoute(IpPrefix destination, InetAddress nexthop) {
    public HostRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(nexthop, "nexthop");
    }
}
