package org.vifd.agent.dhcp;

import java.time.Duration;
import java.util.Objects;
import org.vifd.agent.config.AgentConfig;

/**
 * The agent-wide DHCP settings the bindings are built with.
 *
 * @param dnsDomain     option 15 (config {@code dhcp.dns_domain}, Neutron's {@code dns_domain})
 * @param leaseTime     option 51 (config {@code dhcp.lease_duration})
 * @param metadataRoute add the host route 169.254.169.254/32 via the DHCP port's address (config
 *                      {@code dhcp.metadata_route}, off by default; only on subnets with a {@code network:dhcp} port)
 */
public record DhcpSettings(String dnsDomain, Duration leaseTime, boolean metadataRoute) {
    /** The longest lease the responder can express: RFC 2131 §3.3 reserves 0xffffffff for "infinite". */
    static final long MAX_LEASE_SECONDS = 0xffff_fffeL;
    public static final DhcpSettings DEFAULTS = new DhcpSettings(AgentConfig.DEFAULT_DNS_DOMAIN,
            Duration.ofSeconds(AgentConfig.DEFAULT_LEASE_DURATION), false);

    public DhcpSettings {
        Objects.requireNonNull(dnsDomain, "dnsDomain");
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (leaseTime.getSeconds() < 1 || leaseTime.getSeconds() > MAX_LEASE_SECONDS) {
            throw new IllegalArgumentException("lease time out of 1.." + MAX_LEASE_SECONDS + " s: " + leaseTime);
        }
    }

    /**
     * From the agent's {@code dhcp} config section. Neutron's lease duration -1 ("infinite") becomes the longest
     * finite lease, 0xfffffffe seconds (about 136 years).
     */
    public static DhcpSettings from(AgentConfig.Dhcp dhcp, boolean metadataRoute) {
        long seconds = dhcp.leaseDuration() < 0 ? MAX_LEASE_SECONDS : dhcp.leaseDuration();
        return new DhcpSettings(dhcp.dnsDomain(), Duration.ofSeconds(seconds), metadataRoute);
    }

    public DhcpSettings withLeaseTime(Duration leaseTime) {
        return new DhcpSettings(dnsDomain, leaseTime, metadataRoute);
    }

    public DhcpSettings withMetadataRoute(boolean metadataRoute) {
        return new DhcpSettings(dnsDomain, leaseTime, metadataRoute);
    }
}
