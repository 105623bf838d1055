package org.vifd.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.config.AgentConfig;
import org.vifd.agent.intent.FileIntentSource;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentSource;
import org.vifd.agent.intent.InvalidIntentException;
import org.vifd.agent.intent.Port;
import org.vifd.agent.status.AgentMetrics;
import org.vifd.agent.status.Health;
import org.vifd.agent.status.PortReport;
import org.vifd.agent.status.PortState;
import org.vifd.agent.status.StatusServer;

/**
 * The running daemon: the agent loop (one thread that owns the model, DESIGN.md "Threads"), the intent source, the
 * status server. Every event that changes what the agent wants is handed to the loop with {@link #onLoop}.
 *
 * <p>This build wires nothing yet: the {@code PortReconciler} (agent/README.md "Next: the reconciler") needs the
 * OVSDB replica and plugs in at {@link #intentChanged}; until then each intent port is listed on {@code /ports} as
 * down.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    static final String NOT_WIRED = "not wired: this build has no OVSDB reconciler yet";

    private final AgentConfig config;
    private final Clock clock;
    private final AgentMetrics metrics = new AgentMetrics();
    private final ExecutorService loop;
    private IntentSource intentSource;
    private StatusServer statusServer;
    private volatile List<PortReport> reports = List.of();
    private volatile boolean running;

    public Agent(AgentConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.loop = Executors.newSingleThreadExecutor(r -> {
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

    /**
     * Loads the intent, starts the status server and the loop. Fails (and undoes what it started) when the intent
     * file is missing or invalid or the status address cannot be bound.
     */
    public synchronized void start() throws IOException, InvalidIntentException, InterruptedException {
        boolean ok = false;
        try {
            FileIntentSource source = new FileIntentSource(config.intentFile(), config.statusFile(),
                    FileIntentSource.DEFAULT_MAX_BYTES);
            intentSource = source;
            source.start();
            source.addListener(intent -> onLoop(() -> intentChanged(intent)));
            statusServer = new StatusServer(config.statusListen(), metrics, () -> reports, this::health);
            try {
                statusServer.start().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("status server did not bind in 10 s");
            }
            Intent first = source.current();
            onLoop(() -> intentChanged(first));
            running = true;
            ok = true;
            LOG.info("vifd started: integration bridge {}, ovsdb {}, intent {}", config.integrationBridge(),
                    config.ovsdb(), config.intentFile());
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The status server's bound address (null before start). */
    public InetSocketAddress statusAddress() {
        return statusServer == null ? null : statusServer.address();
    }

    /** Runs {@code task} on the agent loop; a failing task is logged and never stops the loop. */
    public void onLoop(Runnable task) {
        loop.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                metrics.error(AgentMetrics.ERROR_WIRING);
                LOG.error("agent loop task failed: {}", e.toString(), e);
            }
        });
    }

    /** On the loop: a new intent is in force. The reconciler's entry point for intent changes. */
    private void intentChanged(Intent intent) {
        List<PortReport> next = new ArrayList<>();
        for (Port p : intent.ports()) {
            next.add(new PortReport(p.id(), "", -1, p.networkId(), 0, PortState.DOWN, NOT_WIRED, ""));
        }
        reports = List.copyOf(next);
        LOG.info("intent in force: {}", intent);
    }

    private Health health() {
        return running ? Health.ok("intent " + config.intentFile()) : Health.failing("not started");
    }

    @Override
    public synchronized void close() {
        running = false;
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
    }
}
