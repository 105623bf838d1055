package org.vifd.openflow.connection;

import org.vifd.openflow.protocol.FeaturesReply;

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
}
