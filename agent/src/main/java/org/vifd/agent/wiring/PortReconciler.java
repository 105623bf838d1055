package org.vifd.agent.wiring;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.flows.Cookies;
import org.vifd.agent.flows.FlowPipeline;
import org.vifd.agent.flows.NetworkFlows;
import org.vifd.agent.flows.NetworkWiring;
import org.vifd.agent.flows.PortWiring;
import org.vifd.agent.flows.Tables;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentChange;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.status.AgentMetrics;
import org.vifd.agent.status.PortReport;
import org.vifd.agent.status.PortState;
import org.vifd.agent.status.PortStatus;
import org.vifd.agent.status.StatusSink;
import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OpenFlowErrorException;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.replica.OptimisticTransaction;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.replica.Resync;
import org.vifd.ovsdb.replica.RowChange;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * Wires VM ports: reconciles what should be (the intent, the bridge mappings) with what is (the OVSDB replica, the
 * flows it installed) — DESIGN.md "Reconcile, don't script", agent/README.md "The reconciler".
 *
 * <p>Every method runs on the agent loop (the executor handed in), which owns all state here; asynchronous results
 * (OVSDB transactions, flow bundles, flow dumps) come back to it as tasks. Events only mark a port, a network or
 * the bridges dirty; one drain task per loop turn reconciles what is dirty, so a burst of changes is one pass.
 *
 * <p>A port is wired when its Interface on the integration bridge has {@code external_ids:iface-id} (a port of the
 * intent, up, on an up network whose physical network is mapped), {@code external_ids:attached-mac} and an ofport:
 * its Port gets the network's local VLAN as {@code tag} and {@code other_config} {net_uuid, network_type,
 * physical_network, segmentation_id} (one transaction, trunk settings cleared), its admission flows go in as one
 * atomic bundle, and then it is reported up. Anything else with an iface-id goes to the dead VLAN 4095 and has no
 * flows. Failures are recorded on the port and retried with backoff.
 */
