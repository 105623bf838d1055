package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** One OFPMP_QUEUE entry, ofp_queue_stats (OpenFlow 1.3.5 §7.3.5.8, 40 bytes; 1.4.1 prefixes a length). */
public record QueueStats(long portNo, long queueId, long txBytes, long txPackets, long txErrors, long durationSec,
                         long durationNsec) {
    public static List<QueueStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        if (version.atLeast(OfVersion.OF_1_4)) {
            return Bodies.lengthPrefixed(body, 0, 48, "ofp_queue_stats", (e, at) -> new QueueStats(
                    e.getUnsignedInt(8), e.getUnsignedInt(12), e.getLong(16), e.getLong(24), e.getLong(32),
                    e.getUnsignedInt(40), e.getUnsignedInt(44)));
        }
        return Bodies.fixed(body, 40, "ofp_queue_stats", (e, at) -> new QueueStats(e.getUnsignedInt(0),
                e.getUnsignedInt(4), e.getLong(8), e.getLong(16), e.getLong(24), e.getUnsignedInt(32),
                e.getUnsignedInt(36)));
    }
}
