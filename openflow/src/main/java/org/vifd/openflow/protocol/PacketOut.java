package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.ActionCodec;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;

/**
 * OFPT_PACKET_OUT. OpenFlow 1.3.5 §7.3.7: buffer_id, in_port, actions_len, actions, data. OpenFlow 1.5.1 §7.3.7
 * replaces in_port by an ofp_match of pipeline fields (in_port, tunnel id, metadata, packet registers — OVS's
 * "pipeline fields" of ovs-ofctl(8) Packet-Out Syntax); before 1.5 only in_port can be sent, so {@link #writeBody}
 * refuses a match with more than in_port for those versions.
 */
public record PacketOut(long bufferId, Match match, List<Action> actions, byte[] data) implements OfMessage {
    public static final long NO_BUFFER = 0xffffffffL;

    public PacketOut {
        Objects.requireNonNull(match, "match");
        actions = List.copyOf(actions);
        data = data.clone();
    }

    /** A packet-out whose only pipeline field is {@code inPort}. */
    public PacketOut(long bufferId, long inPort, List<Action> actions, byte[] data) {
        this(bufferId, Match.builder().inPort(inPort).build(), actions, data);
    }

    /** An unbuffered packet-out of {@code data}, as if received on {@code inPort} (use OfPort.CONTROLLER for none). */
    public static PacketOut of(long inPort, List<Action> actions, byte[] data) {
        return new PacketOut(NO_BUFFER, inPort, actions, data);
    }

    /** An unbuffered OpenFlow 1.5 packet-out with pipeline fields ({@code match} must hold in_port). */
    public static PacketOut of(Match match, List<Action> actions, byte[] data) {
        return new PacketOut(NO_BUFFER, match, actions, data);
    }

    /** in_port of the match; OFPP_CONTROLLER when the match has none (OpenFlow 1.5.1 §7.3.7). */
    public long inPort() {
        long p = match.inPort();
        return p < 0 ? OfPort.CONTROLLER : p;
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
        if (version.atLeast(OfVersion.OF_1_5)) {
            writeBody(out, bufferId, match, actions, data, 0, data.length);
            return;
        }
        if (match.entries().size() > 1 || (match.entries().size() == 1 && match.inPort() < 0)) {
            throw new IllegalArgumentException("packet-out pipeline fields other than in_port need OpenFlow 1.5, not "
                    + version + ": " + match);
        }
        writeBody(out, version, bufferId, inPort(), actions, data, 0, data.length);
    }

    /** Writes a packet-out body straight from a caller's buffer, for the hot path. */
    public static void writeBody(ByteBuf out, OfVersion version, long bufferId, long inPort, List<Action> actions,
                                 byte[] data, int offset, int length) {
        if (version.atLeast(OfVersion.OF_1_5)) {
            // OVS refuses OFPP_ANY as a packet-out in_port; CONTROLLER means "none" (OpenFlow 1.5.1 §7.3.7).
            writeBody(out, bufferId, Match.builder().inPort(inPort == OfPort.ANY ? OfPort.CONTROLLER : inPort).build(),
                    actions, data, offset, length);
            return;
        }
        out.writeInt((int) bufferId).writeInt((int) inPort);
        int lenAt = out.writerIndex();
        out.writeShort(0).writeZero(6);
        writeActionsAndData(out, lenAt, version, actions, data, offset, length);
    }

    /** OpenFlow 1.5.1 §7.3.7: buffer_id, actions_len, pad[2], ofp_match, actions, data. */
    private static void writeBody(ByteBuf out, long bufferId, Match match, List<Action> actions, byte[] data,
                                  int offset, int length) {
        out.writeInt((int) bufferId);
        int lenAt = out.writerIndex();
        out.writeShort(0).writeZero(2);
        match.encode(out);
        writeActionsAndData(out, lenAt, OfVersion.OF_1_5, actions, data, offset, length);
    }

    private static void writeActionsAndData(ByteBuf out, int lenAt, OfVersion version, List<Action> actions,
                                            byte[] data, int offset, int length) {
        int start = out.writerIndex();
        ActionCodec.encode(actions, out, version);
        out.setShort(lenAt, out.writerIndex() - start);
        out.writeBytes(data, offset, length);
    }

    /**
     * The match OVS's ovs-ofctl sends for register pipeline fields in OpenFlow 1.5: reg{@code n} as the masked half
     * of OXM_OF_PKT_REG{@code n/2} (xreg), the upper half for even registers.
     */
    public static OxmEntry regAsPacketRegister(int n, long value) {
        int shift = (n % 2 == 0) ? 32 : 0;
        return OxmEntry.of(OxmField.xreg(n / 2), (value & 0xffffffffL) << shift, 0xffffffffL << shift);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PacketOut p && p.bufferId == bufferId && p.match.equals(match)
                && p.actions.equals(actions) && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return (match.hashCode() * 31 + actions.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "PacketOut[" + match + ", actions=" + actions + ", " + data.length + " bytes]";
    }
}
