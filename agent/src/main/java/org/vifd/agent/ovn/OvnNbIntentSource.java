package org.vifd.agent.ovn;

import static org.vifd.agent.ovn.NbSchema.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.agent.status.StatusSink;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.replica.Resync;
import org.vifd.ovsdb.replica.RowChange;
import org.vifd.ovsdb.replica.RowListener;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;

/**
 * The intent from a (clustered) OVN Northbound database, as Neutron's ML2/OVN driver writes it ({@link OvnNbMapper}).
 *
 * <p><b>Only this host's rows.</b> The agent tells the source which iface-ids are plugged here
 * ({@link #setLocalPorts}); the replica monitors just those Logical_Switch_Ports, the switches holding them and the
 * DHCP_Options they use ({@link NbConditions}). As ports come and go a replica with the new conditions replaces the
 * old one once loaded (see {@link #launch}). A compute node receives its own ports, not the whole cloud.
 *
 * <p><b>Any fit member.</b> The session is not leader-only: reads come from any cluster member that is connected to
 * its cluster and not stale (ovsdb-server(7) _Server), and on losing it the session moves to another. The replica
 * catches up with monitor_cond_since, so listeners hear only real changes: nothing is unwired by a failover.
 *
 * <p><b>No transient removals.</b> A port whose referenced switch or DHCP_Options row is not here yet (conditions
 * bring rows in two steps) keeps the version the intent had; a new port waits until its rows are here.
 *
 * <p>Threads: mapping and publishing run on the source's own thread ({@code vifd-ovn-nb}); listeners are called
 * there and must hand the intent to the agent loop. {@link #setLocalPorts} may be called from any thread.
 */
public final class OvnNbIntentSource implements IntentSource {
    private static final Logger LOG = LoggerFactory.getLogger(OvnNbIntentSource.class);

    private final OvsdbSession session;
    private final boolean ownsSession;
    private final OvnStatusSink sink;
    private final ExecutorService executor;
    private final List<Consumer<Intent>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Intent> ready = new CompletableFuture<>();
    private volatile Intent current = Intent.EMPTY;
    /** The view mapped: the live replica's once it has loaded, until then the previous replica's last one. */
    private volatile ReplicaView shown;

    // ---- owned by the executor ----
    /** The one replica monitoring (never two at once: each replica names its monitor the same on a connection). */
    private Replica live;
    private Conditions liveConditions;
    private boolean liveLoaded;
    /** Conditions wanted while the live replica was still loading: applied once it has. */
    private Conditions queued;
    private Set<String> localPorts;
    private boolean started;
    private boolean closed;
    private long replicas;
    private final Set<String> problemsLogged = new HashSet<>();

    /** The three tables' conditions one replica monitors with. */
    private record Conditions(List<Condition> ports, List<Condition> switches, List<Condition> dhcpOptions) {
    }

