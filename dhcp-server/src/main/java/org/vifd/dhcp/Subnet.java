package org.vifd.dhcp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A subnet as Neutron describes it, with what vifd's DHCP server says in it.
 *
 * @param serverId the server identifier (option 54) and the reply's source IP: the DHCP port's address
 * @param serverMac the reply's source MAC
 * @param mtu sent as option 26 always, as Neutron forces it
 * @param hostRoutes sent as options 121 and 249, with a default route via the gateway added when any exist
 */
public record Subnet(String id, Ipv4Cidr cidr, Ipv4Address gateway, List<Ipv4Address> dnsServers,
                     List<ClasslessRoute> hostRoutes, int mtu, String domain, List<String> searchDomains,
                     Ipv4Address serverId, MacAddress serverMac, Duration leaseTime) {

    public static final String DEFAULT_DOMAIN = "openstacklocal";
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofDays(1);

    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverMac, "serverMac");
        dnsServers = List.copyOf(dnsServers);
        hostRoutes = List.copyOf(hostRoutes);
        searchDomains = List.copyOf(searchDomains);
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("subnet " + id + ": mtu out of 68..65535: " + mtu);
        }
        if (leaseTime.getSeconds() < 1 || leaseTime.getSeconds() > 0xffff_fffeL) {
            throw new IllegalArgumentException("subnet " + id + ": lease time out of range: " + leaseTime);
        }
    }

    public static Builder builder(String id, Ipv4Cidr cidr) {
        return new Builder(id, cidr);
    }

    /** Defaults: no gateway, no DNS, no routes, MTU 1500, domain openstacklocal, one-day leases. */
    public static final class Builder {
        private final String id;
        private final Ipv4Cidr cidr;
        private Ipv4Address gateway;
        private List<Ipv4Address> dnsServers = List.of();
        private List<ClasslessRoute> hostRoutes = List.of();
        private int mtu = 1500;
        private String domain = DEFAULT_DOMAIN;
        private List<String> searchDomains = List.of();
        private Ipv4Address serverId;
        private MacAddress serverMac;
        private Duration leaseTime = DEFAULT_LEASE_TIME;

        private Builder(String id, Ipv4Cidr cidr) {
            this.id = id;
            this.cidr = cidr;
        }

        public Builder gateway(Ipv4Address gateway) { this.gateway = gateway; return this; }
        public Builder dnsServers(List<Ipv4Address> dnsServers) { this.dnsServers = dnsServers; return this; }
        public Builder hostRoutes(List<ClasslessRoute> hostRoutes) { this.hostRoutes = hostRoutes; return this; }
        public Builder mtu(int mtu) { this.mtu = mtu; return this; }
        public Builder domain(String domain) { this.domain = domain; return this; }
        public Builder searchDomains(List<String> searchDomains) { this.searchDomains = searchDomains; return this; }
        public Builder server(Ipv4Address serverId, MacAddress serverMac) {
            this.serverId = serverId;
            this.serverMac = serverMac;
            return this;
        }
        public Builder leaseTime(Duration leaseTime) { this.leaseTime = leaseTime; return this; }

        public Subnet build() {
            return new Subnet(id, cidr, gateway, dnsServers, hostRoutes, mtu, domain, searchDomains, serverId,
                    serverMac, leaseTime);
        }
    }
}
