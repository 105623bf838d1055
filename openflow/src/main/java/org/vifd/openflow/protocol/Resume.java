package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.vifd.openflow.OfVersion;

/**
 * Nicira NXT_RESUME (OVS include/openflow/nicira-ext.h, ovs-actions(7) "controller ... pause"): resumes the
 * pipeline a {@code controller(pause)} action stopped. It carries the paused NXT_PACKET_IN2's properties back —
 * packet, table, cookie, reason, metadata and the opaque continuation — without the userdata, as OVS's own
 * ofputil_encode_resume() does. The controller may change the packet or the metadata (e.g. registers) first.
 */
public record Resume(PacketIn packetIn) implements OfMessage {
    public Resume {
        Objects.requireNonNull(packetIn, "packetIn");
    }

    /**
     * The NXT_RESUME for a paused packet-in, e.g. after answering from userdata. Throws IllegalArgumentException
     * if the packet-in carries no continuation (it was not paused, or arrived as a standard OFPT_PACKET_IN).
     */
    public static Resume of(PacketIn paused) {
        if (!paused.isPaused()) {
            throw new IllegalArgumentException("packet-in has no continuation to resume: " + paused);
        }
        return new Resume(new PacketIn(PacketIn.Format.NXT_PACKET_IN2, paused.reason(), paused.tableId(),
                paused.cookie(), paused.bufferId(), paused.totalLength(), paused.match(), paused.dataUnsafe(),
                null, paused.continuation()));
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.EXPERIMENTER;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt(Experimenter.NICIRA).writeInt(Experimenter.NXT_RESUME);
        packetIn.writeProperties(out, false);
    }
}
