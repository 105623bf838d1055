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
import java.util.function.Function;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.intent.Subnet;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Decision;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Problem;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.Serve;
import org.vifd.agent.dhcp.DhcpBindingsBuilder.SubnetInfo;

/**
 * Keeps the DHCP snapshot up to date with the intent and the wired ports, rebuilding only what a change touched:
 * the first {@link #update} is a full build ({@link DhcpBindingsBuilder#build}); each later one takes what changed
 * since the last one (an {@link IntentDelta} and the re-wired port ids, as the agent hands them over; or found by
 * comparing whole inputs, {@link #update(Intent, Map)}) and
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
 * <p>Cost: the work of the changed records (O(changed), plus every port of a network whose subnets' DHCP info
 * changed); a one-port change to 10,000 ports re-decides and compiles one binding. Only the variant that compares
 * whole inputs passes over every port.
 *
 * <p>Not thread-safe: owned by the agent loop.
 */
public final class DhcpBindingsUpdater {
    private final DhcpPortKeys keys;
    private final DhcpSettings settings;
    private Intent intent;
    /** The wired ports as of the last update: port id → ofport. */
    private final Map<String, Long> ofports = new HashMap<>();
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
     * The snapshot for these inputs, built from the last one; finds what changed by comparing every port with the
     * last inputs (O(ports)). The agent hands over what changed instead ({@link #update(Intent, IntentDelta, Set,
     * Function)}).
     *
     * @param next           the intent in force
     * @param ofportByPortId the wired ports, port id → ofport (read during the call only)
     */
    public DhcpBindingsBuilder.Result update(Intent next, Map<String, Long> ofportByPortId) {
        Objects.requireNonNull(next, "intent");
        Objects.requireNonNull(ofportByPortId, "ofportByPortId");
        if (intent == null) {
            ofports.clear();
            ofports.putAll(ofportByPortId);
            return full(next);
        }
        Set<String> rewired = new HashSet<>();
        for (Map.Entry<String, Long> e : ofportByPortId.entrySet()) {
            if (!Objects.equals(e.getValue(), ofports.get(e.getKey()))) {
                rewired.add(e.getKey());
            }
        }
        for (String id : ofports.keySet()) {
            if (!ofportByPortId.containsKey(id)) {
                rewired.add(id);
            }
        }
        return update(next, IntentDelta.between(intent, next), rewired, ofportByPortId::get);
    }

    /**
     * The snapshot for these inputs, built from the last one, given what changed since the last update: the work
     * is that of the changed records (and of every port of a network whose subnets' DHCP info changed), not of
     * every port. The first update is a full build.
     *
     * @param next     the intent in force
     * @param delta    what changed from the intent of the last update to {@code next} (may name more, never less;
     *                 ignored at the first update)
     * @param rewired  the port ids whose ofport may have come, gone or changed since the last update (at the first
     *                 update: every wired port)
     * @param ofportOf the ofport of a port id now, null when not wired; asked for the {@code rewired} ids only
     */
    public DhcpBindingsBuilder.Result update(Intent next, IntentDelta delta, Set<String> rewired,
                                             Function<String, Long> ofportOf) {
        Objects.requireNonNull(next, "intent");
        Objects.requireNonNull(delta, "delta");
        for (String id : rewired) {
            Long ofport = ofportOf.apply(id);
            if (ofport == null) {
                ofports.remove(id);
            } else {
                ofports.put(id, ofport);
            }
        }
        if (intent == null) {
            return full(next);
        }
        Set<String> ports = new HashSet<>(delta.ports());
        ports.addAll(rewired);
        Set<String> networks = new HashSet<>();
        for (String subnetId : subnetsToRecheck(next, delta, ports)) {
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
        for (String n : delta.networks()) {
            if (intent.network(n).isEmpty() != next.network(n).isEmpty()) {
                networks.add(n); // came or went
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
            Decision d = DhcpBindingsBuilder.decide(next, id, ofports.get(id), infos::get);
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
        snapshot = editor.build();
        return new DhcpBindingsBuilder.Result(snapshot, problems, touched, false);
    }

    /** The latest snapshot (empty before the first update). */
    public DhcpSnapshot snapshot() {
        return snapshot;
    }

    private DhcpBindingsBuilder.Result full(Intent next) {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(next, ofports, keys, settings);
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
        snapshot = r.snapshot();
        return r;
    }

    /**
     * Subnets whose info may have changed: changed subnets, the subnets of changed networks, and the subnets of
     * networks whose {@code network:dhcp} ports changed (the server identity), in the old and the new intent.
     */
    private Set<String> subnetsToRecheck(Intent next, IntentDelta delta, Set<String> changedPorts) {
        Set<String> subnets = new HashSet<>(delta.subnets());
        Set<String> networks = new HashSet<>(delta.networks());
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
