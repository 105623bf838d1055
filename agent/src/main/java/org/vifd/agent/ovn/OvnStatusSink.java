package org.vifd.agent.ovn;

import static org.vifd.agent.ovn.NbSchema.*;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.status.PortState;
import org.vifd.agent.status.PortStatus;
import org.vifd.agent.status.StatusSink;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.SessionListener;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;

/**
 * Reports wired ports the way ovn-northd would: {@code Logical_Switch_Port.up} true when the port is wired, false
 * when it goes down. Neutron's ML2/OVN driver watches that column to tell Nova the VIF is plugged
 * ({@code network-vif-plugged}). Off ({@code ovn_report_up: false}) when an ovn-northd owns the column.
 *
 * <p>Never blocks the caller: each change is one asynchronous {@code update} transaction. Only ports whose row this
 * host monitors are written, and only when the row says otherwise. A write that could not be sent (no connection) or
 * whose outcome is unknown is sent again when the session reconnects.
 */
public final class OvnStatusSink implements StatusSink {
    private static final Logger LOG = LoggerFactory.getLogger(OvnStatusSink.class);

    private final OvsdbSession session;
    private final Supplier<ReplicaView> view;
    private final boolean enabled;
    /** port id → the up value wanted. */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    /** port id → the up value of the transaction in flight. */
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final SessionListener reconnected = new SessionListener() {
        @Override
        public void onConnected(OvsdbClient client, long generation) {
            wanted.keySet().forEach(OvnStatusSink.this::sync);
        }

        @Override
        public void onDisconnected(long generation, Throwable cause) {
        }
    };

    /**
     * @param view    the Northbound replica's current view (the Logical_Switch_Port rows this host monitors; null
     *                before it loaded)
     * @param enabled false: report nothing
     */
    public OvnStatusSink(OvsdbSession session, Supplier<ReplicaView> view, boolean enabled) {
        this.session = Objects.requireNonNull(session, "session");
        this.view = Objects.requireNonNull(view, "view");
        this.enabled = enabled;
        if (enabled) {
            session.addListener(reconnected);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    @Override
    public void report(PortStatus status) {
        if (!enabled) {
            return;
        }
        wanted.put(status.portId(), status.state() == PortState.UP);
        sync(status.portId());
    }

    @Override
    public void remove(String portId) {
        if (!enabled) {
            return;
        }
        // The port left the intent (its row is gone, or it is no longer plugged here): it is not up on this host.
        wanted.put(portId, false);
        sync(portId);
        wanted.remove(portId);
    }

    /** Writes the wanted value of one port if its row (monitored by this host) says otherwise. */
    private void sync(String portId) {
        Boolean want = wanted.get(portId);
        if (want == null) {
            return;
        }
        Row row = lspRow(portId);
        if (row == null) {
            return; // not a Northbound port of this host (a DHCP identity port, or its row is gone)
        }
        Boolean up = row.bool(LSP_UP);
        if (want == (up != null && up)) {
            return; // an unset up is down already
        }
        if (want.equals(inFlight.get(portId))) {
            return;
        }
        inFlight.put(portId, want);
        Transaction tx = new Transaction(DATABASE);
        tx.update(LOGICAL_SWITCH_PORT, List.of(Condition.equal(LSP_NAME, portId)),
                Row.builder().put(LSP_UP, want).build());
        session.transact(tx).whenComplete((r, e) -> {
            inFlight.remove(portId, want);
            if (e != null) {
                LOG.warn("ovn nb: Logical_Switch_Port {} up={} not written ({}); retried on reconnect", portId, want,
                        e.toString());
            } else {
                LOG.info("ovn nb: Logical_Switch_Port {} up={}", portId, want);
            }
        });
    }

    private Row lspRow(String portId) {
        ReplicaView v = view.get();
        if (v == null) {
            return null;
        }
        for (Row r : v.table(LOGICAL_SWITCH_PORT).values()) {
            if (portId.equals(r.string(LSP_NAME)) && TYPE_VM.equals(OvnNbMapper.str(r, LSP_TYPE))) {
                return r;
            }
        }
        return null;
    }

    @Override
    public void close() {
        session.removeListener(reconnected);
    }
}
