package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * Nicira NXT_SET_PACKET_IN_FORMAT: 0 = the standard OFPT_PACKET_IN, 1 = NXT_PACKET_IN, 2 = NXT_PACKET_IN2 (the
 * only format that carries a controller action's userdata; ovs-ofctl(8) "--packet-in-format").
 */
public record SetPacketInFormat(int format) implements OfMessage {
    public static final int STANDARD = 0;
    public static final int NXT_PACKET_IN = 1;
    public static final int NXT_PACKET_IN2 = 2;

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.EXPERIMENTER;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt(Experimenter.NICIRA).writeInt(Experimenter.NXT_SET_PACKET_IN_FORMAT).writeInt(format);
    }
}
