package org.vifd.openflow.connection;

import java.util.List;
import org.vifd.openflow.protocol.FlowUpdate;

/**
 * Told of the flow updates a switch sends on its own for the monitors started with
 * {@link SwitchConnection#startFlowMonitor}: ADDED, MODIFIED, REMOVED (full updates), ABBREV (a change this connection
 * made itself, by its xid), PAUSED and RESUMED (the switch stopped sending updates because this connection fell
 * behind, and started again; re-read the flows after RESUMED). Called on the connection's event loop, one call per
 * OFPMP_FLOW_MONITOR reply message, updates in the switch's order: return quickly.
 */
@FunctionalInterface
public interface FlowMonitorListener {
    void flowUpdates(SwitchConnection connection, List<FlowUpdate> updates);
}
