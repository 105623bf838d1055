package org.vifd.ovsdb.replica;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.client.MonitorRequest;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbListener;
import org.vifd.ovsdb.client.RowUpdate;
import org.vifd.ovsdb.client.RowUpdate2;
import org.vifd.ovsdb.client.TableUpdates;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.SessionListener;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-memory copy of chosen tables and columns of one database, kept current over an {@link OvsdbSession}.
 * <ul>
 * <li>Monitors with monitor_cond_since, negotiating down to monitor_cond, then plain monitor (filtering "where"
 * conditions locally), when the server lacks a method.</li>
 * <li>After a reconnect: if the server still knows the last transaction id the replica saw (a clustered database),
 * only the changes since are applied; if not (a standalone server keeps no history), everything is reloaded and
 * diffed against what the replica holds, so listeners hear exactly the real changes.</li>
 * <li>{@link #view()} is an immutable, consistent {@link ReplicaView}; each update makes a new one.</li>
 * <li>{@link RowListener}s get one batch per update, in order, on their own executor, never dropped; then a
 * {@link Resync} marker after the initial load and after each reconnect's catch-up.</li>
 * <li>An update the replica cannot apply (a modify or delete of a row it does not hold, a malformed notification)
 * drops the connection, so that the next one resynchronises: the replica never guesses.</li>
 * </ul>
 * All work runs on the session's event loop; {@link #view()} may be read from any thread.
 */
public final class Replica implements AutoCloseable {
    private static final java.util.concurrent.atomic.AtomicLong INSTANCES = new java.util.concurrent.atomic.AtomicLong();

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final OvsdbSession session;
    private final String database;
    private final Map<String, TableSpec> specs;
    private final Set<String> declaredIndexes;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ReplicaView> loaded = new CompletableFuture<>();
    private final SessionListener sessionListener = new SessionListener() {
        @Override
        public void onConnected(OvsdbClient client, long generation) {
            startMonitor(client, generation);
        }

        @Override
        public void onDisconnected(long generation, Throwable cause) {
            active = null;
        }
    };
    private volatile ReplicaView view;
    private volatile MonitorMethod method;
    private volatile Uuid lastTxnId;
    /**
     * Condition changes made ({@code conditionEpoch}) and confirmed by the server ({@code confirmedEpoch}); loop-owned.
     * While they differ, a catch-up from {@link #lastTxnId} would miss rows that newly match a condition without
     * having changed since, so the next monitor reloads in full and diffs instead.
     */
    private long conditionEpoch;
    private long confirmedEpoch;
    private volatile Resync lastResync;
    /** How many times the replica caught up each way (index: {@link Resync.Kind#ordinal()}). */
    private final java.util.concurrent.atomic.AtomicLongArray resyncCounts =
            new java.util.concurrent.atomic.AtomicLongArray(Resync.Kind.values().length);

    // ---- owned by the session's loop ----
    private Monitor active;
    private long monitorSeq;
    /** Monitor ids are per connection: replicas sharing a session must not reuse each other's. */
    private final long instance = INSTANCES.incrementAndGet();
    private boolean hasLoaded;
    private boolean started;
    private boolean closed;

    private Replica(Builder b) {
        this.session = b.session;
        this.database = b.database;
        this.specs = new LinkedHashMap<>(b.specs);
        this.declaredIndexes = Set.copyOf(b.indexes);
        this.view = ReplicaView.empty(specs.keySet(), declaredIndexes);
        b.listeners.forEach(d -> deliveries.add(new Delivery(d.listener, d.executor)));
    }

    public static Builder builder(OvsdbSession session, String database) {
        return new Builder(session, database);
    }

    public String database() {
        return database;
    }

    /** The current state (immutable; empty until loaded). */
    public ReplicaView view() {
        return view;
    }

    /** The monitor method of the current (or last) connection, null before the first reply. */
    public MonitorMethod method() {
        return method;
    }

    /** The last transaction id seen (monitor_cond_since only; all-zero from a standalone server), or null. */
    public Uuid lastTxnId() {
        return lastTxnId;
    }

    /**
     * How many times the replica has caught up with a connection {@code kind}'s way: {@link Resync.Kind#CHANGES_SINCE}
     * counts resumes where the server still knew our last transaction (only the changes since were sent),
     * {@link Resync.Kind#RELOAD_DIFF} full reloads diffed against what we held.
     */
    public long resyncCount(Resync.Kind kind) {
        return resyncCounts.get(kind.ordinal());
    }

    /** The marker of the latest catch-up (also handed to listeners), or null before the first load. */
    public Resync lastResync() {
        return lastResync;
    }

    /** Completes once the first load is done (with that view). */
    public CompletableFuture<ReplicaView> loaded() {
        return loaded;
    }

    /**
     * Starts monitoring (and starts the session if it was not): answers the view after the initial load. Fails if
     * the server cannot serve what was asked (unknown database or table).
     */
    public CompletableFuture<ReplicaView> start() {
        session.eventLoop().execute(() -> {
            if (!started && !closed) {
                started = true;
                session.addListener(sessionListener);
                session.start();
            }
        });
        return loaded;
    }

    /**
     * Adds a listener whose callbacks run on {@code executor}, in order. If the replica has loaded, the listener first
     * gets the current contents as one batch of inserts and a {@link Resync.Kind#INITIAL} marker.
     */
    public void addListener(RowListener listener, Executor executor) {
        Delivery d = new Delivery(listener, executor);
        session.eventLoop().execute(() -> {
            deliveries.add(d);
            if (hasLoaded) {
                ReplicaView v = view;
                List<RowChange> all = new ArrayList<>();
                v.tableNames().forEach(t -> v.table(t).forEach((uuid, row) -> all.add(RowChange.insert(t, uuid, row))));
                if (!all.isEmpty()) {
                    d.changes(v, all);
                }
                d.resync(v, new Resync(Resync.Kind.INITIAL, v.generation(), all.size()));
            }
        });
    }

    public void removeListener(RowListener listener) {
        deliveries.removeIf(d -> d.listener == listener);
    }

    /**
     * Replaces the "where" conditions of one table (null: all rows). With monitor_cond(_since) this is a
     * monitor_cond_change (ovsdb-server(7)); rows entering or leaving the condition arrive as inserts and deletes.
     * With plain monitor the replica reloads and filters locally. Completes when the server has accepted the change
     * (or at once while disconnected: the next connection uses the new conditions).
     */
    public CompletableFuture<Void> setConditions(String table, List<Condition> where) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        session.eventLoop().execute(() -> {
            TableSpec spec = specs.get(table);
            if (spec == null) {
                done.completeExceptionally(new IllegalArgumentException("table " + table + " is not monitored by this replica"));
                return;
            }
            specs.put(table, spec.withWhere(where));
            long epoch = ++conditionEpoch;
            Monitor m = active;
            if (m == null) {
                done.complete(null);
            } else if (m.replied && m.method != MonitorMethod.MONITOR && m.columns.containsKey(table)) {
                // monitor_cond_change may change only the condition: ovsdb-server refuses "columns" there
                // ("changing columns is unsupported", ovsdb-server(7) monitor_cond_change).
                MonitorRequest req = new MonitorRequest(null, null, where);
                LOG.info("replica {} monitor {} condition change on {}", database, m.id, table);
                m.client.monitorCondChange(m.id, m.id, Map.of(table, req)).whenComplete((v, e) -> onLoop(() -> {
                    if (e != null) {
                        // The server's condition is now unknown: start again, reloading in full (epochs differ).
                        LOG.warn("replica {} monitor {} condition change on {} failed ({}), monitoring again", database,
                                m.id, table, e.getMessage());
                        if (active == m && m.client.isActive()) {
                            startMonitor(m.client, m.generation);
                        }
                        done.completeExceptionally(e);
                    } else {
                        if (active == m && confirmedEpoch == epoch - 1) {
                            confirmedEpoch = epoch;
                        }
                        done.complete(null);
                    }
                }));
            } else {
                // Plain monitor, or the first reply is still on its way: ask again from scratch and diff.
                startMonitor(m.client, m.generation);
                done.complete(null);
            }
        });
        return done;
    }

    @Override
    public void close() {
        session.eventLoop().execute(() -> {
            closed = true;
            session.removeListener(sessionListener);
            Monitor m = active;
            active = null;
            if (m != null && m.client.isActive() && m.replied) {
                m.client.monitorCancel(m.id);
            }
            if (!loaded.isDone()) {
                loaded.completeExceptionally(new ConnectionClosedException("replica of " + database + " closed before it loaded"));
            }
        });
    }

    // ---- monitoring ----

    /** One monitor on one connection. */
    private static final class Monitor {
        final OvsdbClient client;
        final long generation;
        String id;
        MonitorMethod method;
        Schema schema;
        Map<String, List<String>> columns;
        /** Per table: the normal form of its rows, "_uuid" and then {@link #columns}. */
        Map<String, Row.Shape> shapes;
        boolean replied;
        /** The {@link #conditionEpoch} whose conditions this monitor's request carried. */
        long requestedEpoch;
        final List<Runnable> buffered = new ArrayList<>();

        Monitor(OvsdbClient client, long generation) {
            this.client = client;
            this.generation = generation;
        }
    }

    private void startMonitor(OvsdbClient client, long generation) {
        if (closed) {
            return;
        }
        Monitor previous = active;
        Monitor m = new Monitor(client, generation);
        active = m;
        if (previous != null && previous.client == client && previous.replied) {
            client.monitorCancel(previous.id);
        }
        client.addListener(new OvsdbListener() {
            @Override
            public void onUpdate(String monitorId, TableUpdates<RowUpdate> updates) {
                onNotification(m, monitorId, () -> applyUpdates(m, toChanges1(m, updates), false));
            }

            @Override
            public void onUpdate2(String monitorId, TableUpdates<RowUpdate2> updates) {
                onNotification(m, monitorId, () -> applyUpdates(m, toChanges2(m, updates), false));
            }

            @Override
            public void onUpdate3(String monitorId, Uuid last, TableUpdates<RowUpdate2> updates) {
                onNotification(m, monitorId, () -> {
                    applyUpdates(m, toChanges2(m, updates), false);
                    lastTxnId = last;
                });
            }
        });
        client.getSchema(database).whenComplete((schema, e) -> onLoop(() -> {
            if (active != m) {
                return;
            }
            if (e != null) {
                monitorFailed(m, e);
                return;
            }
            m.schema = schema;
            Map<String, List<String>> columns = new LinkedHashMap<>();
            for (TableSpec spec : specs.values()) {
                TableSchema ts = schema.table(spec.table);
                if (ts == null) {
                    monitorFailed(m, new OvsdbException(OvsdbError.NOT_SUPPORTED.name(), "database " + database
                            + " has no table " + spec.table));
                    return;
                }
                List<String> cols = new ArrayList<>();
                if (spec.columns == null) {
                    ts.columns().keySet().stream().filter(c -> !c.startsWith("_")).forEach(cols::add);
                } else {
                    for (String c : spec.columns) {
                        if (ts.column(c) == null) {
                            // Tolerate an older server schema: monitor what it has; the row holds the column's default.
                            LOG.warn("replica {}: server schema {} has no column {}.{}, not monitoring it", database,
                                    schema.version(), spec.table, c);
                        } else {
                            cols.add(c);
                        }
                    }
                }
                columns.put(spec.table, List.copyOf(cols));
            }
            m.columns = columns;
            Map<String, Row.Shape> shapes = new HashMap<>();
            columns.forEach((table, cols) -> {
                Set<String> names = new LinkedHashSet<>();   // (a column named twice, or "_uuid" asked for, once)
                names.add(TableSchema.UUID_COLUMN);
                names.addAll(cols);
                shapes.put(table, Row.Shape.of(List.copyOf(names)));
            });
            m.shapes = shapes;
            request(m, MonitorMethod.MONITOR_COND_SINCE);
        }));
    }

    private void onLoop(Runnable r) {
        if (session.eventLoop().inEventLoop()) {
            r.run();
        } else {
            session.eventLoop().execute(r);
        }
    }

    private void onNotification(Monitor m, String monitorId, Runnable apply) {
        onLoop(() -> {
            if (active != m || !monitorId.equals(m.id)) {
                return;
            }
            if (m.replied) {
                apply.run();
            } else {
                m.buffered.add(apply);
            }
        });
    }

    private Map<String, MonitorRequest> requests(Monitor m, boolean conditional) {
        Map<String, MonitorRequest> reqs = new LinkedHashMap<>();
        m.columns.forEach((table, cols) -> {
            List<Condition> where = specs.get(table).where;
            reqs.put(table, new MonitorRequest(cols, null, conditional ? where : null));
        });
        return reqs;
    }

    private void request(Monitor m, MonitorMethod method) {
        m.method = method;
        m.requestedEpoch = conditionEpoch;
        // Catch up from the last transaction only when the server already had every condition we hold.
        Uuid since = hasLoaded && conditionEpoch == confirmedEpoch ? lastTxnId : null;
        m.id = "vifd-replica-" + instance + "-" + (++monitorSeq);
        LOG.info("replica {} monitor {} with {} (generation {})", database, m.id, method.wire(), m.generation);
        switch (method) {
            case MONITOR_COND_SINCE -> m.client.monitorCondSince(database, m.id, requests(m, true), since, m.shapes)
                    .whenComplete((r, e) -> onLoop(() -> {
                        if (e != null) {
                            fallBack(m, method, e, MonitorMethod.MONITOR_COND);
                        } else {
                            onReply(m, r.found(), r.lastTxnId(), () -> toChanges2(m, r.updates()));
                        }
                    }));
            case MONITOR_COND -> m.client.monitorCond(database, m.id, requests(m, true), m.shapes).whenComplete((r, e) -> onLoop(() -> {
                if (e != null) {
                    fallBack(m, method, e, MonitorMethod.MONITOR);
                } else {
                    onReply(m, false, null, () -> toChanges2(m, r));
                }
            }));
            case MONITOR -> m.client.monitor(database, m.id, requests(m, false)).whenComplete((r, e) -> onLoop(() -> {
                if (e != null) {
                    monitorFailed(m, e);
                } else {
                    onReply(m, false, null, () -> toChanges1(m, r));
                }
            }));
        }
    }

    private void fallBack(Monitor m, MonitorMethod tried, Throwable e, MonitorMethod next) {
        if (active != m) {
            return;
        }
        if (e instanceof OvsdbException oe && !(e instanceof ConnectionClosedException)
                && (OvsdbError.UNKNOWN_METHOD.equals(oe.kind()) || OvsdbError.NOT_SUPPORTED.equals(oe.kind()))) {
            LOG.info("replica {}: server lacks {} ({}), trying {}", database, tried.wire(), oe.getMessage(), next.wire());
            request(m, next);
        } else {
            monitorFailed(m, e);
        }
    }

    private void monitorFailed(Monitor m, Throwable e) {
        if (active != m) {
            return;
        }
        if (e instanceof ConnectionClosedException) {
            return; // the session reconnects, and we start again there
        }
        LOG.warn("replica {} monitor {} failed on generation {}: {}", database, m.id, m.generation, e.getMessage());
        if (!hasLoaded) {
            loaded.completeExceptionally(e);
        }
    }

    /** The reply to our monitor request: catch up, then apply what arrived meanwhile. */
    private void onReply(Monitor m, boolean found, Uuid last, java.util.function.Supplier<List<Change>> contents) {
        if (active != m) {
            return;
        }
        method = m.method;
        List<Change> decoded;
        try {
            decoded = contents.get();
        } catch (InconsistentUpdateException e) {
            resyncNeeded(m, e.getMessage());
            return;
        }
        Resync.Kind kind;
        int n;
        if (found && hasLoaded) {
            kind = Resync.Kind.CHANGES_SINCE;
            n = applyUpdates(m, decoded, false);
        } else {
            kind = hasLoaded ? Resync.Kind.RELOAD_DIFF : Resync.Kind.INITIAL;
            n = applyUpdates(m, decoded, true);
        }
        if (n < 0) {
            return;
        }
        if (last != null) {
            lastTxnId = last;
        }
        m.replied = true;
        hasLoaded = true;
        confirmedEpoch = m.requestedEpoch;
        ReplicaView v = view;
        LOG.info("replica {} monitor {} synchronised ({}, {} changes, {} rows, generation {})", database, m.id, kind, n, v.size(),
                m.generation);
        Resync marker = new Resync(kind, m.generation, n);
        resyncCounts.incrementAndGet(kind.ordinal());
        lastResync = marker;
        deliveries.forEach(d -> d.resync(v, marker));
        for (Runnable r : m.buffered) {
            if (active != m) {
                break;
            }
            r.run();
        }
        m.buffered.clear();
        loaded.complete(v);
    }

    /** One row update as received, not yet applied: {@code row} is the full new row, or for MODIFY2 an update2 diff. */
    private record Change(String table, Uuid uuid, Op op, Row row) {
    }

    private enum Op {
        PUT, MODIFY_DIFF, MODIFY_MERGE, DELETE
    }

    private static final class InconsistentUpdateException extends RuntimeException {
        InconsistentUpdateException(String message) {
            super(message, null, false, false);
        }
    }

    private List<Change> toChanges2(Monitor m, TableUpdates<RowUpdate2> updates) {
        List<Change> out = new ArrayList<>(updates.size());
        updates.tables().forEach((table, rows) -> rows.forEach((uuid, u) -> out.add(new Change(table, uuid, switch (u.kind()) {
            case INITIAL, INSERT -> Op.PUT;
            case MODIFY -> Op.MODIFY_DIFF;
            case DELETE -> Op.DELETE;
        }, u.row()))));
        return out;
    }

    private List<Change> toChanges1(Monitor m, TableUpdates<RowUpdate> updates) {
        List<Change> out = new ArrayList<>(updates.size());
        updates.tables().forEach((table, rows) -> rows.forEach((uuid, u) -> {
            if (u.newRow() == null) {
                out.add(new Change(table, uuid, Op.DELETE, null));
            } else if (u.oldRow() == null) {
                out.add(new Change(table, uuid, Op.PUT, u.newRow()));
            } else {
                out.add(new Change(table, uuid, Op.MODIFY_MERGE, u.newRow()));
            }
        }));
        return out;
    }

    /**
     * Applies one update (or, with {@code full}, replaces the monitored tables with the given contents and diffs),
     * publishes the new view, and hands the batch to the listeners. Answers the number of changes, or -1 when the
     * update could not be applied (the connection is then dropped to resync).
     */
    private int applyUpdates(Monitor m, List<Change> changes, boolean full) {
        if (active != m) {
            return -1;
        }
        ReplicaView before = view;
        // Copy-on-write per table, and within a table per shard: an update copies only the shards it touches.
        Map<String, ShardedMap.Editor<Uuid, Row>> working = new HashMap<>();
        Map<String, List<RowChange>> byTable = new LinkedHashMap<>();
        List<RowChange> batch = new ArrayList<>(full ? changes.size() : 16);
        // Tables of a full reload that held nothing before: each row is an insert, recorded as it is put (no diff).
        Set<String> fresh = new HashSet<>();
        if (full) {
            Map<String, int[]> sizes = new HashMap<>();
            for (Change c : changes) {
                sizes.computeIfAbsent(c.table(), t -> new int[1])[0]++;
            }
            for (String t : m.columns.keySet()) {
                int n = sizes.getOrDefault(t, new int[1])[0];
                working.put(t, ShardedMap.editEmpty(n));
                if (before.rawTable(t).isEmpty()) {
                    fresh.add(t);
                    byTable.put(t, new ArrayList<>(n));
                }
            }
        }
        try {
            for (Change change : changes) {
                Change c = change;
                Row.Shape shape = m.shapes.get(c.table());
                if (shape == null) {
                    continue;
                }
                TableSchema ts = m.schema.table(c.table());
                ShardedMap.Editor<Uuid, Row> table = working.get(c.table());
                if (table == null) {
                    table = ShardedMap.edit(before.rawTable(c.table()));
                    working.put(c.table(), table);
                }
                Row old = full ? null : table.get(c.uuid());
                boolean localFilter = m.method == MonitorMethod.MONITOR && specs.get(c.table()).where != null;
                if (old == null && localFilter && c.op() == Op.DELETE) {
                    continue;   // a row we filtered out locally
                }
                if (old == null && localFilter && c.op() == Op.MODIFY_MERGE) {
                    // RFC 7047 §4.1.6: "new" holds the whole row, so a row entering our local condition can be taken whole.
                    c = new Change(c.table(), c.uuid(), Op.PUT, c.row());
                }
                Row next = switch (c.op()) {
                    case PUT -> RowDiffs.normalize(c.uuid(), c.row(), shape, ts);
                    case DELETE -> {
                        if (old == null) {
                            throw new InconsistentUpdateException("delete of " + c.table() + " " + c.uuid() + ", a row the replica does not hold");
                        }
                        yield null;
                    }
                    case MODIFY_DIFF, MODIFY_MERGE -> {
                        if (old == null) {
                            throw new InconsistentUpdateException("modify of " + c.table() + " " + c.uuid() + ", a row the replica does not hold");
                        }
                        Row merged = c.op() == Op.MODIFY_DIFF ? RowDiffs.applyDiff(old, c.row(), ts) : old.with(c.row());
                        yield RowDiffs.normalize(c.uuid(), merged, shape, ts);
                    }
                };
                if (next != null && m.method == MonitorMethod.MONITOR && !matches(specs.get(c.table()).where, next)) {
                    next = null; // plain monitor: the server cannot filter, so we do
                }
                if (next == null) {
                    if (old != null) {
                        table.remove(c.uuid());
                        record(byTable, batch, RowChange.delete(c.table(), c.uuid(), old));
                    }
                } else {
                    table.put(c.uuid(), next);
                    if (full && fresh.contains(c.table())) {
                        record(byTable, batch, RowChange.insert(c.table(), c.uuid(), next));
                    } else if (!full) {
                        if (old == null) {
                            record(byTable, batch, RowChange.insert(c.table(), c.uuid(), next));
                        } else if (!old.equals(next)) {
                            record(byTable, batch, RowChange.modify(c.table(), c.uuid(), old, next));
                        }
                    }
                }
            }
        } catch (InconsistentUpdateException e) {
            resyncNeeded(m, e.getMessage());
            return -1;
        }
        Map<String, Map<Uuid, Row>> frozen = new HashMap<>();
        working.forEach((t, rows) -> frozen.put(t, rows.freeze()));
        if (full) {
            // Diff what the server holds against what we held: only real changes reach the listeners.
            frozen.forEach((t, now) -> {
                if (fresh.contains(t)) {
                    return;   // recorded above
                }
                Map<Uuid, Row> was = before.table(t);
                now.forEach((uuid, row) -> {
                    Row old = was.get(uuid);
                    if (old == null) {
                        record(byTable, batch, RowChange.insert(t, uuid, row));
                    } else if (!old.equals(row)) {
                        record(byTable, batch, RowChange.modify(t, uuid, old, row));
                    }
                });
                was.forEach((uuid, row) -> {
                    if (!now.containsKey(uuid)) {
                        record(byTable, batch, RowChange.delete(t, uuid, row));
                    }
                });
            });
        }
        ReplicaView after = before.next(m.generation, frozen, byTable);
        view = after;
        if (!batch.isEmpty()) {
            List<RowChange> immutable = List.copyOf(batch);
            deliveries.forEach(d -> d.changes(after, immutable));
        }
        return batch.size();
    }

    private boolean matches(List<Condition> where, Row row) {
        try {
            return ConditionMatcher.matchesAny(where, row);
        } catch (RuntimeException e) {
            LOG.warn("replica {}: condition {} cannot be evaluated locally ({}), keeping the row", database, where, e.getMessage());
            return true;
        }
    }

    private static void record(Map<String, List<RowChange>> byTable, List<RowChange> batch, RowChange c) {
        byTable.computeIfAbsent(c.table(), t -> new ArrayList<>()).add(c);
        batch.add(c);
    }

    private void resyncNeeded(Monitor m, String why) {
        LOG.warn("replica {} monitor {} closing connection {} to resynchronise: {}", database, m.id, m.client.remoteAddress(), why);
        active = null;
        m.client.close();
    }

    /** Hands batches to one listener on its executor, in order, never dropping one. */
    private final class Delivery {
        final RowListener listener;
        final Executor executor;
        final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Delivery(RowListener listener, Executor executor) {
            this.listener = Objects.requireNonNull(listener, "listener");
            this.executor = Objects.requireNonNull(executor, "executor");
        }

        void changes(ReplicaView v, List<RowChange> batch) {
            enqueue(() -> listener.onChanges(v, batch));
        }

        void resync(ReplicaView v, Resync r) {
            enqueue(() -> listener.onResync(v, r));
        }

        private void enqueue(Runnable r) {
            queue.add(r);
            kick();
        }

        private void kick() {
            if (scheduled.compareAndSet(false, true)) {
                try {
                    executor.execute(this::drain);
                } catch (RuntimeException e) {
                    scheduled.set(false);
                    LOG.error("replica {}: listener executor refused delivery ({} batches waiting, kept): {}", database, queue.size(),
                            e.toString());
                }
            }
        }

        private void drain() {
            Runnable r;
            while ((r = queue.poll()) != null) {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("replica {}: listener {} failed: {}", database, listener, e.toString(), e);
                }
            }
            scheduled.set(false);
            if (!queue.isEmpty()) {
                kick();
            }
        }
    }

    /** What to monitor of one table. */
    private record TableSpec(String table, List<String> columns, List<Condition> where) {
        TableSpec withWhere(List<Condition> w) {
            return new TableSpec(table, columns, w == null ? null : List.copyOf(w));
        }
    }

    /** Builds a replica. */
    public static final class Builder {
        private final OvsdbSession session;
        private final String database;
        private final Map<String, TableSpec> specs = new LinkedHashMap<>();
        private final Set<String> indexes = new LinkedHashSet<>();
        private final List<ListenerSpec> listeners = new ArrayList<>();

        private record ListenerSpec(RowListener listener, Executor executor) {
        }

        private Builder(OvsdbSession session, String database) {
            this.session = Objects.requireNonNull(session, "session");
            this.database = Objects.requireNonNull(database, "database");
        }

        /** Monitors these columns of {@code table} (none: every column of the server's schema). */
        public Builder table(String table, String... columns) {
            return table(table, columns.length == 0 ? null : List.of(columns), null);
        }

        /** Monitors these columns (null: all) of the rows of {@code table} that match any of {@code where} (null: all rows). */
        public Builder table(String table, List<String> columns, List<Condition> where) {
            specs.put(Objects.requireNonNull(table, "table"), new TableSpec(table, columns == null ? null : List.copyOf(columns),
                    where == null ? null : List.copyOf(where)));
            return this;
        }

        /** Keeps an index of {@code table} by {@code column} up to date with each update (others are built on demand). */
        public Builder index(String table, String column) {
            indexes.add(ReplicaView.indexKey(table, column));
            return this;
        }

        /** A listener registered before start: it hears the initial load as one batch of inserts. */
        public Builder listener(RowListener listener, Executor executor) {
            listeners.add(new ListenerSpec(listener, executor));
            return this;
        }

        public Replica build() {
            if (specs.isEmpty()) {
                throw new IllegalStateException("a replica needs at least one table");
            }
            return new Replica(this);
        }
    }
}
