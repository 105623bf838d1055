package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.ActionCodec;
import org.vifd.openflow.action.OfPort;

/**
 * OFPT_GROUP_MOD (OpenFlow 1.3.5 §7.3.4.2; the same layout in 1.4.1). OpenFlow 1.5 reworked the message
 * (bucket ids, properties) and is not encoded here: {@link #writeBody} refuses it.
 */
public record GroupMod(int command, int groupType, long groupId, List<Bucket> buckets) implements OfMessage {
    public static final int ADD = 0;
    public static final int MODIFY = 1;
    public static final int DELETE = 2;
    public static final int TYPE_ALL = 0;
    public static final int TYPE_SELECT = 1;
    public static final int TYPE_INDIRECT = 2;
    public static final int TYPE_FAST_FAILOVER = 3;
    /** OFPG_ALL: every group (for DELETE). */
    public static final long GROUP_ALL = 0xfffffffcL;
    public static final long GROUP_ANY = 0xffffffffL;

    /** ofp_bucket (§7.3.4.2): weight for select groups, watch port/group for fast failover, then actions. */
    public record Bucket(int weight, long watchPort, long watchGroup, List<Action> actions) {
        public Bucket {
            actions = List.copyOf(actions);
        }

        public static Bucket of(List<Action> actions) {
            return new Bucket(0, OfPort.ANY, GROUP_ANY, actions);
        }

        public static Bucket weighted(int weight, List<Action> actions) {
            return new Bucket(weight, OfPort.ANY, GROUP_ANY, actions);
        }

        public void encode(ByteBuf out, OfVersion version) {
            int start = out.writerIndex();
            out.writeShort(0).writeShort(weight).writeInt((int) watchPort).writeInt((int) watchGroup).writeZero(4);
            ActionCodec.encode(actions, out, version);
            out.setShort(start, out.writerIndex() - start);
        }

        /** Decodes a run of buckets filling {@code in}; {@code base} is the offset of its reader index. */
        public static List<Bucket> decodeAll(ByteBuf in, int base) throws DecodeException {
            List<Bucket> list = new ArrayList<>();
            int start = in.readerIndex();
            while (in.isReadable()) {
                int at = base + in.readerIndex() - start;
                if (in.readableBytes() < 16) {
                    throw new DecodeException(at, "ofp_bucket of " + in.readableBytes() + " bytes");
                }
                int len = in.getUnsignedShort(in.readerIndex());
                if (len < 16 || len > in.readableBytes()) {
                    throw new DecodeException(at, "ofp_bucket length " + len);
                }
                ByteBuf b = in.readSlice(len);
                List<Action> actions = ActionCodec.decode(b.slice(16, len - 16), at + 16);
                list.add(new Bucket(b.getUnsignedShort(2), b.getUnsignedInt(4), b.getUnsignedInt(8), actions));
            }
            return list;
        }
    }

    public GroupMod {
        buckets = List.copyOf(buckets);
    }

    public static GroupMod add(int groupType, long groupId, List<Bucket> buckets) {
        return new GroupMod(ADD, groupType, groupId, buckets);
    }

    public static GroupMod delete(long groupId) {
        return new GroupMod(DELETE, TYPE_ALL, groupId, List.of());
    }

    static GroupMod decode(ByteBuf b) throws DecodeException {
        if (b.readableBytes() < 8) {
            throw new DecodeException(MessageCodec.HEADER_LENGTH, "GROUP_MOD body of " + b.readableBytes()
                    + " bytes");
        }
        List<Bucket> buckets = Bucket.decodeAll(b.slice(8, b.readableBytes() - 8), MessageCodec.HEADER_LENGTH + 8);
        return new GroupMod(b.getUnsignedShort(0), b.getUnsignedByte(2), b.getUnsignedInt(4), buckets);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.GROUP_MOD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (version.atLeast(OfVersion.OF_1_5)) {
            throw new IllegalArgumentException("GROUP_MOD is encoded for OpenFlow 1.3/1.4 only, not " + version);
        }
        out.writeShort(command).writeByte(groupType).writeZero(1).writeInt((int) groupId);
        for (Bucket b : buckets) {
            b.encode(out, version);
        }
    }
}
