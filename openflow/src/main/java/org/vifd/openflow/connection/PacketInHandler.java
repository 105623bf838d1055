package org.vifd.openflow.connection;

import org.vifd.openflow.protocol.PacketIn;

/**
 * The hot path: called on the connection's event loop for each packet-in. Must not block; reply with
 * {@link SwitchConnection#sendPacketOut}. Exceptions are caught and logged.
 */
@FunctionalInterface
public interface PacketInHandler {
    void packetIn(SwitchConnection connection, PacketIn packetIn);
}
