package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * OFPMP_GROUP_FEATURES reply, ofp_group_features (OpenFlow 1.3.5 §7.3.5.11): bitmaps of group types and
 * capabilities, and per group type (all, select, indirect, fast failover) the maximum count and action bitmap.
 */
public record GroupFeatures(long types, long capabilities, List<Long> maxGroups, List<Long> actions) {
    public GroupFeatures {
        maxGroups = List.copyOf(maxGroups);
        actions = List.copyOf(actions);
    }

    public static GroupFeatures decode(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.single(body, 40, "ofp_group_features", (e, at) -> new GroupFeatures(e.getUnsignedInt(0),
                e.getUnsignedInt(4), List.of(e.getUnsignedInt(8), e.getUnsignedInt(12), e.getUnsignedInt(16),
                        e.getUnsignedInt(20)), List.of(e.getUnsignedInt(24), e.getUnsignedInt(28),
                        e.getUnsignedInt(32), e.getUnsignedInt(36))));
    }
}
