package org.vifd.agent.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.vifd.agent.intent.ExtraDhcpOpt;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.HostRoute;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.dhcp.AllowedAddressPair;
import org.vifd.dhcp.Bindings;
import org.vifd.dhcp.ClasslessRoute;
import org.vifd.dhcp.ExtraDhcpOption;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.Ipv4Cidr;
import org.vifd.dhcp.MacAddress;
import org.vifd.dhcp.PortBinding;

/**
 * Turns the intent (Neutron shapes) into what the DHCP hot path serves: one {@link DhcpPort} per wired port with an
 * IPv4 address on a subnet with {@code enable_dhcp}, the way Neutron's DHCP agent configures dnsmasq:
 * <ul>
 *   <li>the port's first such fixed IP; hostname {@code host-20-20-20-4} (Neutron's default name), domain
 *       {@code dhcp.dns_domain}; its IPv4 {@code extra_dhcp_opts} and allowed address pairs;</li>
 *   <li>the subnet's mask, gateway, IPv4 {@code dns_nameservers}, {@code host_routes} (options 121/249) and the
 *       network's MTU (option 26, always sent, as Neutron forces it);</li>
 *   <li>the server identity: the subnet's {@code network:dhcp} port (its address and MAC, which Neutron allocates
 *       for dnsmasq), and then vifd answers ARP for that address; without one, the gateway address is the server
 *       identifier, replies come from {@link #GATEWAY_SERVER_MAC}, and ARP is left to the router that owns it;</li>
 *   <li>with {@code dhcp.metadata_route}, the host route 169.254.169.254/32 via the DHCP port's address (only on
 *       subnets with a DHCP port: a route via the gateway would change nothing).</li>
 * </ul>
 * Each problem is reported on its port (the port is then not served); one bad port never stops the others.
 *
 * <p>Pure apart from the key allocator it is handed; called on the agent loop.
 */
public final class DhcpBindingsBuilder {
    /** Neutron's {@code device_owner} of the port that gives a subnet's DHCP server its address. */
    public static final String DEVICE_OWNER_DHCP = "network:dhcp";
    /** Source MAC of replies on subnets without a DHCP port: locally administered, "vifd" in its middle octets. */
    public static final MacAddress GATEWAY_SERVER_MAC = MacAddress.parse("02:76:69:66:64:00");
    static final Ipv4Cidr METADATA = Ipv4Cidr.parse("169.254.169.254/32");

    /**
     * The result of one build.
     *
     * @param snapshot what to publish to the hot path and install flows for
     * @param problems port id → why that wired port is not served (bad option, no server identity, no key)
     */
    public record Result(DhcpSnapshot snapshot, Map<String, String> problems) {
        public Result {
            Objects.requireNonNull(snapshot, "snapshot");
            problems = Collections.unmodifiableMap(new TreeMap<>(problems));
        }
    }

    /** A subnet's server identity. */
    private record Server(Ipv4Address ip, MacAddress mac, boolean dhcpPort) {
    }

    private DhcpBindingsBuilder() {
    }

    /**
     * @param intent           the intent in force
     * @param ofportByPortId   the wired ports: Neutron port id (the Interface's {@code iface-id}) → ofport; ports
     *                         whose ofport is not yet known (absent, or below 1) are skipped
     * @param keys             the key allocator; keys of ports no longer served are freed
     * @param settings         agent-wide DHCP settings
     */
    public static Result build(Intent intent, Map<String, Long> ofportByPortId, DhcpPortKeys keys,
                               DhcpSettings settings) {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(ofportByPortId, "ofportByPortId");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(settings, "settings");
        Map<String, String> problems = new HashMap<>();
        Map<String, org.vifd.dhcp.Subnet> subnets = new HashMap<>();
        Map<String, Server> servers = new HashMap<>();
        Map<String, DhcpPort> served = new LinkedHashMap<>();
        Set<String> keep = new HashSet<>();
        Bindings.Builder check = Bindings.builder();
        for (Map.Entry<String, Long> wired : new TreeMap<>(ofportByPortId).entrySet()) {
            Long ofport = wired.getValue();
            Optional<Port> maybePort = intent.port(wired.getKey());
            if (ofport == null || ofport < 1 || ofport >= 0xffffff00L || maybePort.isEmpty()) {
                continue;
            }
            Port port = maybePort.get();
            if (!port.adminStateUp() || port.deviceOwner().startsWith("network:")) {
                continue;
            }
            Optional<Network> network = intent.network(port.networkId());
            Optional<FixedIp> fixed = port.fixedIps().stream()
                    .filter(f -> f.ipAddress() instanceof Inet4Address)
                    .filter(f -> intent.subnet(f.subnetId()).map(s -> s.enableDhcp() && s.ipVersion() == 4)
                            .orElse(false))
                    .findFirst();
            if (network.isEmpty() || fixed.isEmpty()) {
                continue; // no IPv4 address on a DHCP-enabled subnet: not ours to answer
            }
            Subnet subnet = intent.subnet(fixed.get().subnetId()).orElseThrow();
            Server server = servers.computeIfAbsent(subnet.id(), id -> server(intent, subnet));
            if (server == null) {
                problems.put(port.id(), "subnet " + subnet.id() + " has neither a " + DEVICE_OWNER_DHCP
                        + " port nor a gateway_ip: no DHCP server identity");
                continue;
            }
            PortBinding binding;
            try {
                org.vifd.dhcp.Subnet dhcpSubnet = subnets.computeIfAbsent(subnet.id(),
                        id -> dhcpSubnet(subnet, network.get(), server, settings));
                binding = binding(port, fixed.get(), dhcpSubnet);
            } catch (IllegalArgumentException e) {
                problems.put(port.id(), e.getMessage());
                continue;
            }
            OptionalInt key = keys.keyFor(port.id());
            if (key.isEmpty()) {
                problems.put(port.id(), "no free DHCP port key (" + DhcpPortKeys.MAX_KEY + " in use)");
                continue;
            }
            try {
                check.put(key.getAsInt(), binding); // compiles the options: a bad extra_dhcp_opt fails here
            } catch (IllegalArgumentException e) {
                problems.put(port.id(), e.getMessage());
                keep.add(port.id()); // keep its key: the next intent may fix the option
                continue;
            }
            keep.add(port.id());
            served.put(port.id(), new DhcpPort(key.getAsInt(), ofport, binding, server.dhcpPort()));
        }
        keys.retainOnly(keep);
        return new Result(DhcpSnapshot.of(served.values()), problems);
    }

