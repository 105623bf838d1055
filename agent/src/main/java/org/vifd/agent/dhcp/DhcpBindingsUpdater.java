package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Decision;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Problem;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Serve;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.SubnetInfo;

/**
 * Keeps the DHCP snapshot up to date with the intent and the wired ports, rebuilding only what a change touched:
 * the first {@link #update} is a full build ({@link DhcpBindingsBuilder#build}); each later one diffs the new
 * inputs against the last ones and
 * <ul>
 *   <li>re-decides the ports that changed (their intent record or their ofport);</li>
 *   <li>recomputes the {@link SubnetInfo} of subnets that changed, of the subnets of networks that changed and of
 *       networks whose {@code network:dhcp} ports changed; where a subnet's info differs (server identity, mask,
 *       DNS, routes, MTU...), or a network appeared or went, re-decides every port of that network;</li>
 *   <li>edits the last snapshot copy-on-write ({@link DhcpSnapshot.Editor}): only the re-decided ports are
 *       compiled, every other port's compiled entry is shared.</li>
 * </ul>
 * The result equals a full build from the same key allocator state (property-tested): keys of new ports are
 * allocated in port id order and keys of ports no longer served are freed last, as the full build does.
 *
 * <p>Cost: a pass over the ports to compare records (the intent is a snapshot, not a change list), plus the work
 * of the changed ports; a one-port change to 10,000 ports compiles one binding.
 *
 * <p>Not thread-safe: owned by the agent loop.
 */
public final class DhcpBindingsUpdater {
    private final DhcpPortKeys keys;
    private final DhcpSettings settings;
    private Intent intent;
    private Map<String, Long> ofports = Map.of();
    /** Subnet id → its info, for every IPv4 subnet with DHCP enabled in {@link #intent}. */
    private final Map<String, SubnetInfo> infos = new HashMap<>();
    private final Map<String, String> problems = new HashMap<>();
    private DhcpSnapshot snapshot = DhcpSnapshot.EMPTY;

    /**
     * @param keys     the key allocator (this updater's from now on)
     * @param settings agent-wide DHCP settings
     */
    public DhcpBindingsUpdater(DhcpPortKeys keys, DhcpSettings settings) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The snapshot for these inputs, built from the last one.
     *
     * @param next           the intent in force
     * @param ofportByPortId the wired ports, port id → ofport; kept until the next update: do not modify it
     */
    public DhcpBindingsBuilder.Result update(Intent next, Map<String, Long> ofportByPortId) {
        Objects.requireNonNull(next, "intent");
        Objects.requireNonNull(ofportByPortId, "ofportByPortId");
        if (intent == null) {
            return full(next, ofportByPortId);
        }
        Set<String> ports = changedPorts(next, ofportByPortId);
        Set<String> networks = new HashSet<>();
        for (String subnetId : subnetsToRecheck(next, ports)) {
            SubnetInfo before = infos.get(subnetId);
            Subnet s = next.subnet(subnetId).orElse(null);
            SubnetInfo after = s == null ? null : DhcpBindingsBuilder.subnetInfo(next, s, settings);
            if (!Objects.equals(before, after)) {
                if (after == null) {
                    infos.remove(subnetId);
                } else {
                    infos.put(subnetId, after);
                }
                intent.subnet(subnetId).ifPresent(old -> networks.add(old.networkId()));
                if (s != null) {
                    networks.add(s.networkId());
                }
            }
        }
        for (Network n : next.networks()) {
            if (intent.network(n.id()).isEmpty()) {
                networks.add(n.id());
            }
        }
        for (Network n : intent.networks()) {
            if (next.network(n.id()).isEmpty()) {
                networks.add(n.id());
            }
        }
        for (String net : networks) {
            intent.portsOf(net).forEach(p -> ports.add(p.id()));
            next.portsOf(net).forEach(p -> ports.add(p.id()));
        }
        // A port refused for want of a key may find one freed since.
        problems.forEach((id, why) -> {
            if (DhcpBindingsBuilder.NO_FREE_KEY.equals(why)) {
                ports.add(id);
            }
        });

        DhcpSnapshot.Editor editor = snapshot.edit();
        Set<Integer> touched = new HashSet<>();
        List<String> release = new ArrayList<>();
        for (String id : new TreeSet<>(ports)) {
            problems.remove(id);
            OptionalInt oldKey = keys.peek(id);
            DhcpPort old = oldKey.isPresent() ? editor.port(oldKey.getAsInt()) : null;
            Decision d = DhcpBindingsBuilder.decide(next, id, ofportByPortId.get(id), infos::get);
            if (d instanceof Serve serve) {
                int key = DhcpBindingsBuilder.place(id, serve, keys, editor, problems, k -> { });
                if (key > 0 && !Objects.equals(old, editor.port(key))) {
                    touched.add(key);
                }
                continue;
            }
            if (d instanceof Problem p) {
                problems.put(id, p.reason());
            }
            if (oldKey.isPresent()) {
                if (old != null) {
                    editor.remove(oldKey.getAsInt());
                    touched.add(oldKey.getAsInt());
                }
                release.add(id);
            }
        }
        release.forEach(keys::release); // last, as the full build frees keys: none is taken again in this pass
        intent = next;
        ofports = ofportByPortId;
        snapshot = editor.build();
        return new DhcpBindingsBuilder.Result(snapshot, problems, touched, false);
    }

