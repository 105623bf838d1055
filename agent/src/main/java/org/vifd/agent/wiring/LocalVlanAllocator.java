package org.vifd.agent.wiring;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local VLANs on the integration bridge: one per network (1..4094), shared by the network's ports ("holders", the
 * OVS Port names), taken with the network's first port and freed with its last. Allocation is deterministic: the
 * lowest free VLAN. 4095 is the dead VLAN and never allocated.
 *
 * <p>At start the allocations are restored from what the ports carry ({@code Port.tag} and
 * {@code Port.other_config:net_uuid}), so a restarted agent keeps every port on its VLAN and retags nothing.
 *
 * <p>Not thread-safe: owned by the agent loop.
 */
public final class LocalVlanAllocator {
    private static final Logger LOG = LoggerFactory.getLogger(LocalVlanAllocator.class);
    public static final int MIN_VLAN = 1;
    public static final int MAX_VLAN = 4094;
    public static final int DEAD_VLAN = 4095;

    /** What one OVS Port row says: its name, {@code other_config:net_uuid} and {@code tag}. */
    public record Observed(String holder, String networkId, int tag) {
    }

    private final BitSet used = new BitSet(MAX_VLAN + 1);
    private final Map<String, Integer> vlanByNetwork = new TreeMap<>();
    private final Map<String, Set<String>> holdersByNetwork = new HashMap<>();
    private final Map<String, String> networkByHolder = new HashMap<>();

    public LocalVlanAllocator() {
    }

    /**
     * Rebuilds the allocations from the ports found on the bridge. A network whose ports disagree keeps the tag
     * most of them carry (ties: the lowest); a tag claimed by two networks goes to the one with the lower id; a
     * port with no usable tag is not restored (acquiring for it later returns the network's VLAN, which it is then
     * retagged to).
     */
    public static LocalVlanAllocator restore(Collection<Observed> observed) {
        LocalVlanAllocator a = new LocalVlanAllocator();
        Map<String, List<Observed>> byNetwork = new TreeMap<>();
        for (Observed o : observed) {
            if (o.networkId() != null && !o.networkId().isEmpty() && o.tag() >= MIN_VLAN && o.tag() <= MAX_VLAN) {
                byNetwork.computeIfAbsent(o.networkId(), k -> new ArrayList<>()).add(o);
            }
        }
        for (Map.Entry<String, List<Observed>> e : byNetwork.entrySet()) {
            Map<Integer, Integer> votes = new TreeMap<>();
            for (Observed o : e.getValue()) {
                votes.merge(o.tag(), 1, Integer::sum);
            }
            Optional<Integer> best = votes.entrySet().stream().filter(v -> !a.used.get(v.getKey()))
                    .max(Comparator.<Map.Entry<Integer, Integer>>comparingInt(Map.Entry::getValue)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .map(Map.Entry::getKey);
            if (best.isEmpty()) {
                LOG.warn("local VLAN of network {} not restored: its tags {} belong to other networks", e.getKey(),
                        votes.keySet());
                continue;
            }
            int vlan = best.get();
            a.used.set(vlan);
            a.vlanByNetwork.put(e.getKey(), vlan);
            for (Observed o : e.getValue()) {
                if (o.tag() == vlan) {
                    a.addHolder(e.getKey(), o.holder());
                }
            }
            LOG.info("local VLAN {} restored for network {} ({} ports)", vlan, e.getKey(),
                    a.holdersByNetwork.get(e.getKey()).size());
        }
        return a;
    }

    /**
     * The network's local VLAN for {@code holder}, allocating the lowest free one if the network has none. A holder
     * moved from another network releases that one first. Empty when all 4094 are in use.
     */
    public OptionalInt acquire(String networkId, String holder) {
        String previous = networkByHolder.get(holder);
        if (previous != null && !previous.equals(networkId)) {
            release(holder);
        }
        Integer vlan = vlanByNetwork.get(networkId);
        if (vlan == null) {
            int free = used.nextClearBit(MIN_VLAN);
            if (free > MAX_VLAN) {
                return OptionalInt.empty();
            }
            used.set(free);
            vlan = free;
            vlanByNetwork.put(networkId, vlan);
            LOG.info("local VLAN {} allocated for network {}", vlan, networkId);
        }
        addHolder(networkId, holder);
        return OptionalInt.of(vlan);
    }

    /**
     * The holder no longer needs its network's VLAN. Returns the network whose VLAN was freed because this was its
     * last holder (its translation flows go too), or empty.
     */
    public Optional<String> release(String holder) {
        String network = networkByHolder.remove(holder);
        if (network == null) {
            return Optional.empty();
        }
        Set<String> holders = holdersByNetwork.get(network);
        holders.remove(holder);
        if (!holders.isEmpty()) {
            return Optional.empty();
        }
        holdersByNetwork.remove(network);
        int vlan = vlanByNetwork.remove(network);
        used.clear(vlan);
        LOG.info("local VLAN {} freed with the last port of network {}", vlan, network);
        return Optional.of(network);
    }

    /** The network's VLAN, if it has one. */
    public OptionalInt vlanOf(String networkId) {
        Integer v = vlanByNetwork.get(networkId);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** The ports holding the network's VLAN. */
    public Set<String> holders(String networkId) {
        return Collections.unmodifiableSet(holdersByNetwork.getOrDefault(networkId, Set.of()));
    }

    /** Network → VLAN, ordered by network id. */
    public Map<String, Integer> allocations() {
        return Collections.unmodifiableMap(new TreeMap<>(vlanByNetwork));
    }

    private void addHolder(String networkId, String holder) {
        holdersByNetwork.computeIfAbsent(networkId, k -> new LinkedHashSet<>()).add(holder);
        networkByHolder.put(holder, networkId);
    }
}
