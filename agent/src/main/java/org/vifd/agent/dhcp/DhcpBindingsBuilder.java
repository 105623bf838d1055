package org.vifd.agent.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.vifd.agent.intent.ExtraDhcpOpt;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.HostRoute;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.dhcp.AllowedAddressPair;
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
 * <p>Pure apart from the key allocator it is handed; called on the agent loop. {@link DhcpBindingsUpdater} keeps
 * the last result and rebuilds only what an intent change touched.
 */
public final class DhcpBindingsBuilder {
    /** Neutron's {@code device_owner} of the port that gives a subnet's DHCP server its address. */
    public static final String DEVICE_OWNER_DHCP = "network:dhcp";
    /** Source MAC of replies on subnets without a DHCP port: locally administered, "vifd" in its middle octets. */
    public static final MacAddress GATEWAY_SERVER_MAC = MacAddress.parse("02:76:69:66:64:00");
    static final Ipv4Cidr METADATA = Ipv4Cidr.parse("169.254.169.254/32");

    /** The problem of a port that would be served but finds every key taken. */
    static final String NO_FREE_KEY = "no free DHCP port key (" + DhcpPortKeys.MAX_KEY + " in use)";

    /**
     * The result of one build or update.
     *
     * @param snapshot    what to publish to the hot path and install flows for
     * @param problems    port id → why that wired port is not served (bad option, no server identity, no key)
     * @param touchedKeys the port keys whose port was added, changed or removed by this update (empty after a full
     *                    build: then every key may have changed)
     * @param full        whether this was a full build (flows must be compared for every key)
     */
    public record Result(DhcpSnapshot snapshot, Map<String, String> problems, Set<Integer> touchedKeys,
                         boolean full) {
        public Result {
            Objects.requireNonNull(snapshot, "snapshot");
            problems = Collections.unmodifiableMap(new TreeMap<>(problems));
            touchedKeys = Set.copyOf(touchedKeys);
        }

        /** A full build's result. */
        public Result(DhcpSnapshot snapshot, Map<String, String> problems) {
            this(snapshot, problems, Set.of(), true);
        }
    }

    /** A subnet's server identity. */
    record Server(Ipv4Address ip, MacAddress mac, boolean dhcpPort) {
    }

    /**
     * What a DHCP-enabled IPv4 subnet gives its ports: the server identity and the subnet as the responder sees it,
     * or why its ports cannot be served. Depends only on the subnet, its network (MTU), the network's
     * {@code network:dhcp} ports and the settings: an update recomputes it when one of those changed, and the
     * ports of its network only when it differs.
     */
    record SubnetInfo(Server server, org.vifd.dhcp.Subnet subnet, String problem) {
    }

    /** What becomes of one wired port. */
    sealed interface Decision permits Skip, Problem, Serve {
    }

    /** Not ours to answer: not wired, not in the intent, down, a network:* port, or no IPv4 DHCP address. */
    record Skip() implements Decision {
        static final Skip INSTANCE = new Skip();
    }

    record Problem(String reason) implements Decision {
    }

    record Serve(long ofport, PortBinding binding, boolean arpResponder) implements Decision {
    }

    private DhcpBindingsBuilder() {
    }

