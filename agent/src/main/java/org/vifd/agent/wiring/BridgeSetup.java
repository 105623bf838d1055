package org.vifd.agent.wiring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vifd.ovsdb.replica.ReplicaIndex;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

/**
 * The bridges vifd wants, as a pure function of the replica: the integration bridge and each mapped physical bridge
 * exist with {@code fail_mode=secure}, OpenFlow 1.3 and newer, vifd's controller (out-of-band) and in-band control
 * off; each physical bridge is joined to the integration bridge by the patch pair {@code int-<phys>} /
 * {@code phy-<phys>}. {@link #transaction} answers the one transaction that makes it so, or empty when everything is
 * in place: applying it twice changes nothing (ovs-vswitchd.conf.db(5) Bridge, Controller, Interface "patch").
 * The replica should keep indexes of Port and Interface by name ({@link #INDEXES}); without them each view builds
 * them on first use, a scan of all ports.
 *
 * @param controllerTarget the Controller target, empty for none (vifd then talks to each bridge's service socket)
 */
public record BridgeSetup(String database, String integrationBridge, Map<String, String> bridgeMappings,
                          String datapathType, String controllerTarget) {
    public static final List<String> PROTOCOLS = List.of("OpenFlow13", "OpenFlow14", "OpenFlow15");
    public static final String FAIL_MODE = "secure";
    /** How long vswitchd waits at most between attempts to reach vifd (ms): a restarted agent is back quickly. */
    public static final long CONTROLLER_MAX_BACKOFF = 1000;
    /** The (table, column) indexes {@link #transaction} reads: the replica keeps them up to date. */
    public static final List<List<String>> INDEXES = List.of(List.of("Port", "name"), List.of("Interface", "name"));

    public BridgeSetup {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(integrationBridge, "integrationBridge");
        bridgeMappings = Map.copyOf(bridgeMappings);
        Objects.requireNonNull(datapathType, "datapathType");
        Objects.requireNonNull(controllerTarget, "controllerTarget");
    }

    /** {@code int-<phys>}: the integration bridge's end of the patch pair to a physical bridge. */
    public static String intPatch(String physBridge) {
        return "int-" + physBridge;
    }

    /** {@code phy-<phys>}: the physical bridge's end of the patch pair. */
    public static String phyPatch(String physBridge) {
        return "phy-" + physBridge;
    }

    /** The managed bridges: integration first, then the physical ones in mapping order. */
    public List<String> bridges() {
        List<String> out = new ArrayList<>();
        out.add(integrationBridge);
        for (String b : bridgeMappings.values()) {
            if (!out.contains(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The transaction that brings the bridges to the wanted state, or empty when they are there. */
    public Optional<Transaction> transaction(ReplicaView view) {
        Transaction tx = new Transaction(database);
        Optional<Row> root = view.table("Open_vSwitch").values().stream().findFirst();
        if (root.isEmpty()) {
            return Optional.empty(); // nothing to attach bridges to yet (ovs-vsctl init not run): wait
        }
        Map<String, Row> bridgeRows = byName(view, "Bridge");
        // Only the patch ports are looked up, by name (unique in both tables): an index, not a scan of every Port
        // and Interface row — this runs whenever a Bridge row changes, i.e. with every port plugged.
        ReplicaIndex portRows = view.index("Port", "name");
        ReplicaIndex ifaceRows = view.index("Interface", "name");
        List<NamedUuid> newBridges = new ArrayList<>();
        for (String name : bridges()) {
            List<String[]> patches = new ArrayList<>();
            if (name.equals(integrationBridge)) {
                for (String phys : bridgeMappings.values()) {
                    patches.add(new String[] {intPatch(phys), phyPatch(phys)});
                }
            } else {
                patches.add(new String[] {phyPatch(name), intPatch(name)});
            }
            Row bridge = bridgeRows.get(name);
            if (bridge == null) {
                newBridges.add(insertBridge(tx, name, patches));
                continue;
            }
            Row.Builder update = Row.builder();
            boolean changed = false;
            if (!FAIL_MODE.equals(string(bridge, "fail_mode"))) {
                update.put("fail_mode", FAIL_MODE);
                changed = true;
            }
            if (!new java.util.HashSet<>(strings(bridge.get("protocols"))).equals(new java.util.HashSet<>(PROTOCOLS))) {
                update.put("protocols", stringSet(PROTOCOLS));
                changed = true;
            }
            Map<String, String> otherConfig = map(bridge, "other_config");
            if (!"true".equals(otherConfig.get("disable-in-band"))) {
                Map<String, String> oc = new LinkedHashMap<>(otherConfig);
                oc.put("disable-in-band", "true");
                update.put("other_config", oc);
                changed = true;
            }
            if (!controllerOk(view, bridge)) {
                update.put("controller", controllerTarget.isEmpty() ? OvsSet.empty()
                        : OvsSet.of(insertController(tx)));
                changed = true;
            }
            List<Value> newPorts = new ArrayList<>();
            for (String[] p : patches) {
                Row port = portRows.first(p[0]).orElse(null);
                Row iface = ifaceRows.first(p[0]).orElse(null);
                if (port == null || iface == null) {
                    if (port == null) {
                        newPorts.add(insertPatchPort(tx, p[0], p[1]));
                    }
                    continue;
                }
                if (!"patch".equals(string(iface, "type")) || !p[1].equals(map(iface, "options").get("peer"))) {
                    tx.update("Interface", List.of(Condition.equal("_uuid", iface.uuid())), Row.builder()
                            .put("type", "patch").put("options", Map.of("peer", p[1])).build());
                }
            }
            if (changed) {
                tx.update("Bridge", List.of(Condition.equal("_uuid", bridge.uuid())), update.build());
            }
            if (!newPorts.isEmpty()) {
                tx.mutate("Bridge", List.of(Condition.equal("_uuid", bridge.uuid())),
                        List.of(Mutation.insert("ports", OvsSet.of(newPorts.stream().map(v -> (Atom) v).toList()))));
            }
        }
        if (!newBridges.isEmpty()) {
            tx.mutate("Open_vSwitch", List.of(Condition.equal("_uuid", root.get().uuid())),
                    List.of(Mutation.insert("bridges", OvsSet.of(newBridges))));
        }
        if (tx.size() == 0) {
            return Optional.empty();
        }
        tx.comment("vifd: bridge setup");
        return Optional.of(tx);
    }

    private boolean controllerOk(ReplicaView view, Row bridge) {
        List<Uuid> controllers = uuids(bridge.get("controller"));
        if (controllerTarget.isEmpty()) {
            return controllers.isEmpty();
        }
        if (controllers.size() != 1) {
            return false;
        }
        Optional<Row> c = view.row("Controller", controllers.get(0));
        return c.isPresent() && controllerTarget.equals(string(c.get(), "target"))
                && "out-of-band".equals(string(c.get(), "connection_mode"));
    }

    private NamedUuid insertController(Transaction tx) {
        return tx.insert("Controller", Row.builder().put("target", controllerTarget)
                .put("connection_mode", OvsSet.of(Atom.of("out-of-band")))
                .put("max_backoff", OvsSet.of(Atom.of(CONTROLLER_MAX_BACKOFF))).build());
    }

    private NamedUuid insertBridge(Transaction tx, String name, List<String[]> patches) {
        List<Atom> ports = new ArrayList<>();
        NamedUuid localIface = tx.insert("Interface", Row.builder().put("name", name).put("type", "internal").build());
        ports.add(tx.insert("Port", Row.builder().put("name", name).put("interfaces", OvsSet.of(localIface)).build()));
        for (String[] p : patches) {
            ports.add(insertPatchPort(tx, p[0], p[1]));
        }
        Row.Builder b = Row.builder().put("name", name).put("fail_mode", OvsSet.of(Atom.of(FAIL_MODE)))
                .put("protocols", stringSet(PROTOCOLS)).put("datapath_type", datapathType)
                .put("other_config", Map.of("disable-in-band", "true")).put("ports", OvsSet.of(ports));
        if (!controllerTarget.isEmpty()) {
            b.put("controller", OvsSet.of(insertController(tx)));
        }
        return tx.insert("Bridge", b.build());
    }

    private static NamedUuid insertPatchPort(Transaction tx, String name, String peer) {
        NamedUuid iface = tx.insert("Interface", Row.builder().put("name", name).put("type", "patch")
                .put("options", Map.of("peer", peer)).build());
        return tx.insert("Port", Row.builder().put("name", name).put("interfaces", OvsSet.of(iface)).build());
    }

    // --- small readers of replica rows (tolerant: a missing column reads as empty) ---

    static Map<String, Row> byName(ReplicaView view, String table) {
        Map<String, Row> m = new LinkedHashMap<>();
        for (Row r : view.table(table).values()) {
            String n = string(r, "name");
            if (n != null) {
                m.put(n, r);
            }
        }
        return m;
    }

    static String string(Row r, String column) {
        Value v = r.get(column);
        if (v instanceof Atom.Str s) {
            return s.value();
        }
        if (v instanceof OvsSet s && s.size() == 1 && s.single() instanceof Atom.Str str) {
            return str.value();
        }
        return null;
    }

    static Long integer(Row r, String column) {
        Value v = r.get(column);
        if (v instanceof Atom.Int i) {
            return i.value();
        }
        if (v instanceof OvsSet s && s.size() == 1 && s.single() instanceof Atom.Int i) {
            return i.value();
        }
        return null;
    }

    static Map<String, String> map(Row r, String column) {
        Value v = r.get(column);
        return v instanceof OvsMap m ? m.asStrings() : Map.of();
    }

    static List<String> strings(Value v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Atom.Str s) {
            out.add(s.value());
        } else if (v instanceof OvsSet set) {
            for (Atom a : set.elements()) {
                if (a instanceof Atom.Str s) {
                    out.add(s.value());
                }
            }
        }
        return out;
    }

    static List<Uuid> uuids(Value v) {
        List<Uuid> out = new ArrayList<>();
        if (v instanceof Uuid u) {
            out.add(u);
        } else if (v instanceof OvsSet set) {
            for (Atom a : set.elements()) {
                if (a instanceof Uuid u) {
                    out.add(u);
                }
            }
        }
        return out;
    }

    static OvsSet stringSet(List<String> values) {
        return OvsSet.of(values.stream().map(s -> (Atom) Atom.of(s)).toList());
    }
}
