package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.wiring.WiredPort;
import org.vifd.agent.wiring.WiringListener;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.OfMessage;

/**
 * Connects the reconciler to the DHCP hot path: on each wiring change it rebuilds the bindings from the intent and
 * the wired ports ({@link DhcpBindingsBuilder}), publishes them to the {@link DhcpService}, and installs or removes
 * each port's meter and punt flows on the integration bridge with this run's cookies ({@link DhcpFlows#cookie}).
 *
 * <p>What it believes is installed is kept per port key; a port whose ofport, MAC, server or ARP responder changed
 * gets its flows replaced, a binding change alone (address, options) touches no flow. After
 * {@link #bridgeReprogrammed} (a new run, or vswitchd lost its flows) every meter is deleted (OpenFlow 1.3.5
 * §7.3.4.4, {@code OFPM_ALL}: no meter of an earlier run can make an ADD fail) and everything is installed again,
 * table defaults included. A failed install is retried a second later with the inputs of the latest change.
 *
 * <p>Order within one batch (applied in order, one barrier): snapshot published first for ports that stay, meters
 * before the flows that name them, removed ports' flows before their meters.
 *
 * <p>Owned by the agent loop: every method runs there.
 */
public final class DhcpWiring implements WiringListener {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpWiring.class);
    static final long RETRY_MILLIS = 1000;

    private final DhcpService service;
    private final DhcpSettings settings;
    private final DhcpFlows.PuntLimits limits;
    private final ScheduledExecutorService loop;
    private final DhcpPortKeys keys = new DhcpPortKeys();
    private final Map<Integer, DhcpPort> installed = new HashMap<>();
    private Map<String, String> problems = Map.of();
    private DhcpFlows flows;
    /** Everything must go in again: meters deleted, table defaults and every port's flows installed. */
    private boolean reprogram = true;
    private boolean inFlight;
    private boolean pending;
    private boolean retryScheduled;
    /** Counts {@link #bridgeReprogrammed} calls: a batch sent before one must not count as installed after it. */
    private long epoch;
    private Intent lastIntent;
    private Map<String, WiredPort> lastWired = Map.of();
    private SwitchConnection lastConnection;
    private int lastRunId;

    /**
     * @param service  the hot path the snapshots are published to
     * @param settings agent-wide DHCP settings
     * @param limits   the punt meter and max_len of each port
     * @param loop     the agent loop (retries and completions run there)
     */
    public DhcpWiring(DhcpService service, DhcpSettings settings, DhcpFlows.PuntLimits limits,
                      ScheduledExecutorService loop) {
        this.service = Objects.requireNonNull(service, "service");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.loop = Objects.requireNonNull(loop, "loop");
    }

    @Override
    public void wiringChanged(Intent intent, Map<String, WiredPort> wired, SwitchConnection integrationBridge,
                              int runId) {
        lastIntent = Objects.requireNonNull(intent, "intent");
        lastWired = Map.copyOf(wired);
        lastConnection = integrationBridge;
        lastRunId = runId;
        sync();
    }

    @Override
    public void bridgeReprogrammed(SwitchConnection integrationBridge) {
        LOG.info("DHCP: bridge {} reprogrammed: reinstalling meters and flows of {} ports",
                integrationBridge.peer(), installed.size());
        installed.clear();
        reprogram = true;
        epoch++;
        lastConnection = integrationBridge;
        if (lastIntent != null) {
            sync();
        }
    }

    /** The per-port problems of the latest build (port id → why it is not served). */
    public Map<String, String> problems() {
        return problems;
    }

    /** The port keys with installed flows (tests, status). */
    public int installedPorts() {
        return installed.size();
    }

    private void sync() {
        if (inFlight) {
            pending = true; // the completion runs sync again with the latest inputs
            return;
        }
        pending = false;
        if (flows == null || flows.runId() != lastRunId) {
            flows = new DhcpFlows(lastRunId, limits);
        }
        Map<String, Long> ofports = new HashMap<>();
        for (WiredPort w : lastWired.values()) {
            ofports.put(w.portId(), w.ofport());
        }
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(lastIntent, ofports, keys, settings);
        reportProblems(r.problems());
        SwitchConnection conn = lastConnection;
        Map<Integer, DhcpPort> now = new HashMap<>();
        r.snapshot().ports().forEach(p -> now.put(p.portKey(), p));
        if (conn == null) {
            // No switch: answer from the new bindings as soon as one is back; flows follow then.
            service.publish(r.snapshot());
            return;
        }
        List<OfMessage> batch = new ArrayList<>();
        if (reprogram) {
            batch.add(new MeterMod(MeterMod.Command.DELETE, 0, MeterMod.METER_ALL, List.of()));
            batch.addAll(flows.tableDefaults());
        }
        for (DhcpPort old : installed.values()) {
            DhcpPort p = now.get(old.portKey());
            if (p == null) {
                batch.add(DhcpFlows.deletePortFlows(old.portKey()));
                batch.add(DhcpFlows.deleteMeter(old.portKey()));
            }
        }
        int changed = 0;
        for (DhcpPort p : r.snapshot().ports()) {
            DhcpPort old = installed.get(p.portKey());
            if (old != null && sameFlows(old, p)) {
                continue;
            }
            if (old != null) {
                batch.add(DhcpFlows.deletePortFlows(old.portKey()));
            }
            batch.add(flows.meter(p, old == null ? MeterMod.Command.ADD : MeterMod.Command.MODIFY));
            batch.addAll(flows.portFlows(p));
            changed++;
        }
        if (batch.isEmpty()) {
            service.publish(r.snapshot());
            return;
        }
        // Bindings first: a port whose flows go in with this batch is answered from its first packet-in.
        service.publish(r.snapshot());
        int removed = (int) installed.keySet().stream().filter(k -> !now.containsKey(k)).count();
        int added = changed;
        boolean full = reprogram;
        long sentEpoch = epoch;
        inFlight = true;
        conn.apply(FlowBatch.of(batch)).whenCompleteAsync((v, ex) -> {
            inFlight = false;
            if (ex != null) {
                LOG.warn("DHCP: installing flows on {} failed ({} messages): {}; retrying in {} ms", conn.peer(),
                        batch.size(), rootMessage(ex), RETRY_MILLIS);
                if (sentEpoch == epoch) {
                    installed.clear();
                    reprogram = true;
                }
                retryLater();
                return;
            }
            if (sentEpoch != epoch) {
                sync(); // reprogrammed meanwhile: this batch may have gone to flows that are gone
                return;
            }
            installed.clear();
            installed.putAll(now);
            LOG.info("DHCP flows applied on {}: {} ports served, {} installed, {} removed{}", conn.peer(),
                    now.size(), added, removed, full ? " (full reprogram, run " + String.format("%08x", lastRunId)
                            + ")" : "");
            if (pending) {
                sync();
            }
        }, loop);
        if (full) {
            reprogram = false; // a later change diffs against this batch; a failure sets it again
        }
    }

    private void retryLater() {
        if (retryScheduled) {
            return;
        }
        retryScheduled = true;
        loop.schedule(() -> {
            retryScheduled = false;
            if (lastIntent != null) {
                sync();
            }
        }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void reportProblems(Map<String, String> next) {
        for (Map.Entry<String, String> e : new TreeMap<>(next).entrySet()) {
            if (!e.getValue().equals(problems.get(e.getKey()))) {
                LOG.warn("DHCP: port {} not served: {}", e.getKey(), e.getValue());
            }
        }
        problems = Map.copyOf(next);
    }

    /** Whether the port's flows (not its binding) are the same: then nothing on the switch changes. */
    static boolean sameFlows(DhcpPort a, DhcpPort b) {
        return a.ofport() == b.ofport() && a.mac().equals(b.mac()) && a.serverIp().equals(b.serverIp())
                && a.serverMac().equals(b.serverMac()) && a.arpResponder() == b.arpResponder();
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "DhcpWiring[" + installed.size() + " ports installed]";
    }
}
