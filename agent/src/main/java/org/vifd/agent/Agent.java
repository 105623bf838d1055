package org.vifd.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.dhcp.DhcpFlows;
import org.vifd.agent.dhcp.DhcpServer;
import org.vifd.agent.dhcp.DhcpSettings;
import org.vifd.agent.dhcp.DhcpWiring;
import org.vifd.agent.flows.Cookies;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.InvalidIntentException;
import org.vifd.agent.libvirt.PortCleanup;
import org.vifd.agent.ovn.IntentSources;
import org.vifd.agent.status.AgentMetrics;
import org.vifd.agent.status.Health;
import org.vifd.agent.status.PortReport;
import org.vifd.agent.status.StatusServer;
import org.vifd.agent.wiring.BridgeSetup;
import org.vifd.agent.wiring.PortReconciler;
import org.vifd.agent.wiring.WiringListener;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.openflow.connection.ConnectionConfig;
import org.vifd.openflow.connection.OpenFlowController;
import org.vifd.openflow.connection.PacketInHandler;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.connection.SwitchListener;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.replica.Resync;
import org.vifd.ovsdb.replica.RowChange;
import org.vifd.ovsdb.replica.RowListener;
import org.vifd.ovsdb.session.OvsdbSession;

/**
 * The running daemon: the agent loop (one thread that owns the model, DESIGN.md "Threads"), the intent source, the
 * OVSDB session and replica, the OpenFlow controller, the {@link PortReconciler}, the status server. Every event
 * that changes what the agent wants is handed to the loop with {@link #onLoop}.
 *
 * <p>OpenFlow: with {@code openflow_listen} {@code ptcp:…}/{@code punix:…} vifd listens and sets each managed
 * bridge's Controller to the active form of that address; with {@code mgmt:RUNDIR} it sets no Controller and
 * connects to each bridge's service socket {@code RUNDIR/<bridge>.mgmt} itself (agent/README.md "OpenFlow
 * connections"). Either way a connection is matched to its bridge by datapath id.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /**
     * The switch connections: echo every 5 s as by default, but a switch gets 15 s to answer before it is dropped
     * (ovs-vswitchd probes its controller after 5 s of silence and drops it after 5 s more). ovs-vswitchd answers
     * an echo only between two turns of its main loop, and one turn that adds hundreds of ports to a large bridge
     * takes seconds on a busy host: dropping it then only adds a handshake, a flow check and the retried bundles
     * to its backlog (at 10,000 ports under load that loop kept the agent from wiring anything).
     */
    static final ConnectionConfig OPENFLOW = ConnectionConfig.DEFAULT.toBuilder()
            .echoTimeout(Duration.ofSeconds(15)).build();
    /** The Open_vSwitch database name (ovs-vswitchd.conf.db(5)). */
    public static final String DATABASE = "Open_vSwitch";
    static final String MGMT_PREFIX = "mgmt:";

    private final AgentConfig config;
    private final Clock clock;
    private final AgentMetrics metrics = new AgentMetrics();
    private final ScheduledExecutorService loop;
    private final List<WiringListener> wiringListeners = new CopyOnWriteArrayList<>();
    /** Null: the agent's own DHCP server answers packet-ins. */
    private PacketInHandler packetInHandler;
    private DhcpServer dhcpServer;
    private IntentSource intentSource;
    private StatusServer statusServer;
    private OvsdbSession session;
    private Replica replica;
    private OpenFlowController controller;
    private PortReconciler reconciler;
    /** libvirt_uri and cleanup_stale_ports (org.vifd.agent.libvirt). */
    private PortCleanup portCleanup;
    private volatile boolean running;

    public Agent(AgentConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vifd-agent-loop");
            t.setDaemon(true);
            return t;
        });
    }

    public AgentConfig config() {
        return config;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** Adds a listener for wired ports (the DHCP service's seam); call before {@link #start}. */
    public Agent addWiringListener(WiringListener listener) {
        wiringListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Where packet-ins from the bridges go; call before {@link #start}. By default the agent's own DHCP server
     * ({@link DhcpServer}) gets them.
     */
    public Agent packetInHandler(PacketInHandler handler) {
        this.packetInHandler = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /** The DHCP server: lease journal, lease table, hot path (null before start). */
    public DhcpServer dhcpServer() {
        return dhcpServer;
    }

    /** The reconciler (null before start). */
    public PortReconciler reconciler() {
        return reconciler;
    }

    /**
     * Loads the intent, starts the status server, the OpenFlow listener, the OVSDB replica and the loop. Fails (and
     * undoes what it started) when the intent file is missing or invalid or an address cannot be bound. An OVSDB
     * server that is not there yet is not a failure: the session keeps trying, and ports wait.
     */
    public synchronized void start() throws IOException, InvalidIntentException, InterruptedException {
        boolean ok = false;
        try {
            IntentSource source = IntentSources.create(config);
            intentSource = source;
            // A file's intent is there at once; an OVN Northbound one once this host's ports are known (below).
            CompletableFuture<Intent> firstIntent = IntentSources.start(source);
            Cookies cookies = Cookies.newRun(new SecureRandom());
            boolean mgmt = config.openflowListen().startsWith(MGMT_PREFIX);
            session = OvsdbSession.builder(config.ovsdb()).name("vifd").database(DATABASE).build();
            reconciler = new PortReconciler(config, DATABASE, cookies, loop, session::transact, source.statusSink(),
                    metrics, clock, mgmt ? "" : config.controllerTarget());
            // DHCP: the journal in state_dir is replayed before the first packet can arrive; the bindings come
            // from each wiring change (DhcpWiring), flows with this run's cookie.
            dhcpServer = DhcpServer.open(config.stateDir(), DhcpResponderConfig.defaults());
            metrics.registerDhcp(dhcpServer.service());
            reconciler.addListener(new DhcpWiring(dhcpServer.service(),
                    DhcpSettings.from(config.dhcp(), config.dhcp().metadataRoute()), DhcpFlows.PuntLimits.DEFAULTS,
                    loop));
            wiringListeners.forEach(reconciler::addListener);
            source.addChangeListener(change -> {
                if (firstIntent.isDone()) {
                    onLoop(() -> reconciler.intentChanged(change));
                }
            });
            firstIntent.whenComplete((first, e) -> {
                if (e != null) {
                    LOG.error("intent source cannot start: {}", e.toString());
                } else {
                    onLoop(() -> reconciler.intentChanged(source.current()));
                }
            });

            DhcpServer dhcp = dhcpServer;
            statusServer = new StatusServer(config.statusListen(), metrics, reconciler::reports, this::health)
                    .leases(() -> dhcp.leases().leases()).dhcpProblems(dhcp.service().problems()::get);
            await(statusServer.start(), "status server on " + config.statusListen());

            controller = OpenFlowController.builder().config(OPENFLOW).listener(switchListener())
                    .packetInHandler(packetInHandler != null ? packetInHandler : dhcpServer.service()).build();
            if (mgmt) {
                String rundir = config.openflowListen().substring(MGMT_PREFIX.length());
                for (String bridge : managedBridges()) {
                    String target = "unix:" + rundir + "/" + bridge + ".mgmt";
                    controller.connect(target).whenComplete((c, e) -> {
                        if (e != null) {
                            LOG.warn("openflow service connection {} failed: {}", target, e.toString());
                        }
                    });
                }
            } else {
                await(controller.listen(config.openflowListen()), "OpenFlow listener " + config.openflowListen());
            }

            Replica.Builder replicaBuilder = Replica.builder(session, DATABASE);
            for (List<String> index : BridgeSetup.INDEXES) {
                replicaBuilder.index(index.get(0), index.get(1));
            }
            replica = replicaBuilder
                    .table("Open_vSwitch", "bridges")
                    .table("Bridge", "name", "ports", "controller", "fail_mode", "protocols", "datapath_type",
                            "datapath_id", "other_config")
                    .table("Port", "name", "interfaces", "tag", "trunks", "vlan_mode", "other_config")
                    .table("Interface", "name", "type", "ofport", "external_ids", "options", "error")
                    .table("Controller", "target", "connection_mode", "is_connected")
                    .listener(new RowListener() {
                        @Override
                        public void onChanges(List<RowChange> changes) {
                            throw new UnsupportedOperationException("the view-taking variant is called");
                        }

                        @Override
                        public void onChanges(ReplicaView view, List<RowChange> changes) {
                            IntentSources.localPortsChanged(source, view);
                            guarded(() -> reconciler.replicaChanged(view, changes));
                        }

                        @Override
                        public void onResync(ReplicaView view, Resync resync) {
                            IntentSources.localPortsChanged(source, view);
                            guarded(() -> reconciler.replicaResynced(view, resync));
                        }
                    }, loop)
                    .build();
            replica.start().whenComplete((v, e) -> {
                if (e != null) {
                    metrics.error(AgentMetrics.ERROR_OVSDB);
                    LOG.error("OVSDB {} cannot serve the replica: {}", config.ovsdb(), e.toString());
                }
            });
            try {
                portCleanup = PortCleanup.start(config, session, DATABASE);
            } catch (org.libvirt.LibvirtException e) {
                throw new IOException("libvirt " + config.libvirtUri() + ": " + e.getMessage(), e);
            }
            running = true;
            ok = true;
            LOG.info("vifd started: integration bridge {}, ovsdb {}, openflow {}, intent {}, {}",
                    config.integrationBridge(), config.ovsdb(), config.openflowListen(), intentName(),
                    cookies);
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    private List<String> managedBridges() {
        List<String> out = new java.util.ArrayList<>();
        out.add(config.integrationBridge());
        config.bridgeMappings().values().stream().filter(b -> !out.contains(b)).forEach(out::add);
        return out;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f, String what)
            throws IOException, InterruptedException {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(what + ": " + c.getMessage()
                    + (c.getCause() != null ? " (" + c.getCause().getMessage() + ")" : ""), c);
        } catch (TimeoutException e) {
            throw new IOException(what + " did not start in 10 s");
        }
    }

    private SwitchListener switchListener() {
        return new SwitchListener() {
            @Override
            public void switchConnected(SwitchConnection connection, FeaturesReply features) {
                LOG.info("openflow switch {} connected: datapath {}", connection.peer(), features.datapathIdHex());
                onLoop(() -> reconciler.switchConnected(connection));
            }

            @Override
            public void switchReconnected(SwitchConnection connection, FeaturesReply features) {
                LOG.info("openflow switch {} reconnected: datapath {}", connection.peer(), features.datapathIdHex());
                onLoop(() -> reconciler.switchConnected(connection));
            }

            @Override
            public void switchDisconnected(SwitchConnection connection, String reason) {
                LOG.warn("openflow switch {} disconnected: {}", connection.peer(), reason);
                onLoop(() -> reconciler.switchDisconnected(connection));
            }
        };
    }

    /** The status server's bound address (null before start). */
    public InetSocketAddress statusAddress() {
        return statusServer == null ? null : statusServer.address();
    }

    /** Runs {@code task} on the agent loop; a failing task is logged and never stops the loop. */
    public void onLoop(Runnable task) {
        try {
            loop.execute(() -> guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("agent loop stopped; event dropped");
        }
    }

    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            metrics.error(AgentMetrics.ERROR_WIRING);
            LOG.error("agent loop task failed: {}", e.toString(), e);
        }
    }

    private Object intentName() {
        return config.ovnNb().enabled() ? "ovn nb " + config.ovnNb().remotes() : config.intentFile();
    }

    private Health health() {
        if (!running) {
            return Health.failing("not started");
        }
        boolean ovsdb = session != null && session.isConnected();
        boolean of = reconciler != null && reconciler.integrationConnected();
        return Health.ok("intent " + intentName() + "; ovsdb " + (ovsdb ? "connected" : "not connected")
                + "; " + config.integrationBridge() + " openflow " + (of ? "connected" : "not connected"));
    }

    @Override
    public synchronized void close() {
        running = false;
        if (portCleanup != null) {
            portCleanup.close();
        }
        if (controller != null) {
            controller.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (session != null) {
            session.close();
        }
        loop.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (statusServer != null) {
            statusServer.close();
        }
        if (intentSource != null) {
            intentSource.close();
        }
        if (dhcpServer != null) {
            try {
                dhcpServer.close();
            } catch (IOException e) {
                LOG.warn("DHCP lease journal {} not closed cleanly: {}", config.stateDir(), e.toString());
            }
        }
    }
}