    private OvnNbIntentSource(Builder b) {
        this.ownsSession = b.session == null;
        this.session = b.session != null ? b.session
                : OvsdbSession.builder(b.remotes).name("vifd-ovn-nb").database(DATABASE).leaderOnly(false).build();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vifd-ovn-nb");
            t.setDaemon(true);
            return t;
        });
        this.sink = new OvnStatusSink(session, this::view, b.reportUp);
    }

    /** A source for a remote list ({@code tcp:a:6641,tcp:b:6641,tcp:c:6641}). */
    public static Builder builder(String remotes) {
        return new Builder(Objects.requireNonNull(remotes, "remotes"), null);
    }

    /** A source over a session the caller owns (the session must have been built with {@code leaderOnly(false)}). */
    public static Builder builder(OvsdbSession session) {
        return new Builder(null, Objects.requireNonNull(session, "session"));
    }

    /**
     * Connects and starts monitoring. Answers the first complete intent: once the local ports have been given
     * ({@link #setLocalPorts}) and every row they reference is here. The agent should wait for it before wiring, so
     * that a restart never starts from an empty intent.
     */
    public CompletableFuture<Intent> start() {
        executor.execute(() -> {
            if (!started && !closed) {
                started = true;
                Set<String> ports = localPorts == null ? Set.of() : localPorts;
                launch(new Conditions(NbConditions.ports(ports), NbConditions.NONE, NbConditions.NONE));
            }
        });
        return ready;
    }

    /** The first complete intent (see {@link #start}). */
    public CompletableFuture<Intent> ready() {
        return ready;
    }

    /**
     * The iface-ids plugged on this host (from the Open_vSwitch Interface rows, {@link LocalIfaceIds}): the only
     * Logical_Switch_Ports this source monitors. Cheap to call with an unchanged set.
     */
    public void setLocalPorts(Set<String> ifaceIds) {
        Set<String> copy = Set.copyOf(ifaceIds);
        executor.execute(() -> {
            if (copy.equals(localPorts) || closed) {
                return;
            }
            localPorts = copy;
            LOG.info("ovn nb: {} local ports", copy.size());
            if (started) {
                Conditions base = queued != null ? queued : liveConditions;
                launch(new Conditions(NbConditions.ports(copy), base.switches(), base.dhcpOptions()));
            }
            refresh();
        });
    }

    /** The current replica's view, or null before the first load; for tests and diagnostics. */
    public ReplicaView view() {
        return shown;
    }

    public OvsdbSession session() {
        return session;
    }

    @Override
    public Intent current() {
        return current;
    }

    @Override
    public void addListener(Consumer<Intent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public StatusSink statusSink() {
        return sink;
    }

    /**
     * Replaces the live replica by one with new conditions; until it has loaded, the last view of the previous one is
     * mapped. ovsdb-server's monitor_cond_change would change conditions in place, but the library's
     * Replica.setConditions sends "columns" with it, which ovsdb-server refuses ("changing columns is unsupported");
     * a host's own rows are few, so a fresh conditional monitor costs little. The new replica's initial load is
     * diffed against the intent in force like any change.
     */
    private void launch(Conditions wanted) {
        if (closed) {
            return;
        }
        if (wanted.equals(liveConditions)) {
            queued = null;
            return;
        }
        if (live != null && !liveLoaded) {
            queued = wanted; // its monitor request may be on its way: replace it only once it has answered
            return;
        }
        if (live != null) {
            shown = live.view();
            live.close(); // monitor_cancel goes out before the new replica's monitor request, on the same connection
        }
        Replica r = Replica.builder(session, DATABASE)
                .table(LOGICAL_SWITCH_PORT, LSP_COLUMNS, wanted.ports())
                .table(LOGICAL_SWITCH, LS_COLUMNS, wanted.switches())
                .table(DHCP_OPTIONS, DHCP_COLUMNS, wanted.dhcpOptions())
                .build();
        long n = ++replicas;
        live = r;
        liveConditions = wanted;
        liveLoaded = false;
        r.addListener(new RowListener() {
            @Override
            public void onChanges(List<RowChange> changes) {
                if (r == live && liveLoaded) {
                    shown = r.view();
                    refresh();
                }
            }

            @Override
            public void onChanges(ReplicaView view, List<RowChange> changes) {
                onChanges(changes);
            }

            @Override
            public void onResync(ReplicaView view, Resync resync) {
                LOG.info("ovn nb replica {} synchronised ({}, {} changes, {} rows, generation {})", n, resync.kind(),
                        resync.changes(), r.view().size(), resync.generation());
                if (r != live) {
                    return;
                }
                liveLoaded = true;
                shown = r.view();
                refresh();
                if (queued != null) {
                    Conditions q = queued;
                    queued = null;
                    launch(q);
                }
            }
        }, executor);
        r.start().whenComplete((v, e) -> {
            if (e != null) {
                executor.execute(() -> {
                    if (r == live && !closed) {
                        LOG.error("ovn nb {} cannot serve replica {}: {}", session.name(), n, e.toString());
                        ready.completeExceptionally(e);
                    }
                });
            }
        });
    }

    /** Maps the view; publishes a changed intent; follows references to rows not monitored yet. */
    private void refresh() {
        ReplicaView view = shown;
        if (view == null || closed) {
            return;
        }
        boolean following = false;
        if (liveLoaded && queued == null) {
            Conditions deps = new Conditions(liveConditions.ports(), NbConditions.switches(view),
                    NbConditions.dhcpOptions(view));
            following = !deps.equals(liveConditions);
        }
        MappingResult result = OvnNbMapper.map(view);
        boolean settled = localPorts != null && liveLoaded && queued == null && !following && !result.hasPending();
        logProblems(result, settled);
        Intent next = keepPending(result, current, localPorts);
        if (!next.equals(current)) {
            current = next;
            LOG.info("ovn nb intent changed: {}", next);
            for (Consumer<Intent> l : listeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    LOG.error("intent listener {} failed: {}", l, e.toString(), e);
                }
            }
        }
        if (settled && !ready.isDone()) {
            LOG.info("ovn nb intent ready: {}", next);
            ready.complete(next);
        }
        if (following) {
            launch(new Conditions(liveConditions.ports(), NbConditions.switches(view), NbConditions.dhcpOptions(view)));
        }
    }

    /** Logs each problem once (per row and reason) while it lasts; pending ones only at debug. */
    private void logProblems(MappingResult result, boolean settled) {
        Set<String> now = new HashSet<>();
        for (MappingProblem p : result.problems()) {
            String key = p.toString();
            now.add(key);
            if (p.pending() && !settled) {
                LOG.debug("ovn nb: waiting: {}", p);
            } else if (problemsLogged.add(key)) {
                LOG.warn("ovn nb: cannot map {}", p);
            }
        }
        problemsLogged.retainAll(now);
    }

    /**
     * The mapped intent, with each port that is pending in {@code result} (its rows not all here) kept as it was in
     * {@code previous}, with its network and subnets, unless it is no longer plugged on this host.
     */
    static Intent keepPending(MappingResult result, Intent previous, Set<String> localPorts) {
        Intent mapped = result.intent();
        if (!result.hasPending()) {
            return mapped;
        }
        Map<String, Network> networks = new LinkedHashMap<>();
        mapped.networks().forEach(n -> networks.put(n.id(), n));
        Map<String, Subnet> subnets = new LinkedHashMap<>();
        mapped.subnets().forEach(s -> subnets.put(s.id(), s));
        Map<String, Port> ports = new LinkedHashMap<>();
        mapped.ports().forEach(p -> ports.put(p.id(), p));
        boolean changed = false;
        for (MappingProblem problem : result.problems()) {
            if (!problem.pending() || !problem.table().equals(LOGICAL_SWITCH_PORT) || ports.containsKey(problem.row())
                    || (localPorts != null && !localPorts.contains(problem.row()))) {
                continue;
            }
            Port was = previous.port(problem.row()).orElse(null);
            if (was == null) {
                continue;
            }
            ports.put(was.id(), was);
            previous.network(was.networkId()).ifPresent(n -> networks.putIfAbsent(n.id(), n));
            for (FixedIp ip : was.fixedIps()) {
                previous.subnet(ip.subnetId()).ifPresent(s -> subnets.putIfAbsent(s.id(), s));
                previous.port(OvnNbMapper.DHCP_PORT_PREFIX + ip.subnetId())
                        .ifPresent(d -> ports.putIfAbsent(d.id(), d));
            }
            changed = true;
        }
        if (!changed) {
            return mapped;
        }
        List<Port> sortedPorts = new ArrayList<>(ports.values());
        sortedPorts.sort(java.util.Comparator.comparing(Port::id));
        List<Network> sortedNets = new ArrayList<>(networks.values());
        sortedNets.sort(java.util.Comparator.comparing(Network::id));
        List<Subnet> sortedSubnets = new ArrayList<>(subnets.values());
        sortedSubnets.sort(java.util.Comparator.comparing(Subnet::id));
        return new Intent(sortedNets, sortedSubnets, sortedPorts);
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            closed = true;
            if (live != null) {
                live.close();
            }
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("ovn nb: closing the replicas: {}", e.toString());
        }
        sink.close();
        if (ownsSession) {
            session.close();
        }
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("ovn nb intent source closed before it was ready"));
        }
    }

    /** Builds a source. */
    public static final class Builder {
        private final String remotes;
        private final OvsdbSession session;
        private boolean reportUp = true;

        private Builder(String remotes, OvsdbSession session) {
            this.remotes = remotes;
            this.session = session;
        }

        /** Write Logical_Switch_Port.up for wired ports (default true; off when an ovn-northd owns that column). */
        public Builder reportUp(boolean v) {
            reportUp = v;
            return this;
        }

        public OvnNbIntentSource build() {
            return new OvnNbIntentSource(this);
        }
    }
}
