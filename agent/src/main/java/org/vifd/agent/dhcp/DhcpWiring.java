package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.wiring.WiredPort;
import org.vifd.agent.wiring.WiringChange;
import org.vifd.agent.wiring.WiringListener;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.OfMessage;

/**
 * Connects the reconciler to the DHCP hot path: on each wiring change it updates the bindings from what changed in
 * the intent and the wired ports ({@link WiringChange}; {@link DhcpBindingsUpdater}: a full build first, then only
 * the changed ports are rebuilt and the snapshot edited copy-on-write, O(changed)), publishes them to the
 * {@link DhcpService}, and installs or removes each port's meter and punt flows on the integration bridge with this run's cookies ({@link DhcpFlows#cookie}); flows are
 * compared only for the port keys the update touched.
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
    private final DhcpBindingsUpdater updater;
    /** Keys whose port changed since the last batch that was sent; flows are compared for these only. */
    private final Set<Integer> dirtyKeys = new HashSet<>();
    /** A full build happened since the last batch: compare flows for every key. */
    private boolean dirtyAll = true;
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
    /** The intent of the last change heard (null before the first). */
    private Intent lastIntent;
    /** The wired ports as heard so far, kept from the changes (for callers that hand over whole maps). */
    private final Map<String, WiredPort> heardWired = new HashMap<>();
    /** What changed since the updater last ran: the intent's delta, and port id → ofport (null: not wired). */
    private IntentDelta pendingDelta = IntentDelta.NONE;
    private final Map<String, Long> pendingOfports = new HashMap<>();
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
        this.updater = new DhcpBindingsUpdater(new DhcpPortKeys(), settings);
    }

    /**
     * Whole inputs (tests, tools): diffed against what was heard (O(ports)), then as
     * {@link #wiringChanged(WiringChange, SwitchConnection, int)}.
     */
    @Override
    public void wiringChanged(Intent intent, Map<String, WiredPort> wired, SwitchConnection integrationBridge,
                              int runId) {
        Objects.requireNonNull(intent, "intent");
        Set<String> changed = new HashSet<>();
        wired.forEach((id, w) -> {
            if (!w.equals(heardWired.get(id))) {
                changed.add(id);
            }
        });
        for (String id : heardWired.keySet()) {
            if (!wired.containsKey(id)) {
                changed.add(id);
            }
        }
        Intent before = lastIntent == null ? Intent.EMPTY : lastIntent;
        wiringChanged(new WiringChange(before, intent, IntentDelta.between(before, intent), wired, changed),
                integrationBridge, runId);
    }

    /** The reconciler's call: O(changed) — the delta and the re-wired ports are all that is looked at. */
    @Override
    public void wiringChanged(WiringChange change, SwitchConnection integrationBridge, int runId) {
        Objects.requireNonNull(change, "change");
        Collection<String> rewired = change.wiredChanged();
        if (lastIntent == null) {
            rewired = new HashSet<>(change.wired().keySet());
            rewired.addAll(change.wiredChanged()); // the first update is a full build from every wired port
        } else {
            // A change that does not follow the one heard last (never from the reconciler): diff the intents.
            pendingDelta = pendingDelta.plus(change.intentBefore() == lastIntent ? change.intentDelta()
                    : IntentDelta.between(lastIntent, change.intent()));
        }
        for (String id : rewired) {
            WiredPort w = change.wired().get(id);
            if (w == null) {
                heardWired.remove(id);
            } else {
                heardWired.put(id, w);
            }
            pendingOfports.put(id, w == null ? null : w.ofport());
        }
        lastIntent = change.intent();
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
        DhcpBindingsBuilder.Result r = updater.update(lastIntent, pendingDelta, pendingOfports.keySet(),
                pendingOfports::get);
        pendingDelta = IntentDelta.NONE;
        pendingOfports.clear();
        reportProblems(r.problems());
        dirtyKeys.addAll(r.touchedKeys());
        dirtyAll |= r.full();
        SwitchConnection conn = lastConnection;
        DhcpSnapshot snapshot = r.snapshot();
        if (conn == null) {
            // No switch: answer from the new bindings as soon as one is back; flows follow then.
            service.publish(snapshot);
            return;
        }
        // Flows are compared only for the keys that changed, unless everything must go in again.
        Set<Integer> compare = new TreeSet<>(dirtyKeys);
        if (reprogram || dirtyAll) {
            compare.addAll(installed.keySet());
            snapshot.ports().forEach(p -> compare.add(p.portKey()));
        }
        List<OfMessage> batch = new ArrayList<>();
        if (reprogram) {
            batch.add(new MeterMod(MeterMod.Command.DELETE, 0, MeterMod.METER_ALL, List.of()));
            batch.addAll(flows.tableDefaults());
        }
        Map<Integer, DhcpPort> now = new HashMap<>(); // the compared keys' ports after this batch (null: none)
        int removed = 0;
        for (int key : compare) {
            DhcpPort old = installed.get(key);
            DhcpPort p = snapshot.port(key);
            now.put(key, p);
            if (p == null) {
                if (old != null) {
                    batch.add(DhcpFlows.deletePortFlows(old.portKey()));
                    batch.add(DhcpFlows.deleteMeter(old.portKey()));
                    removed++;
                }
            }
        }
        int changed = 0;
        for (Map.Entry<Integer, DhcpPort> e : new TreeMap<>(now).entrySet()) {
            DhcpPort p = e.getValue();
            DhcpPort old = installed.get(e.getKey());
            if (p == null || (old != null && sameFlows(old, p))) {
                continue;
            }
            if (old != null) {
                batch.add(DhcpFlows.deletePortFlows(old.portKey()));
            }
            batch.add(flows.meter(p, old == null ? MeterMod.Command.ADD : MeterMod.Command.MODIFY));
            batch.addAll(flows.portFlows(p));
            changed++;
        }
        dirtyKeys.clear();
        dirtyAll = false;
        if (batch.isEmpty()) {
            service.publish(snapshot);
            applyInstalled(now);
            return;
        }
        // Bindings first: a port whose flows go in with this batch is answered from its first packet-in.
        service.publish(snapshot);
        int added = changed;
        int removedPorts = removed;
        int served = snapshot.size();
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
            applyInstalled(now);
            LOG.info("DHCP flows applied on {}: {} ports served, {} installed, {} removed{}", conn.peer(),
                    served, added, removedPorts, full ? " (full reprogram, run " + String.format("%08x", lastRunId)
                            + ")" : "");
            if (pending) {
                sync();
            }
        }, loop);
        if (full) {
            reprogram = false; // a later change diffs against this batch; a failure sets it again
        }
    }

    /** What the switch has after a batch: the compared keys' ports (null: none). */
    private void applyInstalled(Map<Integer, DhcpPort> now) {
        now.forEach((k, p) -> {
            if (p == null) {
                installed.remove(k);
            } else {
                installed.put(k, p);
            }
        });
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
        service.problems().notServed(next);
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
