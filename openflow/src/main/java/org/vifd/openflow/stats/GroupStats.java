package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** One OFPMP_GROUP entry, ofp_group_stats (OpenFlow 1.3.5 §7.3.5.9) with its per-bucket counters. */
public record GroupStats(long groupId, long refCount, long packetCount, long byteCount, long durationSec,
                         long durationNsec, List<BucketCounter> buckets) {
    public record BucketCounter(long packetCount, long byteCount) {
    }

    public GroupStats {
        buckets = List.copyOf(buckets);
    }

    public static List<GroupStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.lengthPrefixed(body, 0, 40, "ofp_group_stats", (e, at) -> {
            List<BucketCounter> b = new ArrayList<>();
            for (int i = 40; i + 16 <= e.readableBytes(); i += 16) {
                b.add(new BucketCounter(e.getLong(i), e.getLong(i + 8)));
            }
            return new GroupStats(e.getUnsignedInt(4), e.getUnsignedInt(8), e.getLong(16), e.getLong(24),
                    e.getUnsignedInt(32), e.getUnsignedInt(36), b);
        });
    }
}
