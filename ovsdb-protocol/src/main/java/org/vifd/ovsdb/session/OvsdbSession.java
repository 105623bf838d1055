package org.vifd.ovsdb.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.NotConnectedException;
import org.vifd.ovsdb.OutcomeUnknownException;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.client.MonitorRequest;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.client.OvsdbClientOptions;
import org.vifd.ovsdb.client.OvsdbListener;
import org.vifd.ovsdb.client.RowUpdate;
import org.vifd.ovsdb.client.TableUpdates;
import org.vifd.ovsdb.transport.OvsdbConnector;
import org.vifd.ovsdb.transport.OvsdbPipeline;
import org.vifd.ovsdb.transport.Remote;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * A connection to an OVSDB server that stays up: it owns one {@link OvsdbClient} after another, reconnecting with
 * backoff ({@link Reconnect}), like a jsonrpc session under OVS lib/ovsdb-cs.c.
 * <ul>
 * <li>Remote lists ({@code "tcp:a:6641,tcp:b:6641"}) are tried in turn. With a {@code database}, each member is
 * checked through the {@code _Server} database (ovsdb-server(7)): a clustered member that is not connected to its
 * cluster, is stale (its log index is behind one already seen), or — with {@code leaderOnly}, the default — is not the
 * leader, is skipped, and a member that stops being fit later is left.</li>
 * <li>Each connection bumps {@link #generation()}. Listeners hear {@code onConnected} (then re-establish their
 * monitors: a new connection starts from get_schema) and {@code onDisconnected}. Locks asked for through the session
 * are asked for again on every new connection.</li>
 * <li>{@link #transact} fails with {@link NotConnectedException} (outcome known: nothing sent) while disconnected and
 * with {@link OutcomeUnknownException} when the connection ends before the reply: the session never resends.</li>
 * <li>Inactivity probe: echo after {@code probeInterval} of silence, disconnect after another (half-open detection).</li>
 * </ul>
 * All state lives on one event loop ({@link #eventLoop()}), which also carries every connection's I/O, so listener
 * callbacks, client callbacks and replica updates arrive on one thread, in order. Thread-safe to call from anywhere.
 */
public final class OvsdbSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);
    private static final String SERVER_DB = "_Server";
    private static final String ACTIVITY = "ovsdb-session-activity";

    private final String name;
    private final List<Remote> remotes;
    private final String database;
    private final boolean leaderOnly;
    private final OvsdbClientOptions clientOptions;
    private final EventLoop loop;
    private final LongSupplier clock;
    private final Reconnect reconnect;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();

    // ---- owned by the loop ----
    private final Set<String> wantedLocks = new LinkedHashSet<>();
    private final Set<String> heldLocks = new LinkedHashSet<>();
    private final List<CompletableFuture<OvsdbClient>> waitingForConnection = new ArrayList<>();
    private ScheduledFuture<?> timer;
    private int nextRemote;
    private int triesThisRound;
    private long attemptSeq;
    private OvsdbClient pending;        // connected, being checked
    private long maxIndexSeen = -1;
    private boolean started;
    private boolean closed;
    private volatile OvsdbClient current;
    private volatile long generation;

    private OvsdbSession(Builder b) {
        this.remotes = List.copyOf(b.remotes);
        this.name = b.name != null ? b.name : String.join(",", remotes.stream().map(Remote::toString).toList());
        this.database = b.database;
        this.leaderOnly = b.leaderOnly;
        this.loop = (b.clientOptions.eventLoopGroup() != null ? b.clientOptions.eventLoopGroup() : OvsdbConnector.sharedGroup()).next();
        // The session probes through Reconnect; the client's own idle probe is off. All channels share the loop.
        this.clientOptions = b.clientOptions.toBuilder().eventLoopGroup(loop).probeInterval(Duration.ZERO)
                .connectTimeout(b.reconnect.connectTimeout()).build();
        this.clock = b.clock;
        this.reconnect = new Reconnect(name, b.reconnect, b.random);
    }

    /** A session for one remote or a comma-separated list (a cluster's members). */
    public static Builder builder(String remotes) {
        return new Builder(Remote.parseList(remotes));
    }

    public static Builder builder(List<Remote> remotes) {
        return new Builder(remotes);
    }

    public String name() {
        return name;
    }

    /** The database the session checks members for (may be null: no _Server check). */
    public String database() {
        return database;
    }

    /** The event loop that owns this session: listener callbacks run here. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** Counts connections made: 0 before the first, then 1, 2, … */
    public long generation() {
        return generation;
    }

    /** The client of the current connection, or null while disconnected. */
    public OvsdbClient currentClient() {
        return current;
    }

    public boolean isConnected() {
        OvsdbClient c = current;
        return c != null && c.isActive();
    }

    /** Adds a listener; if the session is connected now, it hears {@code onConnected} for the current connection at once (on the loop). */
    public OvsdbSession addListener(SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        onLoop(() -> {
            listeners.add(listener);
            OvsdbClient c = current;
            if (c != null) {
                listener.onConnected(c, generation);
            }
        });
        return this;
    }

    public void removeListener(SessionListener listener) {
        listeners.remove(listener);
    }

    /** Starts connecting (idempotent); answers the first connected client (as {@link #awaitConnected()}). */
    public CompletableFuture<OvsdbClient> start() {
        CompletableFuture<OvsdbClient> f = awaitConnected();
        onLoop(() -> {
            if (!started && !closed) {
                started = true;
                reconnect.enable(clock.getAsLong());
                tick();
            }
        });
        return f;
    }

    /** Completes with the current client once connected (at once when connected now); fails if the session closes first. */
    public CompletableFuture<OvsdbClient> awaitConnected() {
        CompletableFuture<OvsdbClient> f = new CompletableFuture<>();
        onLoop(() -> {
            if (closed) {
                f.completeExceptionally(new NotConnectedException("session " + name + " is closed"));
            } else if (current != null) {
                f.complete(current);
            } else {
                waitingForConnection.add(f);
            }
        });
        return f;
    }

    /**
     * Sends a transaction on the current connection. Fails with {@link NotConnectedException} (outcome known: not
     * sent) when there is none, and with {@link OutcomeUnknownException} when the connection ends before the reply
     * (it may have committed). Other failures are the client's (server errors, schema violations).
     */
    public CompletableFuture<TransactResult> transact(Transaction tx) {
        OvsdbClient c = current;
        long gen = generation;
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("session " + name + " is not connected (generation "
                    + gen + "): transaction not sent"));
        }
        CompletableFuture<TransactResult> out = new CompletableFuture<>();
        c.transact(tx).whenComplete((r, e) -> {
            if (e == null) {
                out.complete(r);
            } else if (e instanceof ConnectionClosedException cc && !cc.outcomeKnown()) {
                out.completeExceptionally(new OutcomeUnknownException("connection " + c.remoteAddress() + " of session " + name
                        + " (generation " + gen + ") ended before the reply: the transaction may have committed", gen, e));
            } else {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    // ---- RFC 7047 §4.1.8 locks, kept across reconnects ----

    /** Asks for a lock now and after every reconnect until {@link #unlock}; true if held at once, else {@code onLocked} tells. */
    public CompletableFuture<Boolean> lock(String lockId) {
        return lockCall(lockId, false);
    }

    /** Steals a lock (the holder gets "stolen"); it stays wanted: after a reconnect it is asked for with "lock". */
    public CompletableFuture<Boolean> steal(String lockId) {
        return lockCall(lockId, true);
    }

    public CompletableFuture<Void> unlock(String lockId) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        onLoop(() -> {
            wantedLocks.remove(lockId);
            heldLocks.remove(lockId);
            OvsdbClient c = current;
            if (c == null) {
                out.complete(null);
            } else {
                forward(c.unlock(lockId), out);
            }
        });
        return out;
    }

    /** Whether this session holds the lock now (as far as the server told it). */
    public boolean holdsLock(String lockId) {
        return heldLocksSnapshot().contains(lockId);
    }

    private volatile Set<String> heldView = Set.of();

    private Set<String> heldLocksSnapshot() {
        return heldView;
    }

    private CompletableFuture<Boolean> lockCall(String lockId, boolean steal) {
        Objects.requireNonNull(lockId, "lockId");
        CompletableFuture<Boolean> out = new CompletableFuture<>();
        onLoop(() -> {
            boolean alreadyAsked = !wantedLocks.add(lockId);
            OvsdbClient c = current;
            if (c == null) {
                out.completeExceptionally(new NotConnectedException("session " + name + " is not connected: "
                        + (steal ? "steal" : "lock") + " of " + lockId + " will be asked for on connect"));
                return;
            }
            long gen = generation;
            // ovsdb-server refuses a steal while this session's own lock request is pending: "must issue unlock before new steal".
            CompletableFuture<Boolean> asked = steal && alreadyAsked
                    ? c.unlock(lockId).thenCompose(x -> requestLock(c, gen, lockId, true))
                    : requestLock(c, gen, lockId, steal);
            asked.whenComplete((held, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(held);
                }
            });
        });
        return out;
    }

    private CompletableFuture<Boolean> requestLock(OvsdbClient c, long gen, String lockId, boolean steal) {
        CompletableFuture<Boolean> f = steal ? c.steal(lockId) : c.lock(lockId);
        return f.whenComplete((held, e) -> onLoop(() -> {
            if (e == null && Boolean.TRUE.equals(held) && gen == generation && wantedLocks.contains(lockId)) {
                lockGranted(lockId);
            }
        }));
    }

    private void lockGranted(String lockId) {
        if (heldLocks.add(lockId)) {
            heldView = Set.copyOf(heldLocks);
            LOG.info("ovsdb session {} holds lock {} (generation {})", name, lockId, generation);
            listeners.forEach(l -> l.onLocked(lockId));
        }
    }

    private void lockLost(String lockId) {
        if (heldLocks.remove(lockId)) {
            heldView = Set.copyOf(heldLocks);
            LOG.warn("ovsdb session {} lock {} stolen (generation {})", name, lockId, generation);
            listeners.forEach(l -> l.onStolen(lockId));
        }
    }

    /** Drops the current connection (or attempt) and reconnects after the backoff, moving on to the next remote. */
    public void forceReconnect(String why) {
        onLoop(() -> {
            OvsdbClient c = current != null ? current : pending;
            LOG.info("ovsdb session {} reconnecting: {}", name, why);
            if (c != null) {
                c.close();
            }
        });
    }

    @Override
    public void close() {
        onLoop(() -> {
            if (closed) {
                return;
            }
            closed = true;
            reconnect.disable(clock.getAsLong());
            if (timer != null) {
                timer.cancel(false);
            }
            OvsdbClient c = current != null ? current : pending;
            if (c != null) {
                c.close();
            }
            NotConnectedException e = new NotConnectedException("session " + name + " closed");
            waitingForConnection.forEach(f -> f.completeExceptionally(e));
            waitingForConnection.clear();
        });
    }

    // ---- the loop ----

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(v);
            }
        });
    }

    /** Runs the state machine, acts on its answer, and sets the timer for the next run. */
    private void tick() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        Reconnect.Action action = reconnect.run(now);
        switch (action) {
            case CONNECT -> {
                triesThisRound = 0;
                reconnect.connecting(now);
                connectNext();
            }
            case PROBE -> {
                OvsdbClient c = current;
                if (c != null) {
                    c.echo();
                }
            }
            case DISCONNECT -> {
                if (current != null) {
                    current.close();   // the close future reports the disconnect
                } else {
                    attemptSeq++;       // forget the attempt in progress
                    if (pending != null) {
                        pending.close();
                        pending = null;
                    }
                    reconnect.connectFailed(now, new OvsdbException(OvsdbError.TIMED_OUT.name(), "connect timed out"));
                }
            }
            default -> {
            }
        }
        schedule();
    }

    private void schedule() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        long wait = reconnect.timeout(clock.getAsLong());
        if (wait != Long.MAX_VALUE && !closed) {
            timer = loop.schedule(this::tick, Math.max(1, wait), TimeUnit.MILLISECONDS);
        }
    }

    private void connectNext() {
        Remote remote = remotes.get(Math.floorMod(nextRemote++, remotes.size()));
        triesThisRound++;
        long seq = ++attemptSeq;
        LOG.info("ovsdb session {} connecting to {}", name, remote);
        OvsdbClient.connect(remote, clientOptions).whenComplete((client, err) -> onLoop(() -> {
            if (seq != attemptSeq || closed) {
                if (client != null) {
                    client.close();
                }
                return;
            }
            if (err != null) {
                attemptFailed(remote, err);
                return;
            }
            pending = client;
            client.channel().pipeline().addBefore(OvsdbPipeline.RPC, ACTIVITY, new ActivityHandler());
            checkMember(client, remote).whenComplete((unfit, e) -> onLoop(() -> {
                if (seq != attemptSeq || closed) {
                    client.close();
                    return;
                }
                pending = null;
                String problem = e != null ? "check failed: " + e.getMessage() : unfit;
                if (problem != null || !client.isActive()) {
                    client.close();
                    attemptFailed(remote, new OvsdbException(OvsdbError.CONNECT_FAILED.name(),
                            "skipping " + remote + ": " + (problem != null ? problem : "closed during checks")));
                    return;
                }
                becomeCurrent(client, remote);
            }));
        }));
    }

    private static boolean isTlsFailure(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private void attemptFailed(Remote remote, Throwable err) {
        if (isTlsFailure(err)) {
            // a refused certificate does not heal by retrying: the operator must see it
            LOG.warn("ovsdb session {}: {} failed TLS handshake: {}", name, remote, err.getMessage());
        } else {
            LOG.info("ovsdb session {}: {} failed: {}", name, remote, err.getMessage());
        }
        if (triesThisRound < remotes.size()) {
            connectNext();  // move on to the next member at once; back off only after a full round
        } else {
            reconnect.connectFailed(clock.getAsLong(), err);
            schedule();
        }
    }

    private void becomeCurrent(OvsdbClient client, Remote remote) {
        long now = clock.getAsLong();
        generation++;
        long gen = generation;
        current = client;
        reconnect.connected(now);
        LOG.info("ovsdb session {} connected to {} (generation {})", name, remote, gen);
        client.addListener(new OvsdbListener() {
            @Override
            public void onLocked(String lockId) {
                onLoop(() -> {
                    if (gen == generation && wantedLocks.contains(lockId)) {
                        lockGranted(lockId);
                    }
                });
            }

            @Override
            public void onStolen(String lockId) {
                onLoop(() -> {
                    if (gen == generation) {
                        lockLost(lockId);
                    }
                });
            }
        });
        client.closeFuture().whenComplete((v, e) -> onLoop(() -> connectionEnded(client, gen)));
        for (String lockId : wantedLocks) {
            requestLock(client, gen, lockId, false);
        }
        listeners.forEach(l -> {
            try {
                l.onConnected(client, gen);
            } catch (RuntimeException ex) {
                LOG.warn("ovsdb session {} listener failed on connect (generation {}): {}", name, gen, ex.toString(), ex);
            }
        });
        List<CompletableFuture<OvsdbClient>> waiting = new ArrayList<>(waitingForConnection);
        waitingForConnection.clear();
        waiting.forEach(f -> f.complete(client));
        schedule();
    }

    private void connectionEnded(OvsdbClient client, long gen) {
        if (current != client) {
            return;
        }
        current = null;
        if (!heldLocks.isEmpty()) {
            heldLocks.clear();
            heldView = Set.of();
        }
        ConnectionClosedException cause = new ConnectionClosedException("connection " + client.remoteAddress() + " closed");
        LOG.info("ovsdb session {} disconnected from {} (generation {})", name, client.remoteAddress(), gen);
        reconnect.disconnected(clock.getAsLong(), cause);
        listeners.forEach(l -> {
            try {
                l.onDisconnected(gen, cause);
            } catch (RuntimeException ex) {
                LOG.warn("ovsdb session {} listener failed on disconnect (generation {}): {}", name, gen, ex.toString(), ex);
            }
        });
        schedule();
    }

    /**
     * Checks a member through _Server (ovsdb-server(7)); answers null when fit, else why not. Keeps a monitor on
     * _Server.Database so that a member that later stops being fit (loses leadership) is left. A server without
     * _Server (an old one, or a test double) is taken as it is.
     */
    private CompletableFuture<String> checkMember(OvsdbClient client, Remote remote) {
        if (database == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<String> verdict = new CompletableFuture<>();
        client.addListener(new OvsdbListener() {
            @Override
            public void onUpdate(String monitorId, TableUpdates<RowUpdate> updates) {
                if (!"vifd-server".equals(monitorId)) {
                    return;
                }
                for (RowUpdate u : updates.table("Database").values()) {
                    Row row = u.newRow() == null ? null : (u.oldRow() == null ? u.newRow() : u.oldRow().with(u.newRow()));
                    String unfit = row == null ? null : unfitness(row);
                    if (unfit != null) {
                        onLoop(() -> {
                            if (client == current) {
                                LOG.warn("ovsdb session {} leaving {}: {}", name, remote, unfit);
                                client.close();
                            }
                        });
                    }
                }
            }
        });
        client.monitor(SERVER_DB, "vifd-server",
                // Only what decides fitness: the whole row (with the schema text) would come with every commit.
                Map.of("Database", MonitorRequest.columns("name", "model", "connected", "leader", "index"))).whenComplete((u, e) -> {
            if (e != null) {
                if (serverDeclined(client, e)) {
                    LOG.info("ovsdb session {}: {} has no usable _Server database ({}), taking it as it is", name, remote, e.getMessage());
                    verdict.complete(null);
                } else {
                    verdict.completeExceptionally(e);
                }
                return;
            }
            String problem = "database " + database + " not served";
            for (RowUpdate row : u.table("Database").values()) {
                if (row.newRow() != null && database.equals(row.newRow().string("name"))) {
                    problem = unfitness(row.newRow());
                    Long index = optionalInt(row.newRow(), "index");
                    if (problem == null && index != null) {
                        maxIndexSeen = Math.max(maxIndexSeen, index);
                    }
                }
            }
            verdict.complete(problem);
        });
        return verdict;
    }

    /**
     * Whether the _Server monitor failed because the server answered with an error of its own (an ovsdb-server
     * without the _Server database says "unknown database"): such a server is taken as it is. A reply we could not
     * decode, a reply of the wrong shape, or a connection that is gone means the peer is not speaking OVSDB to us,
     * and the connection is given up.
     */
    private static boolean serverDeclined(OvsdbClient client, Throwable e) {
        return e instanceof OvsdbException oe && !(e instanceof ConnectionClosedException)
                && !(e instanceof org.vifd.ovsdb.DecodeException)
                && !OvsdbError.PROTOCOL_ERROR.equals(oe.kind())
                && !OvsdbError.DECODE_ERROR.equals(oe.kind())
                && client.isActive();
    }

    /** Why a _Server.Database row (of our database) makes its server unfit, or null (ovsdb-cs.c ovsdb_cs_check_server_db). */
    private String unfitness(Row db) {
        if (!database.equals(db.string("name"))) {
            return null;
        }
        if (!"clustered".equals(db.string("model"))) {
            return null;
        }
        if (!Boolean.TRUE.equals(db.bool("connected"))) {
            return "not connected to its cluster";
        }
        if (leaderOnly && !Boolean.TRUE.equals(db.bool("leader"))) {
            return "not the cluster leader";
        }
        Long index = optionalInt(db, "index");
        if (index != null && index < maxIndexSeen) {
            return "stale (log index " + index + " < " + maxIndexSeen + " seen before)";
        }
        return null;
    }

    private static Long optionalInt(Row row, String column) {
        try {
            return row.integer(column);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Notes inbound traffic for the inactivity probe. */
    private final class ActivityHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reconnect.activity(clock.getAsLong());
            ctx.fireChannelRead(msg);
        }
    }

    /** Builds a session; every setting starts at its default. */
    public static final class Builder {
        private final List<Remote> remotes;
        private String name;
        private String database;
        private boolean leaderOnly = true;
        private OvsdbClientOptions clientOptions = OvsdbClientOptions.DEFAULTS;
        private Reconnect.Options reconnect = Reconnect.Options.DEFAULTS;
        private RandomGenerator random = RandomGenerator.getDefault();
        private LongSupplier clock = () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime());

        private Builder(List<Remote> remotes) {
            if (remotes.isEmpty()) {
                throw new IllegalArgumentException("no remotes");
            }
            for (Remote r : remotes) {
                if (!r.kind().isActive()) {
                    throw new IllegalArgumentException("session remote " + r + " is passive; use OvsdbPassiveListener for ptcp:/pssl:/punix:");
                }
            }
            this.remotes = List.copyOf(remotes);
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        /** The database whose members are checked through _Server (connected, leader, not stale). */
        public Builder database(String v) {
            database = v;
            return this;
        }

        /** Only a cluster's leader is fit (default true, as the OVS IDL). */
        public Builder leaderOnly(boolean v) {
            leaderOnly = v;
            return this;
        }

        /** Options for each connection (limits, event loop group); its probe interval is replaced by the session's. */
        public Builder clientOptions(OvsdbClientOptions v) {
            clientOptions = Objects.requireNonNull(v, "clientOptions");
            return this;
        }

        public Builder reconnect(Reconnect.Options v) {
            reconnect = Objects.requireNonNull(v, "reconnect");
            return this;
        }

        /** The source of backoff jitter. */
        public Builder random(RandomGenerator v) {
            random = Objects.requireNonNull(v, "random");
            return this;
        }

        /** A monotonic clock in milliseconds. */
        public Builder clock(LongSupplier v) {
            clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        public OvsdbSession build() {
            return new OvsdbSession(this);
        }
    }

    @Override
    public String toString() {
        return "OvsdbSession[" + name + ", generation " + generation + "]";
    }
}