public final class PortReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(PortReconciler.class);
    /** The Port.other_config keys vifd owns (as neutron-openvswitch-agent writes them). */
    public static final List<String> OTHER_CONFIG_KEYS =
            List.of("net_uuid", "network_type", "physical_network", "segmentation_id");
    /** The reason ports are down before the replica's first load. */
    public static final String WAITING_FOR_OVSDB = "waiting for the OVSDB replica's first load";
    static final long RETRY_MIN_MILLIS = 100;
    static final long RETRY_MAX_MILLIS = 30_000;
    /** The Port columns the agent writes; its transactions verify that they still hold what it read. */
    static final List<String> VERIFIED_COLUMNS = List.of("tag", "trunks", "vlan_mode", "other_config");
    /** Ports that become ready in one pass share a transaction and a bundle, up to these many. */
    static final int MAX_PORTS_PER_TRANSACTION = 256;
    static final int MAX_PORTS_PER_BUNDLE = 128;

    private final AgentConfig config;
    private final String database;
    private final Cookies cookies;
    private final FlowPipeline pipeline;
    private final BridgeSetup setup;
    private final ScheduledExecutorService loop;
    private final Function<Transaction, CompletableFuture<TransactResult>> transact;
    private final StatusSink sink;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final List<WiringListener> listeners = new CopyOnWriteArrayList<>();

    // ---- the model, owned by the loop ----
    private Intent intent = Intent.EMPTY;
    private ReplicaView view;
    private boolean synced;
    private boolean firstPassDone;
    private LocalVlanAllocator vlans = new LocalVlanAllocator();
    private final Map<String, Set<Uuid>> ifacesByPortId = new HashMap<>();
    private final Map<Uuid, String> portIdByIface = new HashMap<>();
    private final Map<Uuid, Uuid> portRowByIface = new HashMap<>();
    private final Map<Uuid, List<Uuid>> ifacesByPortRow = new HashMap<>();
    private Set<Uuid> integrationPorts = Set.of();
    private final Set<String> patchNames = new HashSet<>();
    private final Map<String, Row> patchIfaces = new HashMap<>();
    private final Map<String, PortEntry> ports = new HashMap<>();
    private final Map<String, NetEntry> networks = new HashMap<>();
    private final Map<String, BridgeEntry> bridges = new LinkedHashMap<>();
    private final List<SwitchConnection> switches = new ArrayList<>();
    private final Set<String> dirtyPorts = new LinkedHashSet<>();
    private final Set<String> dirtyNetworks = new LinkedHashSet<>();
    private boolean bridgesDirty = true;
    private boolean drainScheduled;
    private boolean setupInFlight;
    private int inFlight;
    private final Map<String, WiredPort> wired = new HashMap<>();
    private boolean wiredChanged;
    /** Port ids whose {@link #wired} entry came, went or changed since listeners last heard. */
    private final Set<String> wiredDirty = new HashSet<>();
    /** The intent listeners last heard, and what changed in the intent since. */
    private Intent publishedIntent = Intent.EMPTY;
    private IntentDelta pendingIntentDelta = IntentDelta.NONE;
    private final List<ColumnWrite> columnWrites = new ArrayList<>();
    private final List<FlowInstall> flowInstalls = new ArrayList<>();
    /** The ofports whose port cookie this run has sent flows under (on any connection to the integration bridge). */
    private final Set<Long> portCookiesSent = new HashSet<>();
    /** Port-purpose cookie keys (ofports) found on the integration bridge at this run's first connection, any run;
     *  null until that dump is done. A port whose tag and flows are found there is reported up at once. */
    private Set<Long> foundPortFlows;
    private boolean foundPortFlowsRequested;
    private volatile WiringTrace trace = WiringTrace.NONE;

    // ---- published for other threads ----
    private final Map<String, PortReport> reports = new ConcurrentHashMap<>();
    private volatile boolean integrationConnected;

    /** One port (by iface-id / Neutron port id): what was observed and what was applied. */
    private static final class PortEntry {
        final String portId;
        String iface = "";
        String holder;
        long ofport = -1;
        int tag;
        String networkId = "";
        long firstSeenNanos;
        // OVSDB: the desired columns last written successfully, and the Port row as it was then.
        String sentSignature;
        Row sentAgainst;
        boolean ovsdbInFlight;
        // Flows on the integration bridge (this run): the wiring whose flows are installed (null: none), under
        // which ofport's cookie. The wiring, not its flows, is kept: the flows are a function of it (and the run's
        // cookies), and at 10,000 ports the flow objects were the largest part of the heap.
        PortWiring installed;
        long flowsOfport = -1;
        boolean flowsInFlight;
        PortState state = PortState.DOWN;
        String reason = "";
        String lastError = "";
        int failures;
        boolean retryScheduled;
        boolean latencyObserved;
        boolean reported;
        boolean holdsVlan;
        /** Reported up from the dataplane found at start (previous run's tag and flows); this run's flows pending. */
        boolean restored;
        /** Its flows go in a bundle of their own (a shared bundle with them failed). */
        boolean soloBundle;

        PortEntry(String portId) {
            this.portId = portId;
        }
    }

    /** A port's columns to write in this pass's shared transaction, verified against the row read. */
    private record ColumnWrite(PortEntry entry, Row portRow, int tag, Map<String, String> otherConfig,
                               String signature, String holder) {
    }

    /** A port's flows to install in this pass's shared bundle: deletes of its cookies, then its flows. */
    private record FlowInstall(PortEntry entry, List<OfMessage> deletes, PortWiring wiring, List<FlowMod> flows,
                               long ofport) {
    }

    /** One network's translation flows, per bridge: what is installed and under which local VLAN's cookie. */
    private static final class NetEntry {
        final Map<String, List<FlowMod>> flows = new HashMap<>();
        final Map<String, Integer> lvid = new HashMap<>();
        final Set<String> inFlight = new HashSet<>();
    }

    /** One managed bridge. */
    private static final class BridgeEntry {
        final String name;
        SwitchConnection conn;
        long checkedGeneration = -1;
        boolean checking;
        boolean ready;
        List<FlowMod> base = List.of();
        boolean baseInFlight;
        boolean cleanupPending = true;
        boolean cleanupInFlight;

        BridgeEntry(String name) {
            this.name = name;
        }
    }

    public PortReconciler(AgentConfig config, String database, Cookies cookies, ScheduledExecutorService loop,
                          Function<Transaction, CompletableFuture<TransactResult>> transact, StatusSink sink,
                          AgentMetrics metrics, Clock clock, String controllerTarget) {
        this.config = Objects.requireNonNull(config, "config");
        this.database = Objects.requireNonNull(database, "database");
        this.cookies = Objects.requireNonNull(cookies, "cookies");
        this.pipeline = new FlowPipeline(cookies);
        this.loop = Objects.requireNonNull(loop, "loop");
        this.transact = Objects.requireNonNull(transact, "transact");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.setup = new BridgeSetup(database, config.integrationBridge(), config.bridgeMappings(),
                config.datapathType().ovsName(), controllerTarget);
        for (String b : setup.bridges()) {
            bridges.put(b, new BridgeEntry(b));
        }
        for (String phys : config.bridgeMappings().values()) {
            patchNames.add(BridgeSetup.intPatch(phys));
            patchNames.add(BridgeSetup.phyPatch(phys));
        }
    }

    public Cookies cookies() {
        return cookies;
    }

    /** Traces the steps of each port's wiring (benchmarks, tests); set before the agent starts. */
    public void trace(WiringTrace t) {
        this.trace = Objects.requireNonNull(t, "trace");
    }

    public void addListener(WiringListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** What {@code /ports} shows, by port id (any thread). */
    public List<PortReport> reports() {
        return new TreeMap<>(reports).values().stream().toList();
    }

    /** True once the integration bridge is connected and its flows checked (any thread). */
    public boolean integrationConnected() {
        return integrationConnected;
    }

    // =====================================================================================================
    // Events (on the loop)
    // =====================================================================================================

    /** A replica batch. */
    public void replicaChanged(ReplicaView v, List<RowChange> changes) {
        view = v;
        for (RowChange c : changes) {
            switch (c.table()) {
                case "Interface" -> interfaceChanged(c);
                case "Port" -> portRowChanged(c);
                case "Bridge" -> {
                    bridgesDirty = true;
                    String name = BridgeSetup.string(c.row(), "name");
                    if (config.integrationBridge().equals(name)) {
                        Set<Uuid> before = integrationPorts;
                        integrationPorts = c.newRow() == null ? Set.of()
                                : new HashSet<>(BridgeSetup.uuids(c.newRow().get("ports")));
                        for (Uuid p : symmetricDifference(before, integrationPorts)) {
                            for (Uuid i : ifacesByPortRow.getOrDefault(p, List.of())) {
                                markPortOfIface(i);
                            }
                        }
                    }
                }
                default -> bridgesDirty = true;
            }
        }
        schedule();
    }

    /** The replica caught up with a (new) connection. */
    public void replicaResynced(ReplicaView v, Resync resync) {
        view = v;
        if (!synced) {
            synced = true;
            List<LocalVlanAllocator.Observed> observed = new ArrayList<>();
            for (Row r : v.table("Port").values()) {
                String net = BridgeSetup.map(r, "other_config").get("net_uuid");
                Long tag = BridgeSetup.integer(r, "tag");
                String name = BridgeSetup.string(r, "name");
                if (net != null && tag != null && name != null) {
                    observed.add(new LocalVlanAllocator.Observed(name, net, tag.intValue()));
                }
            }
            vlans = LocalVlanAllocator.restore(observed);
            LOG.info("replica loaded ({} rows); local VLANs restored: {}", v.size(), vlans.allocations());
            markAll();
        } else {
            LOG.info("replica resynchronised ({}, {} changes); reconciling", resync.kind(), resync.changes());
            metrics.ovsdbReconnected();
            bridgesDirty = true;
        }
        schedule();
    }

    /** A new intent in force, diffed against the one held (a caller that has no change list). */
    public void intentChanged(Intent next) {
        intentChanged(IntentChange.between(intent, Objects.requireNonNull(next, "intent")));
    }

    /**
     * A new intent in force: only the ports it names, and the ports of the networks it names, are reconciled
     * again (O(changed), not O(ports)); listeners hear the delta with the next wiring change.
     */
    public void intentChanged(IntentChange change) {
        Intent before = intent;
        Intent next = change.intent();
        IntentDelta delta = change.deltaFrom(before);
        intent = next;
        pendingIntentDelta = pendingIntentDelta.plus(delta);
        dirtyPorts.addAll(delta.ports());
        for (String n : delta.networks()) {
            dirtyNetworks.add(n);
            before.portsOf(n).forEach(p -> dirtyPorts.add(p.id()));
            next.portsOf(n).forEach(p -> dirtyPorts.add(p.id()));
        }
        wiredChanged = true;
        if (!synced) {
            reports.keySet().retainAll(next.ports().stream().map(Port::id).toList());
            for (Port p : next.ports()) {
                reports.put(p.id(), new PortReport(p.id(), "", -1, p.networkId(), 0, PortState.DOWN,
                        WAITING_FOR_OVSDB, ""));
            }
        }
        schedule();
    }

    /** A switch completed an OpenFlow handshake (first or later) on a listener: which bridge it is, the replica says. */
    public void switchConnected(SwitchConnection c) {
        if (!switches.contains(c)) {
            switches.add(c);
        }
        bridgesDirty = true;
        schedule();
    }

    /** A bridge's service connection (known bridge) completed a handshake. */
    public void switchConnected(String bridge, SwitchConnection c) {
        BridgeEntry b = bridges.get(bridge);
        if (b != null) {
            b.conn = c;
        }
        bridgesDirty = true;
        schedule();
    }

    public void switchDisconnected(SwitchConnection c) {
        for (BridgeEntry b : bridges.values()) {
            if (b.conn == c) {
                b.ready = false;
                LOG.warn("bridge {} OpenFlow connection lost; flows stay in the switch (fail_mode secure)", b.name);
                if (b.name.equals(config.integrationBridge())) {
                    integrationConnected = false;
                }
            }
        }
        bridgesDirty = true;
        schedule();
    }

    // =====================================================================================================
    // Dirty tracking
    // =====================================================================================================

    private void interfaceChanged(RowChange c) {
        Uuid u = c.uuid();
        String oldId = c.oldRow() == null ? null : BridgeSetup.map(c.oldRow(), "external_ids").get("iface-id");
        String newId = c.newRow() == null ? null : BridgeSetup.map(c.newRow(), "external_ids").get("iface-id");
        if (oldId != null) {
            dirtyPorts.add(oldId);
        }
        if (oldId != null && !oldId.equals(newId)) {
            Set<Uuid> s = ifacesByPortId.get(oldId);
            if (s != null) {
                s.remove(u);
                if (s.isEmpty()) {
                    ifacesByPortId.remove(oldId);
                }
            }
            portIdByIface.remove(u);
        }
        if (newId != null) {
            ifacesByPortId.computeIfAbsent(newId, k -> new LinkedHashSet<>()).add(u);
            portIdByIface.put(u, newId);
            dirtyPorts.add(newId);
        }
        String name = BridgeSetup.string(c.row(), "name");
        if (patchNames.contains(name)) {
            if (c.newRow() == null) {
                patchIfaces.remove(name);
            } else {
                patchIfaces.put(name, c.newRow());
            }
            bridgesDirty = true;
        } else if (bridges.containsKey(name)) {
            bridgesDirty = true;
        }
    }

    private void portRowChanged(RowChange c) {
        Uuid u = c.uuid();
        List<Uuid> before = ifacesByPortRow.getOrDefault(u, List.of());
        for (Uuid i : before) {
            portRowByIface.remove(i, u);
            markPortOfIface(i);
        }
        if (c.newRow() == null) {
            ifacesByPortRow.remove(u);
        } else {
            List<Uuid> now = BridgeSetup.uuids(c.newRow().get("interfaces"));
            ifacesByPortRow.put(u, now);
            for (Uuid i : now) {
                portRowByIface.put(i, u);
                markPortOfIface(i);
            }
        }
        String name = BridgeSetup.string(c.row(), "name");
        if (patchNames.contains(name) || bridges.containsKey(name)) {
            bridgesDirty = true;
        }
    }

    private void markPortOfIface(Uuid iface) {
        String id = portIdByIface.get(iface);
        if (id != null) {
            dirtyPorts.add(id);
        }
    }

    private void markAll() {
        dirtyPorts.addAll(ifacesByPortId.keySet());
        dirtyPorts.addAll(ports.keySet());
        intent.ports().forEach(p -> dirtyPorts.add(p.id()));
        dirtyNetworks.addAll(networks.keySet());
        dirtyNetworks.addAll(vlans.allocations().keySet());
        bridgesDirty = true;
    }

    private static Set<Uuid> symmetricDifference(Set<Uuid> a, Set<Uuid> b) {
        Set<Uuid> out = new HashSet<>();
        for (Uuid u : a) {
            if (!b.contains(u)) {
                out.add(u);
            }
        }
        for (Uuid u : b) {
            if (!a.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    private void schedule() {
        // A closing agent shuts the loop down while events still come (its switches disconnecting): nothing to do.
        if (!drainScheduled && !loop.isShutdown()) {
            drainScheduled = true;
            loop.execute(this::drain);
        }
    }

    private void markDirtyLater(String portId, PortEntry e) {
        if (e.retryScheduled) {
            return;
        }
        e.retryScheduled = true;
        long delay = Math.min(RETRY_MAX_MILLIS, RETRY_MIN_MILLIS << Math.min(16, Math.max(0, e.failures - 1)));
        loop.schedule(() -> {
            e.retryScheduled = false;
            dirtyPorts.add(portId);
            drainNow();
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void drainNow() {
        schedule();
    }

    // =====================================================================================================
    // The reconcile pass
    // =====================================================================================================

    private void drain() {
        drainScheduled = false;
        if (!synced || view == null) {
            return;
        }
        if (bridgesDirty) {
            bridgesDirty = false;
            reconcileBridges();
        }
        List<String> portBatch = new ArrayList<>(dirtyPorts);
        dirtyPorts.clear();
        for (String id : portBatch) {
            try {
                reconcilePort(id);
            } catch (RuntimeException ex) {
                metrics.error(AgentMetrics.ERROR_WIRING);
                LOG.error("port {}: reconcile failed: {}", id, ex.toString(), ex);
            }
        }
        if (!firstPassDone) {
            firstPassDone = true;
            releaseUnclaimedVlans();
        }
        List<String> netBatch = new ArrayList<>(dirtyNetworks);
        dirtyNetworks.clear();
        // Removals first, so that a local VLAN freed and taken again in one pass loses its old flows before the
        // new network's flows (same cookie) go in: the switch applies messages in order.
        for (String id : netBatch) {
            reconcileNetwork(id, true);
        }
        for (String id : netBatch) {
            reconcileNetwork(id, false);
        }
        flushColumnWrites();
        flushFlowInstalls();
        maybeCleanup();
        if (wiredChanged) {
            wiredChanged = false;
            publishWiring();
        }
        metrics.portsWired(wired.size());
    }

    /** Restored VLAN holders that no wired port claimed in the first pass (stale Port rows) let their VLAN go. */
    private void releaseUnclaimedVlans() {
        Set<String> claimed = new HashSet<>();
        for (PortEntry e : ports.values()) {
            if (e.holder != null && e.holdsVlan) {
                claimed.add(e.holder);
            }
        }
        for (String net : new ArrayList<>(vlans.allocations().keySet())) {
            for (String holder : new ArrayList<>(vlans.holders(net))) {
                if (!claimed.contains(holder)) {
                    vlans.release(holder).ifPresent(dirtyNetworks::add);
                }
            }
        }
    }

    private void reconcilePort(String portId) {
        PortEntry e = ports.computeIfAbsent(portId, PortEntry::new);
        Optional<Port> intentPort = intent.port(portId);
        Row iface = pickInterface(portId);
        Row portRow = iface == null ? null : view.row("Port", portRowByIface.getOrDefault(iface.uuid(), Uuid.ZERO))
                .orElse(null);
        if (iface == null || portRow == null || !integrationPorts.contains(portRow.uuid())) {
            unplugged(e, intentPort.isPresent());
            return;
        }
        e.iface = Objects.requireNonNullElse(BridgeSetup.string(iface, "name"), "");
        String holder = BridgeSetup.string(portRow, "name");
        if (e.holder != null && !e.holder.equals(holder)) {
            vlans.release(e.holder).ifPresent(dirtyNetworks::add);
        }
        e.holder = holder;
        Long ofport = BridgeSetup.integer(iface, "ofport");
        e.ofport = ofport == null ? -1 : ofport;
        if (ofport == null || ofport < 1 || ofport > 0xfeff) {
            String err = BridgeSetup.string(iface, "error");
            removeFlows(e);
            setState(e, PortState.DOWN, ofport != null && ofport == -1
                    ? "interface failed: " + (err == null ? "ofport -1" : err) : "no ofport yet");
            return;
        }
        if (e.firstSeenNanos == 0) {
            e.firstSeenNanos = System.nanoTime();
            e.latencyObserved = false;
            trace.ofportSeen(portId, ofport, e.firstSeenNanos);
        }

        String why = null;
        Network net = null;
        Map<String, String> externalIds = BridgeSetup.map(iface, "external_ids");
        if (intentPort.isEmpty()) {
            why = "not in the intent";
        } else if (!intentPort.get().adminStateUp()) {
            why = "admin_state_up is false";
        } else if (!externalIds.containsKey("attached-mac")) {
            why = "no external_ids:attached-mac";
        } else {
            net = intent.network(intentPort.get().networkId()).orElse(null);
            if (net == null) {
                why = "network " + intentPort.get().networkId() + " not in the intent";
            } else if (!net.adminStateUp()) {
                why = "network " + net.id() + " admin_state_up is false";
            } else if (!config.bridgeMappings().containsKey(net.physicalNetwork())) {
                why = "physical network " + net.physicalNetwork() + " is not in bridge_mappings";
            }
        }
        int tag = LocalVlanAllocator.DEAD_VLAN;
        Map<String, String> otherConfig = Map.of();
        PortWiring wiring = null;
        if (why == null) {
            String previousNet = e.networkId;
            OptionalInt lv = vlans.acquire(net.id(), holder);
            if (lv.isEmpty()) {
                why = "no free local VLAN";
            } else {
                tag = lv.getAsInt();
                Map<String, String> oc = new LinkedHashMap<>();
                oc.put("net_uuid", net.id());
                oc.put("network_type", net.networkType().toString().toLowerCase(java.util.Locale.ROOT));
                oc.put("physical_network", net.physicalNetwork());
                oc.put("segmentation_id", net.isFlat() ? "None" : Integer.toString(net.segmentationId()));
                otherConfig = oc;
                wiring = PortWiring.of(intentPort.get(), ofport);
                e.networkId = net.id();
                if (!net.id().equals(previousNet)) {
                    dirtyNetworks.add(net.id());
                    if (!previousNet.isEmpty()) {
                        dirtyNetworks.add(previousNet);
                    }
                }
                dirtyNetworks.add(net.id());
            }
        }
        if (why != null) {
            if (!e.networkId.isEmpty()) {
                dirtyNetworks.add(e.networkId);
            }
            vlans.release(holder).ifPresent(dirtyNetworks::add);
            e.networkId = intentPort.map(Port::networkId).orElse("");
            e.holdsVlan = false;
        } else {
            e.holdsVlan = true;
        }
        e.tag = tag;

        boolean ovsdbDone = ensureColumns(e, portRow, tag, otherConfig);
        boolean flowsDone = ensureFlows(e, wiring, ofport);
        if (why != null) {
            e.restored = false;
            setState(e, PortState.DOWN, why + ": dead VLAN " + LocalVlanAllocator.DEAD_VLAN);
        } else if (ovsdbDone && flowsDone) {
            if (e.state != PortState.UP && !e.latencyObserved) {
                e.latencyObserved = true;
                metrics.wiringLatency(Duration.ofNanos(System.nanoTime() - e.firstSeenNanos));
            }
            e.failures = 0;
            e.lastError = "";
            e.restored = false;
            setState(e, PortState.UP, "wired");
        } else if (e.state == PortState.UP && (Objects.equals(wiring, e.installed) || e.restored
                || (e.flowsOfport == ofport && e.installed != null))) {
            // Still wired: only a column write is pending (it changes nothing the VM sees), or this run's flows
            // are going in beside the previous run's (restored at start), or the port's admission flows at the
            // same ofport are being replaced (a new fixed IP or address pair): its old flows stay until the new
            // ones are in, and reporting it down would make the DHCP side drop its binding and flows meanwhile
            // (a failed install reports it down).
            updateReport(e);
        } else if (!e.reported && columnsMatch(portRow, tag, otherConfig)) {
            // A new run finds the port tagged as wanted: if the previous run's flows for its ofport are there too,
            // the port is wired and stays reported up (no down-then-up flicker towards Nova); until the
            // integration bridge's flows have been read, report nothing.
            if (foundPortFlows == null) {
                e.state = PortState.DOWN;
                e.reason = "found tagged; reading the integration bridge's flows";
                updateReport(e);
            } else if (foundPortFlows.contains(ofport)) {
                e.restored = true;
                e.latencyObserved = true;
                LOG.info("port {}: tag {} and flows for ofport {} found in the dataplane: up", portId, tag, ofport);
                setState(e, PortState.UP, "wired");
            } else {
                setState(e, PortState.DOWN, !bridgeReady(config.integrationBridge())
                        ? "waiting for the integration bridge's OpenFlow connection" : "wiring");
            }
        } else {
            setState(e, PortState.DOWN, !bridgeReady(config.integrationBridge())
                    ? "waiting for the integration bridge's OpenFlow connection" : "wiring");
        }
    }

    /** The port's Interface: one carrying its iface-id, preferring one with a valid ofport (a re-plug in flight). */
    private Row pickInterface(String portId) {
        Set<Uuid> candidates = ifacesByPortId.get(portId);
        if (candidates == null) {
            return null;
        }
        Row best = null;
        for (Uuid u : candidates) {
            Row r = view.row("Interface", u).orElse(null);
            if (r == null) {
                continue;
            }
            Long of = BridgeSetup.integer(r, "ofport");
            Uuid p = portRowByIface.get(u);
            boolean onInt = p != null && integrationPorts.contains(p);
            if (best == null || (onInt && of != null && of > 0)) {
                best = r;
            }
        }
        return best;
    }

    private void unplugged(PortEntry e, boolean inIntent) {
        removeFlows(e);
        if (e.holder != null) {
            vlans.release(e.holder).ifPresent(dirtyNetworks::add);
            if (!e.networkId.isEmpty()) {
                dirtyNetworks.add(e.networkId);
            }
        }
        e.holder = null;
        e.iface = "";
        e.ofport = -1;
        e.tag = 0;
        e.firstSeenNanos = 0;
        e.sentSignature = null;
        e.sentAgainst = null;
        e.holdsVlan = false;
        if (!inIntent) {
            if (e.installed == null && !e.flowsInFlight && !e.ovsdbInFlight) {
                ports.remove(e.portId);
                reports.remove(e.portId);
                if (wired.remove(e.portId) != null) {
                    wiredChanged = true;
                }
                if (e.reported) {
                    sink.remove(e.portId);
                }
            }
            return;
        }
        e.networkId = intent.port(e.portId).map(Port::networkId).orElse("");
        setState(e, PortState.DOWN, "not plugged");
    }

    // ---- OVSDB columns ----

    private boolean ensureColumns(PortEntry e, Row portRow, int tag, Map<String, String> otherConfig) {
        if (columnsMatch(portRow, tag, otherConfig)) {
            return true;
        }
        String signature = tag + "|" + otherConfig;
        if (signature.equals(e.sentSignature) && portRow.equals(e.sentAgainst)) {
            return true; // written; the replica has not shown our update yet
        }
        if (e.ovsdbInFlight) {
            return false;
        }
        e.ovsdbInFlight = true;
        inFlight++;
        columnWrites.add(new ColumnWrite(e, portRow, tag, otherConfig, signature, e.holder));
        return false;
    }

    /**
     * Sends the columns queued in this pass: the ports that became ready together share one transaction (fewer
     * round trips, and one reconfiguration of ovs-vswitchd instead of one per port). Each Port row is verified
     * first — a {@code wait} with timeout 0 that its tag, trunks, vlan_mode and other_config still hold what the
     * replica showed (RFC 7047 §5.2.6, the IDL's verify): a change made meanwhile by an operator or another client
     * fails the transaction instead of being overwritten blindly, and the ports are reconciled again from the
     * newer view.
     */
    private void flushColumnWrites() {
        if (columnWrites.isEmpty()) {
            return;
        }
        List<ColumnWrite> all = new ArrayList<>(columnWrites);
        columnWrites.clear();
        for (int from = 0; from < all.size(); from += MAX_PORTS_PER_TRANSACTION) {
            sendColumns(all.subList(from, Math.min(all.size(), from + MAX_PORTS_PER_TRANSACTION)));
        }
    }

    private void sendColumns(List<ColumnWrite> chunk) {
        Transaction tx = new Transaction(database);
        for (ColumnWrite w : chunk) {
            List<Condition> where = List.of(Condition.equal("_uuid", w.portRow().uuid()));
            OptimisticTransaction.verify(tx, "Port", w.portRow(), VERIFIED_COLUMNS);
            tx.update("Port", where, Row.builder().put("tag", Atom.of((long) w.tag())).put("trunks", OvsSet.empty())
                    .put("vlan_mode", OvsSet.empty()).build());
            List<Mutation> mutations = new ArrayList<>();
            mutations.add(Mutation.delete("other_config",
                    OvsSet.ofStrings(OTHER_CONFIG_KEYS.toArray(String[]::new))));
            if (!w.otherConfig().isEmpty()) {
                mutations.add(Mutation.insert("other_config", OvsMap.ofStrings(w.otherConfig())));
            }
            tx.mutate("Port", where, mutations);
        }
        tx.comment(chunk.size() == 1 ? "vifd: port " + chunk.get(0).entry().portId + " tag " + chunk.get(0).tag()
                : "vifd: tags of " + chunk.size() + " ports");
        transact.apply(tx).whenCompleteAsync((r, ex) -> {
            long now = System.nanoTime();
            boolean raced = ex != null && isFailedVerification(ex);
            boolean viewMoved = false;
            for (ColumnWrite w : chunk) {
                PortEntry e = w.entry();
                inFlight--;
                e.ovsdbInFlight = false;
                if (ex == null) {
                    e.sentSignature = w.signature();
                    e.sentAgainst = w.portRow();
                    trace.columnsCommitted(e.portId, now);
                    LOG.info("port {} ({}): tag {} other_config {}", e.portId, w.holder(), w.tag(), w.otherConfig());
                    dirtyPorts.add(e.portId);
                } else if (raced) {
                    viewMoved |= !w.portRow().equals(view.row("Port", w.portRow().uuid()).orElse(null));
                } else {
                    fail(e, AgentMetrics.ERROR_OVSDB, "OVSDB: setting tag " + w.tag() + " on port " + w.holder()
                            + " failed: " + cause(ex));
                }
            }
            if (raced) {
                // Another client changed a Port row between our read and our write: read again, then write.
                LOG.info("OVSDB: a Port row changed under the tag transaction for {} ports ({}); reconciling them "
                        + "from the newer view", chunk.size(), cause(ex));
                List<String> ids = chunk.stream().map(w -> w.entry().portId).toList();
                if (viewMoved) {
                    dirtyPorts.addAll(ids);
                } else {
                    loop.schedule(() -> {
                        dirtyPorts.addAll(ids);
                        schedule();
                    }, RETRY_MIN_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
            schedule();
        }, loop);
    }

    private static boolean refusedBySwitch(Throwable ex) {
        Throwable t = ex;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof FlowBatchException || t instanceof OpenFlowErrorException;
    }

    /** A verification ({@code wait} with timeout 0) that failed: the IDL's TXN_TRY_AGAIN. */
    static boolean isFailedVerification(Throwable ex) {
        Throwable t = ex;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof TransactionException te && OvsdbError.TIMED_OUT.name().equals(te.error())
                && te.operation() instanceof Operation.Wait;
    }

    static boolean columnsMatch(Row portRow, int tag, Map<String, String> otherConfig) {
        Long t = BridgeSetup.integer(portRow, "tag");
        if (t == null || t != tag) {
            return false;
        }
        if (!BridgeSetup.uuids(portRow.get("trunks")).isEmpty() || portRow.get("trunks") instanceof OvsSet s
                && !s.isEmpty()) {
            return false;
        }
        String mode = BridgeSetup.string(portRow, "vlan_mode");
        if (mode != null) {
            return false;
        }
        Map<String, String> oc = BridgeSetup.map(portRow, "other_config");
        for (String k : OTHER_CONFIG_KEYS) {
            if (!Objects.equals(oc.get(k), otherConfig.get(k))) {
                return false;
            }
        }
        return true;
    }

    // ---- port flows ----

    private boolean ensureFlows(PortEntry e, PortWiring wiring, long ofport) {
        if (Objects.equals(wiring, e.installed) && (wiring == null || e.flowsOfport == ofport)) {
            return true;
        }
        if (wiring == null) {
            removeFlows(e);
            return false;
        }
        BridgeEntry br = bridges.get(config.integrationBridge());
        if (e.flowsInFlight || !br.ready) {
            return false;
        }
        List<OfMessage> deletes = new ArrayList<>();
        // This run's flows for this ofport can exist only if it sent some before; a new port skips the delete
        // (one message in nine: ovs-vswitchd reads at most 50 OpenFlow messages per connection per main-loop turn).
        if (!portCookiesSent.add(ofport)) {
            deletes.add(FlowPipeline.deleteCookie(cookies.port(ofport)));
        }
        if (e.flowsOfport > 0 && e.flowsOfport != ofport && e.installed != null) {
            deletes.add(FlowPipeline.deleteCookie(cookies.port(e.flowsOfport)));
        }
        e.flowsInFlight = true;
        inFlight++;
        flowInstalls.add(new FlowInstall(e, deletes, wiring, pipeline.portFlows(wiring), ofport));
        return false;
    }

    /**
     * Sends the port flows queued in this pass, after the network flows: the ports that became ready together
     * share one atomic bundle (deletes first, then the flows, so that one port's stale cookie cannot take another's
     * new flows). A port whose shared bundle failed is retried in a bundle of its own, so one bad port does not
     * hold the others back.
     */
    private void flushFlowInstalls() {
        if (flowInstalls.isEmpty()) {
            return;
        }
        List<FlowInstall> all = new ArrayList<>(flowInstalls);
        flowInstalls.clear();
        List<FlowInstall> shared = new ArrayList<>();
        for (FlowInstall f : all) {
            if (f.entry().soloBundle) {
                sendFlows(List.of(f));
            } else {
                shared.add(f);
            }
        }
        for (int from = 0; from < shared.size(); from += MAX_PORTS_PER_BUNDLE) {
            sendFlows(shared.subList(from, Math.min(shared.size(), from + MAX_PORTS_PER_BUNDLE)));
        }
    }

    private void sendFlows(List<FlowInstall> group) {
        BridgeEntry br = bridges.get(config.integrationBridge());
        List<OfMessage> batch = new ArrayList<>();
        for (FlowInstall f : group) {
            batch.addAll(f.deletes());
        }
        for (FlowInstall f : group) {
            batch.addAll(f.flows());
        }
        SwitchConnection conn = br.conn;
        long generation = conn.generation();
        conn.bundle(FlowBatch.of(batch), true).whenCompleteAsync((v, ex) -> {
            long now = System.nanoTime();
            // The switch refused the bundle (an error reply): some port's flows may be bad, so each port goes
            // alone next time. Anything else (connection lost, backlog full) says nothing about the ports.
            boolean refused = ex != null && refusedBySwitch(ex);
            if (ex != null && group.size() > 1) {
                metrics.error(AgentMetrics.ERROR_OPENFLOW);
                LOG.warn("OpenFlow: shared bundle for {} ports failed: {}; {}", group.size(), cause(ex),
                        refused ? "retrying each port in its own bundle" : "retrying");
            }
            for (FlowInstall f : group) {
                PortEntry e = f.entry();
                inFlight--;
                e.flowsInFlight = false;
                if (ex != null) {
                    if (group.size() > 1 && refused) {
                        e.soloBundle = true;
                        dirtyPorts.add(e.portId);
                    } else if (group.size() > 1) {
                        e.failures++;
                        e.lastError = "OpenFlow: shared bundle failed: " + cause(ex);
                        setState(e, PortState.DOWN, e.lastError);
                        markDirtyLater(e.portId, e);
                    } else {
                        fail(e, AgentMetrics.ERROR_OPENFLOW, "OpenFlow: bundle of " + f.flows().size()
                                + " flows for ofport " + f.ofport() + " failed: " + cause(ex));
                    }
                    continue;
                }
                e.soloBundle = false;
                if (conn.generation() == generation && br.conn == conn) {
                    e.installed = f.wiring();
                    e.flowsOfport = f.ofport();
                }
                trace.flowsCommitted(e.portId, now);
                dirtyPorts.add(e.portId);
            }
            schedule();
        }, loop);
    }

    private void removeFlows(PortEntry e) {
        if (e.installed == null || e.flowsInFlight) {
            return;
        }
        BridgeEntry br = bridges.get(config.integrationBridge());
        if (!br.ready) {
            return;
        }
        long of = e.flowsOfport;
        e.flowsInFlight = true;
        inFlight++;
        br.conn.bundle(FlowBatch.of(FlowPipeline.deleteCookie(cookies.port(of))), true)
                .whenCompleteAsync((v, ex) -> {
                    inFlight--;
                    e.flowsInFlight = false;
                    if (ex != null) {
                        fail(e, AgentMetrics.ERROR_OPENFLOW, "OpenFlow: removing the flows of ofport " + of
                                + " failed: " + cause(ex));
                        return;
                    }
                    LOG.info("port {}: flows of ofport {} removed", e.portId, of);
                    e.installed = null;
                    e.flowsOfport = -1;
                    dirtyPorts.add(e.portId);
                    schedule();
                }, loop);
    }

    private void fail(PortEntry e, String kind, String message) {
        metrics.error(kind);
        e.failures++;
        e.lastError = message;
        LOG.warn("port {}: {} (attempt {}, retrying)", e.portId, message, e.failures);
        setState(e, PortState.DOWN, message);
        markDirtyLater(e.portId, e);
        schedule();
    }

    // ---- state and status ----

    private void setState(PortEntry e, PortState state, String reason) {
        boolean changed = e.state != state || !e.reason.equals(reason);
        boolean becameUp = e.state != PortState.UP && state == PortState.UP;
        e.state = state;
        e.reason = reason;
        updateReport(e);
        boolean isWired = state == PortState.UP;
        WiredPort w = isWired ? new WiredPort(e.portId, e.iface, e.ofport, e.networkId, e.tag) : null;
        WiredPort old = isWired ? wired.put(e.portId, w) : wired.remove(e.portId);
        if (!Objects.equals(old, w)) {
            wiredChanged = true;
            wiredDirty.add(e.portId);
        }
        if (becameUp) {
            trace.wired(e.portId, System.nanoTime());
        }
        if (changed && intent.port(e.portId).isPresent()) {
            e.reported = true;
            sink.report(new PortStatus(e.portId, state, clock.instant(), reason));
            if (state == PortState.UP) {
                LOG.info("port {} up: iface {} ofport {} network {} local VLAN {}", e.portId, e.iface, e.ofport,
                        e.networkId, e.tag);
            }
        }
    }

    private void updateReport(PortEntry e) {
        reports.put(e.portId, new PortReport(e.portId, e.iface, e.ofport, e.networkId, e.tag, e.state, e.reason,
                e.lastError));
    }

    /** Tells listeners what changed since they last heard: O(changed), the wired map is lent, not copied. */
    private void publishWiring() {
        WiringChange change = new WiringChange(publishedIntent, intent, pendingIntentDelta,
                Collections.unmodifiableMap(wired), Set.copyOf(wiredDirty));
        publishedIntent = intent;
        pendingIntentDelta = IntentDelta.NONE;
        wiredDirty.clear();
        BridgeEntry br = bridges.get(config.integrationBridge());
        SwitchConnection conn = br.ready ? br.conn : null;
        for (WiringListener l : listeners) {
            try {
                l.wiringChanged(change, conn, cookies.runId());
            } catch (RuntimeException ex) {
                LOG.error("wiring listener {} failed: {}", l, ex.toString(), ex);
            }
        }
    }

    // ---- networks ----

    private void reconcileNetwork(String netId, boolean removalsOnly) {
        Network net = intent.network(netId).orElse(null);
        OptionalInt lv = vlans.vlanOf(netId);
        String phys = net == null ? null : config.bridgeMappings().get(net.physicalNetwork());
        NetworkFlows nf = null;
        if (lv.isPresent() && net != null && phys != null) {
            long intOf = patchOfport(BridgeSetup.intPatch(phys));
            long phyOf = patchOfport(BridgeSetup.phyPatch(phys));
            if (intOf > 0 && phyOf > 0) {
                nf = pipeline.networkFlows(new NetworkWiring(netId, net.networkType(), net.segmentationId(),
                        lv.getAsInt(), intOf, phyOf));
            }
        }
        NetEntry n = networks.computeIfAbsent(netId, k -> new NetEntry());
        for (BridgeEntry br : bridges.values()) {
            List<FlowMod> desired = List.of();
            if (nf != null && br.name.equals(config.integrationBridge())) {
                desired = nf.integration();
            } else if (nf != null && br.name.equals(phys)) {
                desired = nf.physical();
            }
            List<FlowMod> applied = n.flows.getOrDefault(br.name, List.of());
            if (desired.equals(applied) || n.inFlight.contains(br.name) || !br.ready) {
                continue;
            }
            if (removalsOnly != desired.isEmpty()) {
                continue;
            }
            List<OfMessage> batch = new ArrayList<>();
            Integer oldLv = n.lvid.get(br.name);
            if (!applied.isEmpty() && oldLv != null) {
                batch.add(FlowPipeline.deleteCookie(cookies.network(oldLv)));
            }
            if (!desired.isEmpty()) {
                batch.add(FlowPipeline.deleteCookie(cookies.network(lv.getAsInt())));
                batch.addAll(desired);
            }
            List<FlowMod> want = desired;
            int newLv = lv.orElse(0);
            n.inFlight.add(br.name);
            inFlight++;
            SwitchConnection conn = br.conn;
            conn.bundle(FlowBatch.of(batch), true).whenCompleteAsync((v, ex) -> {
                inFlight--;
                n.inFlight.remove(br.name);
                if (ex != null) {
                    metrics.error(AgentMetrics.ERROR_OPENFLOW);
                    LOG.warn("network {} on {}: flows failed: {}; retrying", netId, br.name, cause(ex));
                    loop.schedule(() -> {
                        dirtyNetworks.add(netId);
                        schedule();
                    }, 500, TimeUnit.MILLISECONDS);
                    return;
                }
                if (br.conn == conn) {
                    n.flows.put(br.name, want);
                    n.lvid.put(br.name, newLv);
                }
                LOG.info("network {} on {}: {} translation flows (local VLAN {})", netId, br.name, want.size(),
                        newLv == 0 ? "freed" : newLv);
                dirtyNetworks.add(netId);
                schedule();
            }, loop);
        }
    }

    private long patchOfport(String name) {
        Row r = patchIfaces.get(name);
        Long of = r == null ? null : BridgeSetup.integer(r, "ofport");
        return of == null ? -1 : of;
    }

    // ---- bridges ----

    private boolean bridgeReady(String name) {
        BridgeEntry b = bridges.get(name);
        return b != null && b.ready;
    }

    private void reconcileBridges() {
        if (!setupInFlight) {
            Optional<Transaction> tx = setup.transaction(view);
            if (tx.isPresent()) {
                setupInFlight = true;
                inFlight++;
                LOG.info("bridge setup: {} operations", tx.get().size());
                transact.apply(tx.get()).whenCompleteAsync((r, ex) -> {
                    inFlight--;
                    setupInFlight = false;
                    if (ex != null) {
                        metrics.error(AgentMetrics.ERROR_OVSDB);
                        LOG.warn("bridge setup failed: {}; retrying", cause(ex));
                        loop.schedule(() -> {
                            bridgesDirty = true;
                            schedule();
                        }, 1, TimeUnit.SECONDS);
                        return;
                    }
                    bridgesDirty = true;
                    schedule();
                }, loop);
            }
        }
        // Which bridge each listener connection is: the Bridge row with its datapath id.
        Map<String, Row> rows = BridgeSetup.byName(view, "Bridge");
        for (SwitchConnection c : switches) {
            if (c.datapathId() == 0) {
                continue;
            }
            for (BridgeEntry b : bridges.values()) {
                Row r = rows.get(b.name);
                String dpid = r == null ? null : BridgeSetup.string(r, "datapath_id");
                if (dpid != null && parseDpid(dpid) == c.datapathId() && b.conn != c) {
                    LOG.info("bridge {} is datapath {} ({})", b.name, dpid, c.peer());
                    b.conn = c;
                    b.checkedGeneration = -1;
                }
            }
        }
        for (BridgeEntry b : bridges.values()) {
            if (b.conn == null || !b.conn.isConnected()) {
                b.ready = false;
                continue;
            }
            if (b.conn.generation() != b.checkedGeneration) {
                b.ready = false;
                if (!b.checking) {
                    checkCanary(b);
                }
                continue;
            }
            ensureBase(b);
        }
    }

    private static long parseDpid(String hex) {
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * On every (re)connect: are this run's base flows still there (br-int: the canary in table 23)? If not, the
     * switch lost its flows (vswitchd restarted) or this is a new run: everything on the bridge is reprogrammed.
     */
    private void checkCanary(BridgeEntry b) {
        SwitchConnection conn = b.conn;
        long generation = conn.generation();
        boolean integration = b.name.equals(config.integrationBridge());
        b.checking = true;
        inFlight++;
        conn.flowStats(FlowStatsRequest.byCookie(integration ? Tables.CANARY : FlowMod.TABLE_ALL, cookies.base(),
                -1L)).whenCompleteAsync((stats, ex) -> {
                    inFlight--;
                    b.checking = false;
                    if (ex != null) {
                        metrics.error(AgentMetrics.ERROR_OPENFLOW);
                        LOG.warn("bridge {}: flow check failed: {}", b.name, cause(ex));
                        loop.schedule(() -> {
                            bridgesDirty = true;
                            schedule();
                        }, 500, TimeUnit.MILLISECONDS);
                        return;
                    }
                    if (b.conn != conn || conn.generation() != generation) {
                        bridgesDirty = true;
                        schedule();
                        return;
                    }
                    boolean present = !stats.isEmpty() && (!integration
                            || stats.stream().anyMatch(s -> s.tableId() == Tables.CANARY));
                    b.checkedGeneration = generation;
                    b.ready = true;
                    if (integration) {
                        integrationConnected = true;
                        if (!foundPortFlowsRequested) {
                            foundPortFlowsRequested = true;
                            readFoundPortFlows(conn);
                        }
                    }
                    if (b.base.isEmpty()) {
                        LOG.info("bridge {} connected (generation {}): programming it for {}", b.name, generation,
                                cookies);
                    } else if (present) {
                        LOG.info("bridge {} reconnected (generation {}): canary present, flows intact", b.name,
                                generation);
                    } else {
                        LOG.warn("bridge {} reconnected (generation {}): canary gone, ovs-vswitchd lost its flows; "
                                + "reprogramming everything", b.name, generation);
                        metrics.openflowReconnected(b.name);
                    }
                    if (!present) {
                        forgetFlows(b);
                        b.cleanupPending = true;
                        markAll();
                        if (integration) {
                            for (WiringListener l : listeners) {
                                l.bridgeReprogrammed(conn);
                            }
                            wiredChanged = true;
                        }
                    } else {
                        metrics.openflowReconnected(b.name);
                        if (integration) {
                            // Ports that waited for the bridge (a retry fired while it was away) go on now.
                            dirtyPorts.addAll(ports.keySet());
                        }
                    }
                    bridgesDirty = true;
                    schedule();
                }, loop);
    }

    /**
     * Once per run, at the integration bridge's first connection: which ports have admission flows there (any
     * run's cookie, by ofport). A port found tagged as wanted and with flows is reported up at once.
     */
    private void readFoundPortFlows(SwitchConnection conn) {
        inFlight++;
        conn.flowStats(FlowStatsRequest.all()).whenCompleteAsync((stats, ex) -> {
            inFlight--;
            Set<Long> found = new HashSet<>();
            if (ex != null) {
                metrics.error(AgentMetrics.ERROR_OPENFLOW);
                LOG.warn("bridge {}: reading the flows found at start failed: {}; ports are wired afresh",
                        config.integrationBridge(), cause(ex));
            } else {
                for (FlowStats st : stats) {
                    if (st.cookie() != 0 && Cookies.purposeOf(st.cookie()).orElse(null) == Cookies.Purpose.PORT) {
                        found.add(Cookies.keyOf(st.cookie()));
                    }
                }
                LOG.info("bridge {}: admission flows found at start for {} ofports", config.integrationBridge(),
                        found.size());
            }
            foundPortFlows = found;
            dirtyPorts.addAll(ports.keySet());
            schedule();
        }, loop);
    }

    /** The bridge lost its flows: nothing is installed there any more. */
    private void forgetFlows(BridgeEntry b) {
        b.base = List.of();
        if (b.name.equals(config.integrationBridge())) {
            for (PortEntry e : ports.values()) {
                e.installed = null;
                e.flowsOfport = -1;
            }
        }
        for (NetEntry n : networks.values()) {
            n.flows.remove(b.name);
            n.lvid.remove(b.name);
        }
    }

    private void ensureBase(BridgeEntry b) {
        List<FlowMod> desired;
        if (b.name.equals(config.integrationBridge())) {
            List<Long> patches = new ArrayList<>();
            for (String phys : new TreeSet<>(config.bridgeMappings().values())) {
                long of = patchOfport(BridgeSetup.intPatch(phys));
                if (of > 0) {
                    patches.add(of);
                }
            }
            desired = pipeline.integrationBase(patches);
        } else {
            long of = patchOfport(BridgeSetup.phyPatch(b.name));
            if (of <= 0) {
                return;
            }
            desired = pipeline.physicalBase(of);
        }
        if (desired.equals(b.base) || b.baseInFlight) {
            return;
        }
        List<OfMessage> batch = new ArrayList<>();
        batch.add(FlowPipeline.deleteCookie(cookies.base()));
        batch.addAll(desired);
        b.baseInFlight = true;
        inFlight++;
        SwitchConnection conn = b.conn;
        conn.bundle(FlowBatch.of(batch), true).whenCompleteAsync((v, ex) -> {
            inFlight--;
            b.baseInFlight = false;
            if (ex != null) {
                metrics.error(AgentMetrics.ERROR_OPENFLOW);
                LOG.warn("bridge {}: base flows failed: {}; retrying", b.name, cause(ex));
                loop.schedule(() -> {
                    bridgesDirty = true;
                    schedule();
                }, 500, TimeUnit.MILLISECONDS);
                return;
            }
            if (b.conn == conn) {
                b.base = desired;
            }
            LOG.info("bridge {}: {} base flows installed", b.name, desired.size());
            dirtyNetworks.addAll(networks.keySet());
            dirtyNetworks.addAll(vlans.allocations().keySet());
            bridgesDirty = true;
            schedule();
        }, loop);
    }

    /**
     * Once a bridge is fully programmed by this run (nothing dirty, nothing in flight), flows of other runs (a
     * previous agent) and flows nobody owns (cookie 0) are deleted: new flows first, stale ones after, no gap.
     */
    private void maybeCleanup() {
        if (inFlight > 0 || !dirtyPorts.isEmpty() || !dirtyNetworks.isEmpty() || bridgesDirty) {
            return;
        }
        for (BridgeEntry b : bridges.values()) {
            if (!b.cleanupPending || b.cleanupInFlight || !b.ready || b.base.isEmpty()) {
                continue;
            }
            SwitchConnection conn = b.conn;
            b.cleanupInFlight = true;
            inFlight++;
            conn.flowStats(FlowStatsRequest.all()).thenCompose(stats -> {
                Set<Integer> runs = new TreeSet<>();
                int foreignZero = 0;
                for (FlowStats s : stats) {
                    if (s.cookie() == 0) {
                        foreignZero++;
                    } else if (!cookies.isOwn(s.cookie())) {
                        runs.add(Cookies.runOf(s.cookie()));
                    }
                }
                List<OfMessage> batch = new ArrayList<>();
                for (int run : runs) {
                    batch.add(FlowPipeline.deleteRun(run));
                }
                if (foreignZero > 0) {
                    batch.add(FlowMod.delete().cookie(0, Cookies.EXACT).build());
                }
                if (batch.isEmpty()) {
                    return CompletableFuture.completedFuture(List.<Integer>of());
                }
                LOG.info("bridge {}: deleting the flows of earlier runs {} and {} flows without cookie", b.name,
                        runs.stream().map(r -> String.format("%08x", r)).toList(), foreignZero);
                return conn.apply(FlowBatch.of(batch)).thenApply(v -> List.copyOf(runs));
            }).whenCompleteAsync((runs, ex) -> {
                inFlight--;
                b.cleanupInFlight = false;
                if (ex != null) {
                    metrics.error(AgentMetrics.ERROR_OPENFLOW);
                    LOG.warn("bridge {}: stale flow cleanup failed: {}; retrying", b.name, cause(ex));
                    loop.schedule(this::schedule, 1, TimeUnit.SECONDS);
                    return;
                }
                if (b.conn == conn) {
                    b.cleanupPending = false;
                }
                schedule();
            }, loop);
        }
    }

    private static String cause(Throwable ex) {
        Throwable t = ex;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** For tests and the status page: no work pending or in flight. On the loop. */
    public boolean idle() {
        return inFlight == 0 && dirtyPorts.isEmpty() && dirtyNetworks.isEmpty() && !bridgesDirty;
    }

    /** The local VLAN allocations now (on the loop). */
    public Map<String, Integer> localVlans() {
        return vlans.allocations();
    }

    Collection<String> managedBridges() {
        return bridges.keySet();
    }
}
