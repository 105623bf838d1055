package org.vifd.openflow.connection;

import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PortStatus;

/**
 * Told when a switch connects, reconnects or goes away. Called on the connection's event loop: return quickly,
 * hand work to your own executor.
 */
public interface SwitchListener {
    /** First handshake of this switch (datapath id and features in {@code features}). */
    default void switchConnected(SwitchConnection connection, FeaturesReply features) {
    }

    /** A later handshake after the connection was lost; requests of the old connection have failed. */
    default void switchReconnected(SwitchConnection connection, FeaturesReply features) {
    }

    /** The connection closed; for active connections a reconnect is scheduled. */
    default void switchDisconnected(SwitchConnection connection, String reason) {
    }

    /**
     * OFPT_PORT_STATUS: a port was added, deleted or modified on the switch (how an agent learns that a VM's port
     * went away). Delivered from the handshake on; a (re)connect can miss changes, so read the port list again with
     * {@link SwitchConnection#portDescriptions()} after {@link #switchConnected}/{@link #switchReconnected}.
     */
    default void portStatus(SwitchConnection connection, PortStatus status) {
    }

    /** OFPT_FLOW_REMOVED for a flow installed with OFPFF_SEND_FLOW_REM. */
    default void flowRemoved(SwitchConnection connection, FlowRemoved removed) {
    }

    /**
     * Any other asynchronous message with no request waiting for it (ROLE_STATUS, TABLE_STATUS, REQUESTFORWARD,
     * NXT_RESUME continuations, experimenter messages). Packet-ins go to the PacketInHandler instead.
     */
    default void asyncMessage(SwitchConnection connection, OfMessage message) {
    }
}
