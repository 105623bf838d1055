package org.vifd.agent.status;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.vifd.agent.dhcp.DhcpService;
import org.vifd.dhcp.DhcpMessageType;
import org.vifd.dhcp.DhcpResponder;

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

    /**
     * Exposes the DHCP server's counters (read at scrape time, nothing added to the hot path but one histogram
     * observation per answered exchange):
     * <ul>
     *   <li>{@code vifd_dhcp_received_total{type}}: decoded requests by message type (discover, request, decline,
     *       release, inform; {@code other} for the rest);</li>
     *   <li>{@code vifd_dhcp_replies_total{type}}: replies written (offer, ack, nak), and {@code vifd_dhcp_naks_total};</li>
     *   <li>{@code vifd_dhcp_dropped_total{reason}}: packet-ins dropped: {@code rate_limited}, {@code unknown_key}
     *       (no port behind the punt flow's key), {@code spoofed} (chaddr or source MAC not the port's),
     *       {@code malformed} (frame or DHCP message undecodable), {@code wrong_in_port}, {@code send_failed};</li>
     *   <li>{@code vifd_dhcp_exchange_seconds}: packet-in received → packet-out written.</li>
     * </ul>
     */
    public void registerDhcp(DhcpService service) {
        DhcpResponder responder = service.responder();
        CounterWithCallback.builder().name("vifd_dhcp_received_total")
                .help("DHCP requests received (decoded) by message type").labelNames("type")
                .callback(cb -> {
                    cb.call(responder.received(DhcpMessageType.DISCOVER), "discover");
                    cb.call(responder.received(DhcpMessageType.REQUEST), "request");
                    cb.call(responder.received(DhcpMessageType.DECLINE), "decline");
                    cb.call(responder.received(DhcpMessageType.RELEASE), "release");
                    cb.call(responder.received(DhcpMessageType.INFORM), "inform");
                    // Server-side types sent by a client (2, 5, 6) and unknown ones.
                    cb.call(responder.received(DhcpMessageType.valueOf(0)) + responder.received(DhcpMessageType.OFFER)
                            + responder.received(DhcpMessageType.ACK) + responder.received(DhcpMessageType.NAK),
                            "other");
                })
                .register(registry);
        CounterWithCallback.builder().name("vifd_dhcp_replies_total")
                .help("DHCP replies written to the switch by message type").labelNames("type")
                .callback(cb -> {
                    DhcpService.Counters c = service.counters();
                    cb.call(c.offers(), "offer");
                    cb.call(c.acks(), "ack");
                    cb.call(c.naks(), "nak");
                })
                .register(registry);
        CounterWithCallback.builder().name("vifd_dhcp_naks_total")
                .help("DHCPNAKs written (a client asked for an address that is not its binding)")
                .callback(cb -> cb.call(service.counters().naks()))
                .register(registry);
        CounterWithCallback.builder().name("vifd_dhcp_dropped_total")
                .help("DHCP packet-ins dropped without an answer, by reason").labelNames("reason")
                .callback(cb -> {
                    DhcpService.Counters c = service.counters();
                    DhcpResponder.Counters r = responder.counters();
                    cb.call(r.rateLimited(), "rate_limited");
                    cb.call(c.unknownKey(), "unknown_key");
                    cb.call(r.spoofed(), "spoofed");
                    cb.call(c.malformed() + r.decodeErrors(), "malformed");
                    cb.call(c.wrongInPort(), "wrong_in_port");
                    cb.call(c.sendFailed(), "send_failed");
                })
                .register(registry);
        Histogram exchange = Histogram.builder().name("vifd_dhcp_exchange_seconds")
                .help("DHCP exchange time in vifd: packet-in received -> packet-out written")
                .classicOnly()
                .classicUpperBounds(0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1)
                .register(registry);
        service.observeExchanges(nanos -> exchange.observe(nanos / 1e9));
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
