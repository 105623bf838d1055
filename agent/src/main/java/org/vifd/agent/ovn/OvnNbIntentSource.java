package org.vifd.agent.ovn;

import static org.vifd.agent.ovn.NbSchema.*;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentChange;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.agent.status.StatusSink;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.transport.OvsdbTls;
import org.vifd.ovsdb.transport.Remote;
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
 * DHCP_Options they use ({@link NbConditions}). As ports come and go the one replica's conditions change in place
 * with monitor_cond_change (ovsdb-server(7)): only rows entering or leaving the conditions travel, never the rows
 * already here. A compute node receives its own ports, not the whole cloud.
 *
 * <p><b>Any fit member.</b> The session is not leader-only: reads come from any cluster member that is connected to
 * its cluster and not stale (ovsdb-server(7) _Server), and on losing it the session moves to another. The replica
 * catches up with monitor_cond_since, so listeners hear only real changes: nothing is unwired by a failover.
 *
 * <p><b>Conditions changed across a reconnect.</b> monitor_cond_since sends the changes since the last transaction
 * id under the conditions of the new request: a row that entered them while a change was not yet confirmed by the
 * server (sent on a connection that then dropped, or asked for while disconnected) but did not itself change would
 * never arrive. The {@link Replica} tracks which condition changes the server confirmed and, after an unconfirmed
 * one, reloads in full and diffs instead of catching up, so listeners still see only the real changes.
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
    private final List<Consumer<IntentChange>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Intent> ready = new CompletableFuture<>();
    private volatile Intent current = Intent.EMPTY;
    /** The view mapped: the replica's last one; while a new replica loads, the previous replica's last one. */
    private volatile ReplicaView shown;
    private final AtomicLong replicasCreated = new AtomicLong();
    private final AtomicLong conditionChanges = new AtomicLong();

    // ---- owned by the executor ----
    /** The one replica monitoring, for the source's lifetime. */
    private volatile Replica replica; // volatile for the diagnostics accessor only
    private boolean replicaLoaded;
    /** The conditions the replica has been given, per table. */
    private Conditions given;
    /** monitor_cond_change requests not answered yet. */
    private int changesInFlight;
    /** The session generation of the replica's last synchronisation (-1: none yet). */
    private long syncedGeneration = -1;
    /** The last intent handed to the listeners. */
    private Intent published = Intent.EMPTY;
    private Set<String> localPorts;
    private boolean started;
    private boolean closed;
    private final Set<String> problemsLogged = new HashSet<>();
    /** What the last mapping made of each row: unchanged rows map to the same records, cheap to diff. */
    private final OvnNbMapper.Memo memo = new OvnNbMapper.Memo();

    /** The three tables' conditions. */
    private record Conditions(List<Condition> ports, List<Condition> switches, List<Condition> dhcpOptions) {
    }

    private OvnNbIntentSource(Builder b) {
        this.ownsSession = b.session == null;
        this.session = b.session != null ? b.session
                : OvsdbSession.builder(b.remotes).name("vifd-ovn-nb").database(DATABASE).leaderOnly(false)
                        .clientOptions(OvsdbClientOptions.builder().sslContext(b.sslContext).build()).build();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vifd-ovn-nb");
            t.setDaemon(true);
            return t;
        });
        this.sink = new OvnStatusSink(session, this::view, b.reportUp);
    }

    /** A source for a remote list ({@code tcp:a:6641,tcp:b:6641,tcp:c:6641}; {@code ssl:} needs {@link Builder#tls}). */
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
                given = new Conditions(NbConditions.ports(ports), NbConditions.NONE, NbConditions.NONE);
                newReplica();
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
                change(new Conditions(NbConditions.ports(copy), given.switches(), given.dhcpOptions()));
            }
            refresh();
        });
    }

    /** The current replica's view, or null before the first load; for tests and diagnostics. */
    public ReplicaView view() {
        return shown;
    }

    /** The replica now monitoring (null before {@link #start}); for tests and diagnostics. */
    Replica replica() {
        return replica;
    }

    /** How many replicas this source has created (1: conditions change in place; diagnostics). */
    public long replicasCreated() {
        return replicasCreated.get();
    }

    /** How many monitor_cond_change requests (one per table changed) this source has made. */
    public long conditionChanges() {
        return conditionChanges.get();
    }

    public OvsdbSession session() {
        return session;
    }

    @Override
    public Intent current() {
        return current;
    }

    @Override
    public void addChangeListener(Consumer<IntentChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public StatusSink statusSink() {
        return sink;
    }

    /** Gives the replica each table's condition that differs from what it has (monitor_cond_change). */
    private void change(Conditions wanted) {
        if (!wanted.ports().equals(given.ports())) {
            send(LOGICAL_SWITCH_PORT, wanted.ports());
        }
        if (!wanted.switches().equals(given.switches())) {
            send(LOGICAL_SWITCH, wanted.switches());
        }
        if (!wanted.dhcpOptions().equals(given.dhcpOptions())) {
            send(DHCP_OPTIONS, wanted.dhcpOptions());
        }
        given = wanted;
    }

    private void send(String table, List<Condition> where) {
        Replica r = replica;
        long generation = session.generation();
        // In place only if the replica is synchronised on the current connection; anything else is checked at resync.
        boolean synced = replicaLoaded && syncedGeneration == generation && session.isConnected();
        changesInFlight++;
        conditionChanges.incrementAndGet();
        LOG.debug("ovn nb: monitor_cond_change {} ({} conditions, generation {})", table, where.size(), generation);
        r.setConditions(table, where).whenComplete((v, e) -> {
            // The server sends the rows entering or leaving the condition before its reply (ovsdb-server(7)
            // monitor_cond_change), so they are already in the replica here. Confirmed only if it answered on the
            // connection the replica had synchronised on and that connection is still up.
            boolean confirmed = synced && e == null && session.generation() == generation && session.isConnected();
            try {
                executor.execute(() -> answered(r, table, confirmed, e));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closed meanwhile: nothing to do
            }
        });
    }

    private void answered(Replica r, String table, boolean confirmed, Throwable e) {
        if (r != replica || closed) {
            return;
        }
        changesInFlight--;
        if (!confirmed) {
            LOG.info("ovn nb: condition change on {} not confirmed on the synchronised connection ({}); "
                    + "the replica reloads at its next synchronisation", table, e == null ? "reconnecting" : e.toString());
        }
        refresh();
    }

    /** Creates and starts a replica with the conditions given; until it has loaded, the last view shown stays. */
    private void newReplica() {
        Replica r = Replica.builder(session, DATABASE)
                .table(LOGICAL_SWITCH_PORT, LSP_COLUMNS, given.ports())
                .table(LOGICAL_SWITCH, LS_COLUMNS, given.switches())
                .table(DHCP_OPTIONS, DHCP_COLUMNS, given.dhcpOptions())
                .build();
        long n = replicasCreated.incrementAndGet();
        replica = r;
        replicaLoaded = false;
        changesInFlight = 0;
        r.addListener(new RowListener() {
            @Override
            public void onChanges(List<RowChange> changes) {
                // only the view-carrying variant below is used
            }

            @Override
            public void onChanges(ReplicaView view, List<RowChange> changes) {
                if (r == replica && replicaLoaded && !closed) {
                    shown = view;
                    refresh();
                }
            }

            @Override
            public void onResync(ReplicaView view, Resync resync) {
                LOG.info("ovn nb replica {} synchronised ({}, {} changes, {} rows, generation {})", n, resync.kind(),
                        resync.changes(), view.size(), resync.generation());
                if (r != replica || closed) {
                    return;
                }
                syncedGeneration = resync.generation();
                replicaLoaded = true;
                shown = view;
                refresh();
            }
        }, executor);
        r.start().whenComplete((v, e) -> {
            if (e != null) {
                executor.execute(() -> {
                    if (r == replica && !closed) {
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
        Conditions deps = null;
        if (replicaLoaded) {
            Conditions wanted = new Conditions(given.ports(), NbConditions.switches(view),
                    NbConditions.dhcpOptions(view));
            deps = wanted.equals(given) ? null : wanted;
        }
        MappingResult result = OvnNbMapper.map(view, memo);
        boolean settled = localPorts != null && replicaLoaded && changesInFlight == 0 && deps == null
                && !result.hasPending();
        logProblems(result, settled);
        Intent next = keepPending(result, current, localPorts);
        current = next;
        if (settled && !ready.isDone()) {
            LOG.info("ovn nb intent ready: {}", next);
            ready.complete(next);
        }
        // Listeners hear nothing before the first complete intent: the rows arrive table by table.
        IntentChange change = ready.isDone() ? IntentChange.between(published, next) : null;
        if (change != null && !change.delta().isEmpty()) {
            published = next;
            LOG.info("ovn nb intent changed: {}, {}", next, change.delta());
            for (Consumer<IntentChange> l : listeners) {
                try {
                    l.accept(change);
                } catch (RuntimeException e) {
                    LOG.error("intent listener {} failed: {}", l, e.toString(), e);
                }
            }
        }
        if (deps != null) {
            change(deps);
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
            if (replica != null) {
                replica.close();
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
        private SslContext sslContext;

        private Builder(String remotes, OvsdbSession session) {
            this.remotes = remotes;
            this.session = session;
        }

        /** Write Logical_Switch_Port.up for wired ports (default true; off when an ovn-northd owns that column). */
        public Builder reportUp(boolean v) {
            reportUp = v;
            return this;
        }

        /**
         * TLS for {@code ssl:} remotes, as ovn-nbctl's {@code --private-key}, {@code --certificate} and
         * {@code --ca-cert}: our key and certificate (PEM), and the CA that must have signed the server's
         * (OVS's trust model: no host name check, {@link OvsdbTls}).
         *
         * @throws IllegalArgumentException naming the files, when they cannot be read as PEM key, certificate, CA
         */
        public Builder tls(Path privateKey, Path certificate, Path caCert) {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(caCert, "caCert");
            try {
                sslContext = OvsdbTls.client(privateKey, certificate, caCert);
            } catch (SSLException | RuntimeException e) {
                throw new IllegalArgumentException("ovn nb TLS: cannot use private key " + privateKey
                        + ", certificate " + certificate + ", CA certificate " + caCert + ": " + e.getMessage(), e);
            }
            return this;
        }

        public OvnNbIntentSource build() {
            if (remotes != null && sslContext == null && Remote.parseList(remotes).stream()
                    .anyMatch(r -> r.kind() == Remote.Kind.SSL)) {
                throw new IllegalArgumentException("ovn nb remotes " + remotes
                        + " include ssl: but no private key, certificate and CA certificate were given");
            }
            return new OvnNbIntentSource(this);
        }
    }
}
