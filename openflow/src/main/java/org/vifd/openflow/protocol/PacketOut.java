package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.ActionCodec;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;

/**
 * OFPT_PACKET_OUT (OpenFlow 1.3.5 §7.3.7: buffer_id, in_port, actions_len; OpenFlow 1.5.1 §7.3.7 replaces in_port
 * by a match holding in_port).
 */
public record PacketOut(long bufferId, long inPort, List<Action> actions, byte[] data) implements OfMessage {
    public static final long NO_BUFFER = 0xffffffffL;

    public PacketOut {
        actions = List.copyOf(actions);
        data = data.clone();
    }

    /** An unbuffered packet-out of {@code data}, as if received on {@code inPort} (use OfPort.CONTROLLER for none). */
    public static PacketOut of(long inPort, List<Action> actions, byte[] data) {
        return new PacketOut(NO_BUFFER, inPort, actions, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.PACKET_OUT;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        writeBody(out, version, bufferId, inPort, actions, data, 0, data.length);
    }

    /** Writes a packet-out body straight from a caller's buffer, for the hot path. */
    public static void writeBody(ByteBuf out, OfVersion version, long bufferId, long inPort, List<Action> actions,
                                 byte[] data, int offset, int length) {
        out.writeInt((int) bufferId);
        int lenAt;
        if (version.atLeast(OfVersion.OF_1_5)) {
            lenAt = out.writerIndex();
            out.writeShort(0).writeZero(2);
            Match.builder().inPort(inPort == OfPort.ANY ? OfPort.CONTROLLER : inPort).build().encode(out);
        } else {
            out.writeInt((int) inPort);
            lenAt = out.writerIndex();
            out.writeShort(0).writeZero(6);
        }
        int start = out.writerIndex();
        ActionCodec.encode(actions, out, version);
        out.setShort(lenAt, out.writerIndex() - start);
        out.writeBytes(data, offset, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketOut p && p.bufferId == bufferId && p.inPort == inPort && p.actions.equals(actions)
                && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(inPort) * 31 + actions.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PacketOut[in_port=" + OfPort.name(inPort) + ", actions=" + actions + ", " + data.length + " bytes]";
    }
}
