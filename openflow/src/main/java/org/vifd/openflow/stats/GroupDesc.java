package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.GroupMod;

/** One OFPMP_GROUP_DESC entry, ofp_group_desc (OpenFlow 1.3.5 §7.3.5.10): type, group id, buckets. */
public record GroupDesc(int groupType, long groupId, List<GroupMod.Bucket> buckets) {
    public GroupDesc {
        buckets = List.copyOf(buckets);
    }

    public static List<GroupDesc> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.lengthPrefixed(body, 0, 8, "ofp_group_desc", (e, at) -> new GroupDesc(e.getUnsignedByte(2),
                e.getUnsignedInt(4), GroupMod.Bucket.decodeAll(e.slice(8, e.readableBytes() - 8), at + 8)));
    }
}
