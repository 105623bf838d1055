package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_SET_ASYNC: which asynchronous messages this connection gets, as a master/equal and as a slave. OpenFlow
 * 1.3.5 §7.3.10 uses three pairs of uint32 masks; 1.4.1 §7.3.10 turned them into properties
 * (OFPACPT_PACKET_IN_SLAVE=0 ... OFPACPT_FLOW_REMOVED_MASTER=5).
 */
public record AsyncConfig(int packetInMaster, int packetInSlave, int portStatusMaster, int portStatusSlave,
                          int flowRemovedMaster, int flowRemovedSlave) implements OfMessage {
    /** Packet-ins for no-match (bit 0), action (bit 1) and invalid TTL (bit 2); port status all; no flow removed. */
    public static final AsyncConfig PACKET_IN_AND_PORT_STATUS = new AsyncConfig(0x7, 0, 0x7, 0x7, 0, 0);

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.SET_ASYNC;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (version.atLeast(OfVersion.OF_1_4)) {
            int[] masks = {packetInSlave, packetInMaster, portStatusSlave, portStatusMaster, flowRemovedSlave,
                flowRemovedMaster};
            for (int i = 0; i < masks.length; i++) {
                out.writeShort(i).writeShort(8).writeInt(masks[i]);
            }
        } else {
            out.writeInt(packetInMaster).writeInt(packetInSlave).writeInt(portStatusMaster).writeInt(portStatusSlave)
                    .writeInt(flowRemovedMaster).writeInt(flowRemovedSlave);
        }
    }
}
