package org.vifd.agent.intent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One immutable snapshot of what should be: networks, subnets and ports, with lookups by id. The parser guarantees
 * the references hold (a port's network and its fixed IPs' subnets exist); the constructor itself checks only that
 * ids are unique.
 */
public final class Intent {
    public static final Intent EMPTY = new Intent(List.of(), List.of(), List.of());

    private final List<Network> networks;
    private final List<Subnet> subnets;
    private final List<Port> ports;
    private final Map<String, Network> networksById;
    private final Map<String, Subnet> subnetsById;
    private final Map<String, Port> portsById;
    private final Map<String, List<Port>> portsByNetwork;
    private final Map<String, List<Subnet>> subnetsByNetwork;

    public Intent(List<Network> networks, List<Subnet> subnets, List<Port> ports) {
        this.networks = List.copyOf(networks);
        this.subnets = List.copyOf(subnets);
        this.ports = List.copyOf(ports);
        this.networksById = index(this.networks, Network::id, "network");
        this.subnetsById = index(this.subnets, Subnet::id, "subnet");
        this.portsById = index(this.ports, Port::id, "port");
        Map<String, List<Port>> pbn = new LinkedHashMap<>();
        for (Port p : this.ports) {
            pbn.computeIfAbsent(p.networkId(), k -> new ArrayList<>()).add(p);
        }
        pbn.replaceAll((k, v) -> List.copyOf(v));
        this.portsByNetwork = Collections.unmodifiableMap(pbn);
        Map<String, List<Subnet>> sbn = new LinkedHashMap<>();
        for (Subnet s : this.subnets) {
            sbn.computeIfAbsent(s.networkId(), k -> new ArrayList<>()).add(s);
        }
        sbn.replaceAll((k, v) -> List.copyOf(v));
        this.subnetsByNetwork = Collections.unmodifiableMap(sbn);
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id, String what) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) {
            if (m.putIfAbsent(id.apply(t), t) != null) {
                throw new IllegalArgumentException("duplicate " + what + " id " + id.apply(t));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    public List<Network> networks() {
        return networks;
    }

    public List<Subnet> subnets() {
        return subnets;
    }

    public List<Port> ports() {
        return ports;
    }

    public Optional<Network> network(String id) {
        return Optional.ofNullable(networksById.get(id));
    }

    public Optional<Subnet> subnet(String id) {
        return Optional.ofNullable(subnetsById.get(id));
    }

    public Optional<Port> port(String id) {
        return Optional.ofNullable(portsById.get(id));
    }

    /** The ports on a network, in file order (empty for an unknown network). */
    public List<Port> portsOf(String networkId) {
        return portsByNetwork.getOrDefault(networkId, List.of());
    }

    /** The subnets of a network, in file order. */
    public List<Subnet> subnetsOf(String networkId) {
        return subnetsByNetwork.getOrDefault(networkId, List.of());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intent i && i.networks.equals(networks) && i.subnets.equals(subnets)
                && i.ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return (networks.hashCode() * 31 + subnets.hashCode()) * 31 + ports.hashCode();
    }

    @Override
    public String toString() {
        return "Intent[" + networks.size() + " networks, " + subnets.size() + " subnets, " + ports.size() + " ports]";
    }
}
