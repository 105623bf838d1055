package org.vifd.agent.intent;

import java.net.InetAddress;
import java.util.Objects;

/** One of a port's {@code fixed_ips}: an address on one of the network's subnets. */
public record FixedIp(String subnetId, InetAddress ipAddress) {
    public FixedIp {
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(ipAddress, "ipAddress");
    }
}
