package org.vifd.agent.status;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * The agent's Prometheus metrics, in a registry of their own (not the global default, so tests and several agents
 * in one JVM do not share counters). Thread-safe: any thread may record.
 */
public final class AgentMetrics {
    /** Values of the {@code kind} label of {@code vifd_errors_total}. */
    public static final String ERROR_OVSDB = "ovsdb";
    public static final String ERROR_OPENFLOW = "openflow";
    public static final String ERROR_INTENT = "intent";
    public static final String ERROR_WIRING = "wiring";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge portsWired;
    private final Histogram wiringLatency;
    private final Counter ovsdbReconnects;
    private final Counter openflowReconnects;
    private final Counter errors;

    public AgentMetrics() {
        portsWired = Gauge.builder().name("vifd_ports_wired")
                .help("Ports wired now: tagged, admitted by their flows and reported up").register(registry);
        wiringLatency = Histogram.builder().name("vifd_port_wiring_seconds")
                .help("From a port's Interface appearing with a valid ofport to the port being reported up")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        ovsdbReconnects = Counter.builder().name("vifd_ovsdb_reconnects_total")
                .help("OVSDB sessions re-established after a loss").register(registry);
        openflowReconnects = Counter.builder().name("vifd_openflow_reconnects_total")
                .help("OpenFlow switch connections re-established after a loss").labelNames("bridge")
                .register(registry);
        errors = Counter.builder().name("vifd_errors_total")
                .help("Errors by kind (ovsdb, openflow, intent, wiring)").labelNames("kind").register(registry);
        for (String kind : new String[] {ERROR_OVSDB, ERROR_OPENFLOW, ERROR_INTENT, ERROR_WIRING}) {
            errors.initLabelValues(kind);
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void portsWired(int n) {
        portsWired.set(n);
    }

    public void wiringLatency(Duration d) {
        wiringLatency.observe(d.toNanos() / 1e9);
    }

    public void ovsdbReconnected() {
        ovsdbReconnects.inc();
    }

    public void openflowReconnected(String bridge) {
        openflowReconnects.labelValues(bridge).inc();
    }

    public void error(String kind) {
        errors.labelValues(kind).inc();
    }
}