    /** RFC 2131 §4.1: the server identifier must be an address of the server reachable by the client. */
    private static Server server(Intent intent, Subnet subnet) {
        for (Port p : intent.portsOf(subnet.networkId())) {
            if (!DEVICE_OWNER_DHCP.equals(p.deviceOwner())) {
                continue;
            }
            for (FixedIp f : p.fixedIps()) {
                if (f.subnetId().equals(subnet.id()) && f.ipAddress() instanceof Inet4Address a) {
                    return new Server(ipv4(a), new MacAddress(p.macAddress().value()), true);
                }
            }
        }
        return subnet.gatewayIp().filter(g -> g instanceof Inet4Address)
                .map(g -> new Server(ipv4(g), GATEWAY_SERVER_MAC, false)).orElse(null);
    }

    private static org.vifd.dhcp.Subnet dhcpSubnet(Subnet s, Network network, Server server, DhcpSettings settings) {
        List<Ipv4Address> dns = new ArrayList<>();
        for (InetAddress a : s.dnsNameservers()) {
            if (a instanceof Inet4Address) {
                dns.add(ipv4(a));
            }
        }
        List<ClasslessRoute> routes = new ArrayList<>();
        for (HostRoute r : s.hostRoutes()) {
            if (r.destination().isIpv4() && r.nexthop() instanceof Inet4Address) {
                routes.add(new ClasslessRoute(new Ipv4Cidr(ipv4(r.destination().address()), r.destination().length()),
                        ipv4(r.nexthop())));
            }
        }
        if (settings.metadataRoute() && server.dhcpPort()
                && routes.stream().noneMatch(r -> r.destination().equals(METADATA))) {
            routes.add(new ClasslessRoute(METADATA, server.ip()));
        }
        int mtu = network.mtu() > 0 ? network.mtu() : Network.DEFAULT_MTU;
        return org.vifd.dhcp.Subnet.builder(s.id(), new Ipv4Cidr(ipv4(s.cidr().address()), s.cidr().length()))
                .gateway(s.gatewayIp().filter(g -> g instanceof Inet4Address).map(DhcpBindingsBuilder::ipv4)
                        .orElse(null))
                .dnsServers(dns)
                .hostRoutes(routes)
                .mtu(mtu)
                .domain(settings.dnsDomain())
                .server(server.ip(), server.mac())
                .leaseTime(settings.leaseTime())
                .build();
    }

    private static PortBinding binding(Port port, FixedIp fixed, org.vifd.dhcp.Subnet subnet) {
        List<ExtraDhcpOption> extra = new ArrayList<>();
        for (ExtraDhcpOpt o : port.extraDhcpOpts()) {
            if (o.ipVersion() == 4) {
                extra.add(new ExtraDhcpOption(o.optName(), o.optValue()));
            }
        }
        List<AllowedAddressPair> pairs = new ArrayList<>();
        for (org.vifd.agent.intent.AllowedAddressPair p : port.allowedAddressPairs()) {
            if (p.ipAddress().isIpv4()) {
                pairs.add(new AllowedAddressPair(new MacAddress(p.macAddress().value()),
                        new Ipv4Cidr(ipv4(p.ipAddress().address()), p.ipAddress().length())));
            }
        }
        return new PortBinding(port.id(), new MacAddress(port.macAddress().value()), ipv4(fixed.ipAddress()), subnet,
                null, extra, pairs);
    }

    static Ipv4Address ipv4(InetAddress a) {
        byte[] b = a.getAddress();
        return Ipv4Address.of(b[0], b[1], b[2], b[3]);
    }
}
