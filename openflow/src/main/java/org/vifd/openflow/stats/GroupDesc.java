package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.GroupMod;

/**
 * One OFPMP_GROUP_DESC entry, ofp_group_desc: type, group id, buckets (OpenFlow 1.3.5 §7.3.5.10). OpenFlow 1.5.1
 * §7.3.5.9 adds bucket_array_len, gives the buckets ids and properties (GroupMod.Bucket.decodeAll15) and lets group
 * properties follow them: {@code properties} keeps those raw (e.g. OVS's Netronome selection-method property,
 * {@code selection_method=hash,fields(...)}), so an entry re-encodes byte-exact.
 */
public record GroupDesc(int groupType, long groupId, List<GroupMod.Bucket> buckets, byte[] properties) {
    private static final byte[] NONE = new byte[0];

    public GroupDesc {
        buckets = List.copyOf(buckets);
        properties = properties == null ? NONE : properties.clone();
    }

    public GroupDesc(int groupType, long groupId, List<GroupMod.Bucket> buckets) {
        this(groupType, groupId, buckets, NONE);
    }

    @Override
    public byte[] properties() {
        return properties.clone();
    }

    public static List<GroupDesc> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        if (version.atLeast(OfVersion.OF_1_5)) {
            return Bodies.lengthPrefixed(body, 0, 16, "ofp_group_desc", (e, at) -> {
                int type = e.getUnsignedByte(2);
                int arrayLen = e.getUnsignedShort(8);
                if (arrayLen > e.readableBytes() - 16) {
                    throw new DecodeException(at + 8, "bucket_array_len " + arrayLen + " in a "
                            + e.readableBytes() + "-byte ofp_group_desc");
                }
                byte[] props = new byte[e.readableBytes() - 16 - arrayLen];
                e.getBytes(e.readerIndex() + 16 + arrayLen, props);
                return new GroupDesc(type, e.getUnsignedInt(4),
                        GroupMod.Bucket.decodeAll15(e.slice(16, arrayLen), at + 16, type), props);
            });
        }
        return Bodies.lengthPrefixed(body, 0, 8, "ofp_group_desc", (e, at) -> new GroupDesc(e.getUnsignedByte(2),
                e.getUnsignedInt(4), GroupMod.Bucket.decodeAll(e.slice(8, e.readableBytes() - 8), at + 8)));
    }

    /**
     * Writes this entry as {@code version}'s ofp_group_desc (a switch's side, or a test's). Group properties exist
     * only in OpenFlow 1.5: an earlier version with properties is refused with IllegalArgumentException.
     */
    public void encode(ByteBuf out, OfVersion version) {
        int start = out.writerIndex();
        out.writeShort(0).writeByte(groupType).writeZero(1).writeInt((int) groupId);
        if (version.atLeast(OfVersion.OF_1_5)) {
            int lenAt = out.writerIndex();
            out.writeShort(0).writeZero(6);
            int bucketsAt = out.writerIndex();
            for (int i = 0; i < buckets.size(); i++) {
                GroupMod.Bucket b = buckets.get(i);
                b.encode15(out, groupType, b.bucketId() == GroupMod.NO_BUCKET_ID ? i : b.bucketId());
            }
            out.setShort(lenAt, out.writerIndex() - bucketsAt);
            out.writeBytes(properties);
        } else {
            if (properties.length > 0) {
                throw new IllegalArgumentException("group properties need OpenFlow 1.5, not " + version);
            }
            for (GroupMod.Bucket b : buckets) {
                b.encode(out, version);
            }
        }
        out.setShort(start, out.writerIndex() - start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupDesc g && g.groupType == groupType && g.groupId == groupId
                && g.buckets.equals(buckets) && Arrays.equals(g.properties, properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupType, groupId, buckets) * 31 + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "GroupDesc[type=" + groupType + ", group_id=" + groupId + ", buckets=" + buckets
                + (properties.length > 0 ? ", properties=" + HexFormat.of().formatHex(properties) : "") + "]";
    }
}
