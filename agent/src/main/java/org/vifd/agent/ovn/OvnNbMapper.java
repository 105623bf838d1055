package org.vifd.agent.ovn;

import static org.vifd.agent.ovn.NbSchema.*;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vifd.agent.intent.AllowedAddressPair;
import org.vifd.agent.intent.ExtraDhcpOpt;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.HostRoute;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IpAddresses;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.dhcp.DhcpOption;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * Maps an OVN Northbound view to an {@link Intent}, the way Neutron's ML2/OVN driver writes the database. Pure: the
 * same view gives the same result, in a stable order (by id).
 * <ul>
 * <li><b>Network</b>: a Logical_Switch. Its id is {@code external_ids:neutron:network_id} if present, else the name
 * without Neutron's {@code neutron-} prefix; its name {@code external_ids:neutron:network_name} (else the switch's
 * name); its MTU {@code external_ids:neutron:mtu}, else the {@code mtu} of a DHCP_Options row its ports use, else
 * 1500. Its provider segment is its localnet port ({@code type=localnet}, {@code options:network_name} the physical
 * network, {@code tag} the VLAN; no tag: flat). A switch without one is not wired by vifd (a tunnelled network).</li>
 * <li><b>Port</b>: a Logical_Switch_Port of type {@code ""}; its id is its name (the iface-id). The first
 * {@code addresses} entry with a MAC gives the MAC and fixed IPs; {@code enabled} the admin state (empty: up);
 * {@code port_security} empty turns port security off, and its addresses beyond the fixed IPs become allowed address
 * pairs; {@code external_ids:neutron:device_owner} the device owner.</li>
 * <li><b>Subnet</b>: a DHCP_Options row ({@code dhcpv4_options}); its id is {@code external_ids:subnet_id}, else the
 * row's uuid. {@code cidr}, {@code router} (gateway), {@code dns_server}, {@code classless_static_route} (host routes;
 * the default route via the gateway is implied). Neutron keeps a second row per port that has
 * {@code extra_dhcp_opts} ({@code external_ids:port_id}); the subnet comes from the row without it when both are
 * here. A fixed IP in no DHCP_Options cidr takes its subnet from the port's {@code external_ids:neutron:cidrs}
 * (a subnet without DHCP).</li>
 * <li><b>DHCP server identity</b>: {@code server_id}/{@code server_mac}. When {@code server_id} is the gateway the
 * DHCP service uses the gateway identity as for any subnet without a DHCP port; otherwise the subnet gets a
 * {@code network:dhcp} port {@code ovn-dhcp-<subnet id>} with that MAC and address, which is how the intent names a
 * subnet's DHCP server.</li>
 * <li>A port's {@code lease_time}, {@code domain_name} and any other option with a DHCP equivalent
 * ({@code bootfile_name} → {@code bootfile-name}) become its {@code extra_dhcp_opts}.</li>
 * </ul>
 * What cannot be mapped is a {@link MappingProblem} naming the row; the rest is mapped.
 *
 * <p><b>Structural sharing.</b> A replica's tables are copy-on-write: a row that did not change is the same object
 * in the next view. With a {@link Memo} (one per source, on one thread) the mapper reuses what it made last time of
 * each row whose inputs are the same objects: the port, the subnet, the parsed DHCP_Options. A change of one row
 * re-maps that row's records, and the unchanged records are the same objects as before, so that
 * {@link org.vifd.agent.intent.IntentDelta#between} passes over them by identity. The result equals a mapping
 * without memo.
 */
public final class OvnNbMapper {
    /** Prefix of the ids of the {@code network:dhcp} ports that carry a subnet's DHCP server identity. */
    public static final String DHCP_PORT_PREFIX = "ovn-dhcp-";
    static final String DHCP_DEVICE_OWNER = "network:dhcp";

    /** DHCP_Options keys the subnet or network takes; every other key is a per-port extra option. */
    private static final List<String> SUBNET_KEYS = List.of("router", "dns_server", "classless_static_route",
            "server_id", "server_mac", "mtu");

    private OvnNbMapper() {
    }

    /** Maps every VM port in the view. */
    public static MappingResult map(ReplicaView view) {
        return map(view, new Memo());
    }

    /** Maps every VM port in the view, reusing what {@code memo} holds of unchanged rows, and updating it. */
    public static MappingResult map(ReplicaView view, Memo memo) {
        return map(view.table(LOGICAL_SWITCH), view.table(LOGICAL_SWITCH_PORT), view.table(DHCP_OPTIONS), memo);
    }

    /** Maps rows by uuid of the three tables (each row with "_uuid" and the monitored columns). */
    public static MappingResult map(Map<Uuid, Row> switches, Map<Uuid, Row> switchPorts, Map<Uuid, Row> dhcpOptions) {
        return map(switches, switchPorts, dhcpOptions, new Memo());
    }

    /** As {@link #map(Map, Map, Map)}, reusing what {@code memo} holds of unchanged rows, and updating it. */
    public static MappingResult map(Map<Uuid, Row> switches, Map<Uuid, Row> switchPorts, Map<Uuid, Row> dhcpOptions,
                                    Memo memo) {
        Run run = new Run(switches, switchPorts, dhcpOptions, memo);
        MappingResult result = run.run();
        run.next.commitTo(memo);
        return result;
    }

    /**
     * What the last mapping made of each row, keyed by the input row objects (identity: a replica's unchanged rows
     * are the same objects). Not thread-safe: one per source, used on its thread. Holds only what the last mapping
     * used, so it never grows beyond one view.
     */
    public static final class Memo {
        /** DHCP_Options row → its parse (cidr, subnet id). */
        private IdentityHashMap<Row, DhcpParse> dhcpParses = new IdentityHashMap<>();
        /** subnet id → the subnet made from its row. */
        private Map<String, SubnetMemo> subnets = new HashMap<>();
        /** port name → the port made from its rows. */
        private Map<String, PortMemo> ports = new HashMap<>();
        /** network id → the last network (reused when equal, so that ports' inputs compare by identity). */
        private Map<String, Network> networks = new HashMap<>();
        /** subnet id → the last subnet without DHCP (from neutron:cidrs), reused when equal. */
        private Map<String, Subnet> cidrSubnets = new HashMap<>();

        void commitTo(Memo target) {
            target.dhcpParses = dhcpParses;
            target.subnets = subnets;
            target.ports = ports;
            target.networks = networks;
            target.cidrSubnets = cidrSubnets;
        }

        /** How many ports it holds (tests). */
        int ports() {
            return ports.size();
        }
    }

    /** A DHCP_Options row parsed: its cidr (null: {@code problem} says why) and subnet id. */
    private record DhcpParse(IpPrefix cidr, MappingProblem problem, String subnetId, boolean subnetWide) {
    }

    /** A subnet made from {@code row} for {@code networkId}, its DHCP port (or null), and the problems on the way. */
    private record SubnetMemo(Row row, String networkId, IpPrefix cidr, Subnet subnet, Port dhcpPort,
                              List<MappingProblem> problems) {
    }

    /**
     * A port made from these inputs: its row, its network, its DHCP_Options row and subnet id; with the problems of
     * its address (before the DHCP row's) and the rest. {@code reusable} only for ports whose fixed IPs all lie in
     * their own DHCP_Options cidr (not depending on other ports' subnets); the others are mapped every time, and the
     * memo only gives back the same port object when the result is equal.
     */
    private record PortMemo(Row lsp, Network network, Row dhcpRow, String subnetId, Port port,
                            List<MappingProblem> addressProblems, List<MappingProblem> otherProblems,
                            boolean reusable) {
    }

    /** One mapping pass. */
    private static final class Run {
        private final Map<Uuid, Row> switches;
        private final Map<Uuid, Row> lsps;
        private final Map<Uuid, Row> dhcp;
        private final List<MappingProblem> problems = new ArrayList<>();
        /** port uuid → switch uuid. */
        private final Map<Uuid, Uuid> switchOf = new HashMap<>();
        /** switch uuid → network, or absent when it cannot be mapped. */
        private final Map<Uuid, Network> networks = new HashMap<>();
        private final Map<String, Subnet> subnets = new TreeMap<>();
        /** By id; sorted once at the end (ports come in name order, so the sort finds them nearly sorted). */
        private final Map<String, Port> ports = new LinkedHashMap<>();
        private final Memo last;
        final Memo next = new Memo();
        /** subnet id → Neutron's subnet-wide DHCP_Options row (no port_id), the first in the table's order. */
        private Map<String, Row> subnetWideRows;

        Run(Map<Uuid, Row> switches, Map<Uuid, Row> lsps, Map<Uuid, Row> dhcp, Memo last) {
            this.switches = switches;
            this.lsps = lsps;
            this.dhcp = dhcp;
            this.last = last;
        }

        MappingResult run() {
            switches.forEach((uuid, ls) -> ls.set(LS_PORTS).elements().forEach(p -> switchOf.put((Uuid) p, uuid)));
            // Each name read once (a row's column lookup is a scan), then sorted by it.
            List<VmPort> vmPorts = new ArrayList<>();
            lsps.forEach((uuid, row) -> {
                if (TYPE_VM.equals(str(row, LSP_TYPE))) {
                    vmPorts.add(new VmPort(str(row, LSP_NAME), uuid, row));
                }
            });
            vmPorts.sort(Comparator.comparing(VmPort::name));
            for (VmPort p : vmPorts) {
                mapPort(p.uuid(), p.row(), p.name());
            }
            List<Network> nets = networks.values().stream().filter(java.util.Objects::nonNull).distinct()
                    .sorted(Comparator.comparing(Network::id)).toList();
            // Keep only what the ports use: the intent's references must hold both ways round.
            List<Subnet> subs = subnets.values().stream()
                    .filter(s -> nets.stream().anyMatch(n -> n.id().equals(s.networkId()))).toList();
            List<Port> sortedPorts = new ArrayList<>(ports.values());
            sortedPorts.sort(Comparator.comparing(Port::id));
            return new MappingResult(new Intent(nets, subs, sortedPorts), problems);
        }

        private record VmPort(String name, Uuid uuid, Row row) {
        }

        private void mapPort(Uuid uuid, Row lsp, String name) {
            Uuid lsUuid = switchOf.get(uuid);
            if (lsUuid == null) {
                problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name,
                        "its Logical_Switch is not (yet) in the replica", true));
                return;
            }
            Network network = network(lsUuid);
            if (network == null) {
                problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "its Logical_Switch "
                        + str(switches.get(lsUuid), LS_NAME) + " cannot be mapped (see that switch)", false));
                return;
            }
            if (ports.containsKey(name)) {
                problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "another port has the same name", false));
                return;
            }
            // A port whose row and network are the same objects as last time maps as then if its DHCP row does.
            PortMemo memo = last.ports.get(name);
            boolean candidate = memo != null && memo.reusable() && memo.lsp() == lsp && memo.network() == network;
            int addressMark = problems.size();
            Address address = null;
            if (!candidate) {
                address = firstAddress(lsp, name);
                if (address == null) {
                    return;
                }
            }
            int dhcpMark = problems.size();
            DhcpRow dhcpRow = dhcpRow(lsp, name, network);
            List<MappingProblem> addressProblems;
            if (candidate) {
                if (dhcpRow != null && dhcpRow.row() == memo.dhcpRow() && dhcpRow.subnetId().equals(memo.subnetId())) {
                    problems.addAll(dhcpMark, memo.addressProblems());
                    problems.addAll(memo.otherProblems());
                    ports.put(name, memo.port());
                    next.ports.put(name, memo);
                    return;
                }
                // Mapped in full: the address's problems go before the DHCP row's, as without memo.
                int end = problems.size();
                address = firstAddress(lsp, name);
                List<MappingProblem> moved = new ArrayList<>(problems.subList(end, problems.size()));
                problems.subList(end, problems.size()).clear();
                problems.addAll(dhcpMark, moved);
                if (address == null) {
                    return; // cannot be: the memo was made from this row with an address
                }
                addressProblems = List.copyOf(moved);
            } else {
                addressProblems = List.copyOf(problems.subList(addressMark, dhcpMark));
            }
            if (dhcpRow == null && lsp.atom(LSP_DHCPV4_OPTIONS) != null
                    && !dhcp.containsKey((Uuid) lsp.atom(LSP_DHCPV4_OPTIONS))) {
                return; // pending: mapped once its DHCP_Options row is here (the source keeps the port as it was)
            }
            int otherMark = problems.size();
            boolean ownCidr = dhcpRow != null;
            List<FixedIp> fixedIps = new ArrayList<>();
            for (InetAddress ip : address.ips()) {
                ownCidr &= dhcpRow != null && dhcpRow.cidr().contains(ip);
                String subnetId = subnetFor(ip, dhcpRow, network, lsp);
                if (subnetId == null) {
                    problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "address " + ip.getHostAddress()
                            + " is in no DHCP_Options cidr and not in external_ids:" + EXT_CIDRS
                            + ": left out of the port's fixed IPs", false));
                } else {
                    fixedIps.add(new FixedIp(subnetId, ip));
                }
            }
            Boolean enabled = lsp.bool(LSP_ENABLED);
            boolean security = !lsp.set(LSP_PORT_SECURITY).isEmpty();
            List<AllowedAddressPair> pairs = security ? allowedPairs(lsp, name, address) : List.of();
            List<ExtraDhcpOpt> extras = dhcpRow == null ? List.of() : extraOptions(dhcpRow.row(), name);
            String owner = lsp.map(LSP_EXTERNAL_IDS).getString(EXT_DEVICE_OWNER);
            Port port = new Port(name, network.id(), address.mac(), fixedIps, enabled == null || enabled,
                    security, pairs, extras, owner == null ? "" : owner);
            if (memo != null && port.equals(memo.port())) {
                port = memo.port(); // unchanged in effect (e.g. a column vifd does not read): the same object
            }
            ports.put(name, port);
            next.ports.put(name, ownCidr
                    ? new PortMemo(lsp, network, dhcpRow.row(), dhcpRow.subnetId(), port, addressProblems,
                            List.copyOf(problems.subList(otherMark, problems.size())), true)
                    : new PortMemo(lsp, network, null, null, port, List.of(), List.of(), false));
        }

        /** The network of a switch (mapped once), or null with a problem. */
        private Network network(Uuid lsUuid) {
            if (networks.containsKey(lsUuid)) {
                return networks.get(lsUuid);
            }
            Row ls = switches.get(lsUuid);
            Network n = mapNetwork(ls);
            if (n != null) {
                Network was = last.networks.get(n.id());
                n = n.equals(was) ? was : n;
                next.networks.put(n.id(), n);
            }
            networks.put(lsUuid, n);
            return n;
        }

        private Network mapNetwork(Row ls) {
            String lsName = str(ls, LS_NAME);
            Map<String, String> ext = ls.map(LS_EXTERNAL_IDS).asStrings();
            String id = ext.getOrDefault(EXT_NETWORK_ID,
                    lsName.startsWith(NEUTRON_NAME_PREFIX) ? lsName.substring(NEUTRON_NAME_PREFIX.length()) : lsName);
            if (id.isEmpty()) {
                problems.add(new MappingProblem(LOGICAL_SWITCH, uuidText(ls), "no name and no "
                        + EXT_NETWORK_ID + ": no network id", false));
                return null;
            }
            String netName = ext.getOrDefault(EXT_NETWORK_NAME, lsName);
            List<Row> localnets = new ArrayList<>();
            List<Atom> portUuids = new ArrayList<>(ls.set(LS_PORTS).elements());
            for (Atom p : portUuids) {
                Row lsp = lsps.get((Uuid) p);
                if (lsp != null && TYPE_LOCALNET.equals(str(lsp, LSP_TYPE))) {
                    localnets.add(lsp);
                }
            }
            if (localnets.isEmpty()) {
                problems.add(new MappingProblem(LOGICAL_SWITCH, lsName, "no localnet port: vifd wires only "
                        + "provider (flat or VLAN) networks", false));
                return null;
            }
            localnets.sort(Comparator.comparing(r -> str(r, LSP_NAME)));
            Row localnet = localnets.get(0);
            if (localnets.size() > 1) {
                problems.add(new MappingProblem(LOGICAL_SWITCH, lsName, localnets.size()
                        + " localnet ports (multi-segment): using " + str(localnet, LSP_NAME), false));
            }
            String physnet = localnet.map(LSP_OPTIONS).getString(OPTION_NETWORK_NAME);
            if (physnet == null || physnet.isEmpty()) {
                problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, str(localnet, LSP_NAME),
                        "localnet port without options:" + OPTION_NETWORK_NAME + ": network " + lsName
                                + " has no physical network", false));
                return null;
            }
            Long tag = localnet.integer(LSP_TAG);
            NetworkType type = tag == null ? NetworkType.FLAT : NetworkType.VLAN;
            return new Network(id, netName, type, physnet, tag == null ? 0 : tag.intValue(), mtu(ls, lsName), true);
        }

        private int mtu(Row ls, String lsName) {
            String text = ls.map(LS_EXTERNAL_IDS).getString(EXT_MTU);
            if (text == null) {
                // Neutron always writes neutron:mtu; without it, a DHCP_Options mtu of one of the switch's ports.
                for (Atom p : ls.set(LS_PORTS).elements()) {
                    Row lsp = lsps.get((Uuid) p);
                    Uuid d = lsp == null ? null : (Uuid) lsp.atom(LSP_DHCPV4_OPTIONS);
                    Row opts = d == null ? null : dhcp.get(d);
                    if (opts != null && opts.map(DHCP_OPTIONS_COLUMN).getString("mtu") != null) {
                        text = opts.map(DHCP_OPTIONS_COLUMN).getString("mtu");
                        break;
                    }
                }
            }
            if (text == null) {
                return Network.DEFAULT_MTU;
            }
            try {
                int mtu = Integer.parseInt(text.strip());
                if (mtu >= 68 && mtu <= 65535) {
                    return mtu;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(new MappingProblem(LOGICAL_SWITCH, lsName, "mtu \"" + text + "\" is not a number in "
                    + "68..65535: using " + Network.DEFAULT_MTU, false));
            return Network.DEFAULT_MTU;
        }

        private record Address(MacAddress mac, List<InetAddress> ips) {
        }

        /** The first {@code addresses} entry with a MAC ("MAC IP…"); "unknown", "router", "dynamic" are skipped. */
        private Address firstAddress(Row lsp, String name) {
            List<String> entries = lsp.set(LSP_ADDRESSES).elements().stream()
                    .map(a -> ((Atom.Str) a).value()).sorted().toList();
            for (String entry : entries) {
                Address a = parseAddress(entry, name, LSP_ADDRESSES);
                if (a != null) {
                    return a;
                }
            }
            problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "no addresses entry with a MAC ("
                    + entries + ")", false));
            return null;
        }

        private Address parseAddress(String entry, String name, String column) {
            String[] words = entry.strip().split("\\s+");
            MacAddress mac;
            try {
                mac = MacAddress.parse(words[0]);
            } catch (RuntimeException e) {
                return null;
            }
            List<InetAddress> ips = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                try {
                    // port_security may hold prefixes; addresses hold plain addresses.
                    ips.add(IpAddresses.parse(w.indexOf('/') < 0 ? w : w.substring(0, w.indexOf('/'))));
                } catch (IllegalArgumentException e) {
                    problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, column + " \"" + entry + "\": \""
                            + w + "\" is not an IP address: ignored", false));
                }
            }
            return new Address(mac, ips);
        }

        private List<AllowedAddressPair> allowedPairs(Row lsp, String name, Address address) {
            List<AllowedAddressPair> out = new ArrayList<>();
            List<String> entries = lsp.set(LSP_PORT_SECURITY).elements().stream()
                    .map(a -> ((Atom.Str) a).value()).sorted().toList();
            for (String entry : entries) {
                String[] words = entry.strip().split("\\s+");
                MacAddress mac;
                try {
                    mac = MacAddress.parse(words[0]);
                } catch (RuntimeException e) {
                    problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "port_security \"" + entry
                            + "\" does not start with a MAC: ignored", false));
                    continue;
                }
                for (int i = 1; i < words.length; i++) {
                    IpPrefix prefix;
                    try {
                        prefix = IpPrefix.parse(words[i]);
                    } catch (IllegalArgumentException e) {
                        problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "port_security \"" + entry
                                + "\": \"" + words[i] + "\" is not an address or prefix: ignored", false));
                        continue;
                    }
                    boolean fixed = mac.equals(address.mac()) && prefix.length() == prefix.address().getAddress().length * 8
                            && address.ips().contains(prefix.address());
                    if (!fixed) {
                        out.add(new AllowedAddressPair(prefix, mac));
                    }
                }
            }
            return out;
        }

        private record DhcpRow(Uuid uuid, Row row, String subnetId, IpPrefix cidr) {
        }

        /** The port's DHCP_Options row (and so its subnet, created here), or null. */
        private DhcpRow dhcpRow(Row lsp, String name, Network network) {
            Atom ref = lsp.atom(LSP_DHCPV4_OPTIONS);
            if (ref == null) {
                return null;
            }
            Row row = dhcp.get((Uuid) ref);
            if (row == null) {
                problems.add(new MappingProblem(LOGICAL_SWITCH_PORT, name, "its DHCP_Options " + ref
                        + " is not (yet) in the replica", true));
                return null;
            }
            DhcpParse parse = parse(row);
            if (parse.cidr() == null) {
                problems.add(parse.problem());
                return null;
            }
            IpPrefix cidr = parse.cidr();
            String subnetId = parse.subnetId();
            Subnet existing = subnets.get(subnetId);
            if (existing == null) {
                Row subnetRow = subnetRow(subnetId, row);
                SubnetMemo memo = last.subnets.get(subnetId);
                if (memo == null || memo.row() != subnetRow || !memo.networkId().equals(network.id())
                        || !memo.cidr().equals(cidr)) {
                    int mark = problems.size();
                    Subnet subnet = subnet(subnetId, network.id(), cidr, subnetRow);
                    Port dhcpPort = dhcpPort(subnetId, network.id(), subnetRow);
                    if (memo != null) { // the same objects where nothing changed in effect
                        subnet = subnet.equals(memo.subnet()) ? memo.subnet() : subnet;
                        dhcpPort = dhcpPort != null && dhcpPort.equals(memo.dhcpPort()) ? memo.dhcpPort() : dhcpPort;
                    }
                    memo = new SubnetMemo(subnetRow, network.id(), cidr, subnet, dhcpPort,
                            List.copyOf(problems.subList(mark, problems.size())));
                } else {
                    problems.addAll(memo.problems());
                }
                next.subnets.put(subnetId, memo);
                subnets.put(subnetId, memo.subnet());
                if (memo.dhcpPort() != null) {
                    ports.put(memo.dhcpPort().id(), memo.dhcpPort());
                }
            } else if (!existing.networkId().equals(network.id())) {
                problems.add(new MappingProblem(DHCP_OPTIONS, uuidText(row), "subnet " + subnetId
                        + " is used by ports of networks " + existing.networkId() + " and " + network.id()
                        + ": kept on " + existing.networkId(), false));
                return null;
            }
            return new DhcpRow((Uuid) ref, row, subnetId, cidr);
        }

        /** The row's cidr and subnet id, parsed once per row object. */
        private DhcpParse parse(Row row) {
            DhcpParse p = next.dhcpParses.get(row);
            if (p != null) {
                return p;
            }
            p = last.dhcpParses.get(row);
            if (p == null) {
                Map<String, String> ext = row.map(DHCP_EXTERNAL_IDS).asStrings();
                String subnetId = ext.getOrDefault(EXT_SUBNET_ID, uuidText(row));
                boolean subnetWide = ext.containsKey(EXT_SUBNET_ID) && !ext.containsKey(EXT_PORT_ID);
                String cidrText = str(row, DHCP_CIDR);
                IpPrefix cidr = null;
                MappingProblem problem = null;
                try {
                    cidr = IpPrefix.parse(cidrText);
                    if (!cidr.isIpv4()) {
                        problem = new MappingProblem(DHCP_OPTIONS, uuidText(row), "cidr " + cidrText
                                + " is not IPv4 but the port uses it as dhcpv4_options", false);
                        cidr = null;
                    }
                } catch (IllegalArgumentException e) {
                    problem = new MappingProblem(DHCP_OPTIONS, uuidText(row), "cidr \"" + cidrText
                            + "\" is not a prefix", false);
                }
                p = new DhcpParse(cidr, problem, subnetId, subnetWide);
            }
            next.dhcpParses.put(row, p);
            return p;
        }

        /** Neutron's subnet-wide row for {@code subnetId} if it is here (no port_id), else {@code row}. */
        private Row subnetRow(String subnetId, Row row) {
            if (subnetWideRows == null) {
                subnetWideRows = new HashMap<>();
                for (Row r : dhcp.values()) {
                    DhcpParse p = parse(r);
                    if (p.subnetWide()) {
                        subnetWideRows.putIfAbsent(p.subnetId(), r);
                    }
                }
            }
            return subnetWideRows.getOrDefault(subnetId, row);
        }

        private Subnet subnet(String id, String networkId, IpPrefix cidr, Row row) {
            Map<String, String> opts = row.map(DHCP_OPTIONS_COLUMN).asStrings();
            String where = uuidText(row);
            Optional<InetAddress> gateway = Optional.ofNullable(opts.get("router"))
                    .flatMap(g -> ipv4(g.strip(), where, "router"));
            List<InetAddress> dns = new ArrayList<>();
            if (opts.get("dns_server") != null) {
                for (String s : OvnOptionValue.items(opts.get("dns_server"))) {
                    ipv4(s, where, "dns_server").ifPresent(dns::add);
                }
            }
            List<HostRoute> routes = new ArrayList<>();
            if (opts.get("classless_static_route") != null) {
                List<String> items = OvnOptionValue.items(opts.get("classless_static_route"));
                if (items.size() % 2 != 0) {
                    problems.add(new MappingProblem(DHCP_OPTIONS, where, "classless_static_route has an odd "
                            + "number of items: ignored", false));
                } else {
                    for (int i = 0; i < items.size(); i += 2) {
                        try {
                            IpPrefix dest = IpPrefix.parse(items.get(i));
                            InetAddress via = IpAddresses.parse(items.get(i + 1));
                            boolean defaultViaGateway = dest.length() == 0 && gateway.map(via::equals).orElse(false);
                            if (!defaultViaGateway) {
                                routes.add(new HostRoute(dest, via));
                            }
                        } catch (IllegalArgumentException e) {
                            problems.add(new MappingProblem(DHCP_OPTIONS, where, "classless_static_route "
                                    + items.get(i) + "," + items.get(i + 1) + ": " + e.getMessage() + ": ignored", false));
                        }
                    }
                }
            }
            return new Subnet(id, networkId, new IpPrefix(cidr.network(), cidr.length()), gateway, dns, routes, true, 4);
        }

        /** server_id/server_mac as the subnet's network:dhcp port, or null if the server is the gateway itself. */
        private Port dhcpPort(String subnetId, String networkId, Row row) {
            Map<String, String> opts = row.map(DHCP_OPTIONS_COLUMN).asStrings();
            String where = uuidText(row);
            Optional<InetAddress> serverId = Optional.ofNullable(opts.get("server_id"))
                    .flatMap(s -> ipv4(s.strip(), where, "server_id"));
            if (serverId.isEmpty()) {
                problems.add(new MappingProblem(DHCP_OPTIONS, where, "no server_id: the gateway is the DHCP "
                        + "server identity", false));
                return null;
            }
            Optional<InetAddress> router = Optional.ofNullable(opts.get("router"))
                    .flatMap(g -> ipv4(g.strip(), where, "router"));
            if (router.equals(serverId)) {
                return null; // the DHCP service speaks as the gateway, and leaves ARP for it to the router
            }
            MacAddress mac;
            try {
                mac = MacAddress.parse(opts.getOrDefault("server_mac", "").strip());
            } catch (RuntimeException e) {
                problems.add(new MappingProblem(DHCP_OPTIONS, where, "server_mac \"" + opts.get("server_mac")
                        + "\" is not a MAC: the gateway is the DHCP server identity", false));
                return null;
            }
            String id = DHCP_PORT_PREFIX + subnetId;
            return new Port(id, networkId, mac, List.of(new FixedIp(subnetId, serverId.get())), true, false,
                    List.of(), List.of(), DHCP_DEVICE_OWNER);
        }

        private String subnetFor(InetAddress ip, DhcpRow dhcpRow, Network network, Row lsp) {
            if (dhcpRow != null && dhcpRow.cidr().contains(ip)) {
                return dhcpRow.subnetId();
            }
            for (Subnet s : subnets.values()) {
                if (s.networkId().equals(network.id()) && s.cidr().contains(ip)) {
                    return s.id();
                }
            }
            // A subnet without DHCP: Neutron lists the port's addresses with their prefix in neutron:cidrs.
            String cidrs = lsp.map(LSP_EXTERNAL_IDS).getString(EXT_CIDRS);
            if (cidrs == null) {
                return null;
            }
            for (String c : cidrs.strip().split("\\s+")) {
                try {
                    IpPrefix p = IpPrefix.parse(c);
                    if (p.address().equals(ip)) {
                        IpPrefix net = new IpPrefix(p.network(), p.length());
                        String id = network.id() + ":" + net;
                        if (!subnets.containsKey(id)) {
                            Subnet made = new Subnet(id, network.id(), net, Optional.empty(), List.of(), List.of(),
                                    false, net.version());
                            Subnet was = last.cidrSubnets.get(id);
                            made = made.equals(was) ? was : made;
                            subnets.put(id, made);
                            next.cidrSubnets.put(id, made);
                        }
                        return id;
                    }
                } catch (IllegalArgumentException e) {
                    // not a prefix: the problem is reported by the caller
                }
            }
            return null;
        }

        /** The options of the port's row that are neither the subnet's nor the network's, as extra_dhcp_opts. */
        private List<ExtraDhcpOpt> extraOptions(Row row, String portName) {
            List<ExtraDhcpOpt> out = new ArrayList<>();
            Map<String, String> opts = new TreeMap<>(row.map(DHCP_OPTIONS_COLUMN).asStrings());
            for (Map.Entry<String, String> e : opts.entrySet()) {
                if (SUBNET_KEYS.contains(e.getKey())) {
                    continue;
                }
                String name = e.getKey().replace('_', '-');
                if (DhcpOption.lookup(name).isEmpty()) {
                    problems.add(new MappingProblem(DHCP_OPTIONS, uuidText(row), "option " + e.getKey()
                            + " has no DHCP equivalent in vifd: not sent to " + portName, false));
                    continue;
                }
                out.add(new ExtraDhcpOpt(name, OvnOptionValue.dnsmasqForm(e.getValue()), 4));
            }
            return out;
        }

        private Optional<InetAddress> ipv4(String text, String row, String key) {
            try {
                InetAddress a = IpAddresses.parse(text);
                if (a instanceof Inet4Address) {
                    return Optional.of(a);
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            problems.add(new MappingProblem(DHCP_OPTIONS, row, key + " \"" + text + "\" is not an IPv4 address: "
                    + "ignored", false));
            return Optional.empty();
        }
    }

    static String str(Row row, String column) {
        String s = row.string(column);
        return s == null ? "" : s;
    }

    static String uuidText(Row row) {
        return row.uuid().value().toString();
    }
}