    /** The latest snapshot (empty before the first update). */
    public DhcpSnapshot snapshot() {
        return snapshot;
    }

    private DhcpBindingsBuilder.Result full(Intent next, Map<String, Long> ofportByPortId) {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(next, ofportByPortId, keys, settings);
        infos.clear();
        for (Subnet s : next.subnets()) {
            SubnetInfo info = DhcpBindingsBuilder.subnetInfo(next, s, settings);
            if (info != null) {
                infos.put(s.id(), info);
            }
        }
        problems.clear();
        problems.putAll(r.problems());
        intent = next;
        ofports = ofportByPortId;
        snapshot = r.snapshot();
        return r;
    }

    /** Ports added, removed or changed in the intent, and ports whose ofport appeared, went or changed. */
    private Set<String> changedPorts(Intent next, Map<String, Long> nextOfports) {
        Set<String> changed = new HashSet<>();
        for (Port p : next.ports()) {
            if (!p.equals(intent.port(p.id()).orElse(null))) {
                changed.add(p.id());
            }
        }
        for (Port p : intent.ports()) {
            if (next.port(p.id()).isEmpty()) {
                changed.add(p.id());
            }
        }
        if (nextOfports != ofports) {
            for (Map.Entry<String, Long> e : nextOfports.entrySet()) {
                if (!Objects.equals(e.getValue(), ofports.get(e.getKey()))) {
                    changed.add(e.getKey());
                }
            }
            for (String id : ofports.keySet()) {
                if (!nextOfports.containsKey(id)) {
                    changed.add(id);
                }
            }
        }
        return changed;
    }

    /**
     * Subnets whose info may have changed: changed subnets, the subnets of changed networks, and the subnets of
     * networks whose {@code network:dhcp} ports changed (the server identity), in the old and the new intent.
     */
    private Set<String> subnetsToRecheck(Intent next, Set<String> changedPorts) {
        Set<String> subnets = new HashSet<>();
        for (Subnet s : next.subnets()) {
            if (!s.equals(intent.subnet(s.id()).orElse(null))) {
                subnets.add(s.id());
            }
        }
        for (Subnet s : intent.subnets()) {
            if (next.subnet(s.id()).isEmpty()) {
                subnets.add(s.id());
            }
        }
        Set<String> networks = new HashSet<>();
        for (Network n : next.networks()) {
            if (!n.equals(intent.network(n.id()).orElse(null))) {
                networks.add(n.id());
            }
        }
        for (String id : changedPorts) {
            for (Intent i : new Intent[] {intent, next}) {
                i.port(id).filter(p -> DhcpBindingsBuilder.DEVICE_OWNER_DHCP.equals(p.deviceOwner()))
                        .ifPresent(p -> networks.add(p.networkId()));
            }
        }
        for (String net : networks) {
            intent.subnetsOf(net).forEach(s -> subnets.add(s.id()));
            next.subnetsOf(net).forEach(s -> subnets.add(s.id()));
        }
        return subnets;
    }
}