    /**
     * A full build: every wired port's binding compiled anew. The agent builds once so, then updates
     * incrementally ({@link DhcpBindingsUpdater}, whose every result equals this one's for the same inputs).
     *
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
        Map<String, SubnetInfo> infos = new HashMap<>();
        Function<String, SubnetInfo> info = id -> infos.computeIfAbsent(id,
                k -> intent.subnet(k).map(s -> subnetInfo(intent, s, settings)).orElse(null));
        DhcpSnapshot.Editor editor = DhcpSnapshot.EMPTY.edit();
        Set<String> keep = new HashSet<>();
        for (Map.Entry<String, Long> wired : new TreeMap<>(ofportByPortId).entrySet()) {
            Decision d = decide(intent, wired.getKey(), wired.getValue(), info);
            if (d instanceof Problem p) {
                problems.put(wired.getKey(), p.reason());
            } else if (d instanceof Serve serve) {
                place(wired.getKey(), serve, keys, editor, problems, keep::add);
            }
        }
        keys.retainOnly(keep);
        return new Result(editor.build(), problems);
    }

    /**
     * Gives a port to be served its key and puts it into the snapshot being edited (compiling its binding); a
     * compile failure is the port's problem, and the port keeps its key (the next intent may fix the option).
     *
     * @param kept told the port id when the port holds its key afterwards
     * @return the port's key if it holds one afterwards, else -1
     */
    static int place(String portId, Serve serve, DhcpPortKeys keys, DhcpSnapshot.Editor editor,
                     Map<String, String> problems, java.util.function.Consumer<String> kept) {
        OptionalInt key = keys.keyFor(portId);
        if (key.isEmpty()) {
            problems.put(portId, NO_FREE_KEY);
            return -1;
        }
        kept.accept(portId);
        DhcpPort port = new DhcpPort(key.getAsInt(), serve.ofport(), serve.binding(), serve.arpResponder());
        if (port.equals(editor.port(key.getAsInt()))) {
            return key.getAsInt(); // unchanged: keep the compiled entry
        }
        try {
            editor.put(port); // compiles the options: a bad extra_dhcp_opt fails here
        } catch (IllegalArgumentException e) {
            problems.put(portId, e.getMessage());
            editor.remove(key.getAsInt());
        }
        return key.getAsInt();
    }

    /** What becomes of the port with this id and ofport under this intent; {@code info} gives subnets' info. */
    static Decision decide(Intent intent, String portId, Long ofport, Function<String, SubnetInfo> info) {
        Optional<Port> maybePort = intent.port(portId);
        if (ofport == null || ofport < 1 || ofport >= 0xffffff00L || maybePort.isEmpty()) {
            return Skip.INSTANCE;
        }
        Port port = maybePort.get();
        if (!port.adminStateUp() || port.deviceOwner().startsWith("network:")
                || intent.network(port.networkId()).isEmpty()) {
            return Skip.INSTANCE;
        }
        FixedIp fixed = null;
        SubnetInfo si = null;
        for (FixedIp f : port.fixedIps()) {
            if (f.ipAddress() instanceof Inet4Address && (si = info.apply(f.subnetId())) != null) {
                fixed = f;
                break;
            }
        }
        if (fixed == null) {
            return Skip.INSTANCE; // no IPv4 address on a DHCP-enabled subnet: not ours to answer
        }
        if (si.problem() != null) {
            return new Problem(si.problem());
        }
        try {
            return new Serve(ofport, binding(port, fixed, si.subnet()), si.server().dhcpPort());
        } catch (IllegalArgumentException e) {
            return new Problem(e.getMessage());
        }
    }

    /**
     * The info of a subnet, or null when it is not an IPv4 subnet with DHCP enabled (its ports' addresses on it are
     * not ours to serve). The subnet's network gives the MTU: the intent puts a port's fixed IPs on subnets of the
     * port's own network (the parser checks it).
     */
    static SubnetInfo subnetInfo(Intent intent, Subnet subnet, DhcpSettings settings) {
        if (!subnet.enableDhcp() || subnet.ipVersion() != 4) {
            return null;
        }
        Server server = server(intent, subnet);
        if (server == null) {
            return new SubnetInfo(null, null, "subnet " + subnet.id() + " has neither a " + DEVICE_OWNER_DHCP
                    + " port nor a gateway_ip: no DHCP server identity");
        }
        try {
            int mtu = intent.network(subnet.networkId()).map(Network::mtu).orElse(0);
            return new SubnetInfo(server, dhcpSubnet(subnet, mtu, server, settings), null);
        } catch (IllegalArgumentException e) {
            return new SubnetInfo(server, null, e.getMessage());
        }
    }

    /** RFC 2131 §4.1: the server identifier must be an address of the server reachable by the client. */
    static Server server(Intent intent, Subnet subnet) {
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

    private static org.vifd.dhcp.Subnet dhcpSubnet(Subnet s, int networkMtu, Server server, DhcpSettings settings) {
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
        int mtu = networkMtu > 0 ? networkMtu : Network.DEFAULT_MTU;
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
