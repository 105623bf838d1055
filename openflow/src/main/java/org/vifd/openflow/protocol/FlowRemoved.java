package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.match.Match;

/**
 * OFPT_FLOW_REMOVED (OpenFlow 1.3.5 §7.4.2; 1.5.1 §7.4.2 reorders the head and moves the counters into OXS
 * statistics). Sent for flows installed with OFPFF_SEND_FLOW_REM. {@code reason} is open-ended; see
 * {@link #reasonName()}.
 */
public record FlowRemoved(long cookie, int priority, int reason, int tableId, long durationSec, long durationNsec,
                          int idleTimeout, int hardTimeout, long packetCount, long byteCount, Match match)
        implements OfMessage {
    public static final int IDLE_TIMEOUT = 0;
    public static final int HARD_TIMEOUT = 1;
    public static final int DELETE = 2;
    public static final int GROUP_DELETE = 3;
    public static final int METER_DELETE = 4;
    public static final int EVICTION = 5;
    private static final String[] REASONS = {"IDLE_TIMEOUT", "HARD_TIMEOUT", "DELETE", "GROUP_DELETE",
        "METER_DELETE", "EVICTION"};

    public FlowRemoved {
        Objects.requireNonNull(match, "match");
    }

    public String reasonName() {
        return reason >= 0 && reason < REASONS.length ? REASONS[reason] : "UNKNOWN(" + reason + ")";
    }

    static FlowRemoved decode(ByteBuf b, OfVersion v) throws DecodeException {
        final int h = MessageCodec.HEADER_LENGTH;
        if (v.atLeast(OfVersion.OF_1_5)) {
            if (b.readableBytes() < 16) {
                throw new DecodeException(h, "FLOW_REMOVED body of " + b.readableBytes() + " bytes");
            }
            b.readerIndex(16);
            Match m = Match.decode(b, h + 16);
            long[] oxs = FlowStats.Oxs.decode(b, h + b.readerIndex());
            return new FlowRemoved(b.getLong(8), b.getUnsignedShort(2), b.getUnsignedByte(1), b.getUnsignedByte(0),
                    oxs[FlowStats.Oxs.DURATION] >>> 32, oxs[FlowStats.Oxs.DURATION] & 0xffffffffL,
                    b.getUnsignedShort(4), b.getUnsignedShort(6), oxs[FlowStats.Oxs.PACKET_COUNT],
                    oxs[FlowStats.Oxs.BYTE_COUNT], m);
        }
        if (b.readableBytes() < 40) {
            throw new DecodeException(h, "FLOW_REMOVED body of " + b.readableBytes() + " bytes");
        }
        b.readerIndex(40);
        Match m = Match.decode(b, h + 40);
        return new FlowRemoved(b.getLong(0), b.getUnsignedShort(8), b.getUnsignedByte(10), b.getUnsignedByte(11),
                b.getUnsignedInt(12), b.getUnsignedInt(16), b.getUnsignedShort(20), b.getUnsignedShort(22),
                b.getLong(24), b.getLong(32), m);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.FLOW_REMOVED;
    }

    /** Writes the body as a switch would (tests that play the switch). */
    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (version.atLeast(OfVersion.OF_1_5)) {
            out.writeByte(tableId).writeByte(reason).writeShort(priority).writeShort(idleTimeout)
                    .writeShort(hardTimeout).writeLong(cookie);
            match.encode(out);
            // ofp_stats with OXS duration (8), packet_count (8), byte_count (8): OpenFlow 1.5.1 §7.2.4.
            out.writeShort(0).writeShort(4 + 3 * 12);
            out.writeShort(0x8002).writeByte(0 << 1).writeByte(8).writeInt((int) durationSec)
                    .writeInt((int) durationNsec);
            out.writeShort(0x8002).writeByte(FlowStats.Oxs.PACKET_COUNT << 1).writeByte(8).writeLong(packetCount);
            out.writeShort(0x8002).writeByte(FlowStats.Oxs.BYTE_COUNT << 1).writeByte(8).writeLong(byteCount);
            return;
        }
        out.writeLong(cookie).writeShort(priority).writeByte(reason).writeByte(tableId).writeInt((int) durationSec)
                .writeInt((int) durationNsec).writeShort(idleTimeout).writeShort(hardTimeout).writeLong(packetCount)
                .writeLong(byteCount);
        match.encode(out);
    }
}
