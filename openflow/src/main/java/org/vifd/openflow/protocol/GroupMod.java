package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.ActionCodec;
import org.vifd.openflow.action.OfPort;

/**
 * OFPT_GROUP_MOD. OpenFlow 1.3.5 §7.3.4.2 (the same layout in 1.4.1): command, type, group_id, ofp_bucket list.
 * OpenFlow 1.5.1 §7.3.4.2 adds bucket_array_len and command_bucket_id (for INSERT_BUCKET / REMOVE_BUCKET),
 * gives every bucket a bucket_id with weight / watch_port / watch_group as bucket properties, and lets group
 * properties follow the buckets (OVS sends Netronome's selection-method property there; kept as opaque bytes,
 * padding included, so it goes back out byte-exact).
 */
public record GroupMod(int command, int groupType, long groupId, List<Bucket> buckets, long commandBucketId,
                       byte[] properties) implements OfMessage {
    public static final int ADD = 0;
    public static final int MODIFY = 1;
    public static final int DELETE = 2;
    /** OpenFlow 1.5.1 §7.3.4.2: insert the buckets before/after command_bucket_id. */
    public static final int INSERT_BUCKET = 3;
    /** OpenFlow 1.5.1 §7.3.4.2 (4 is reserved): remove command_bucket_id. */
    public static final int REMOVE_BUCKET = 5;
    public static final int TYPE_ALL = 0;
    public static final int TYPE_SELECT = 1;
    public static final int TYPE_INDIRECT = 2;
    public static final int TYPE_FAST_FAILOVER = 3;
    /** OFPG_ALL: every group (for DELETE). */
    public static final long GROUP_ALL = 0xfffffffcL;
    public static final long GROUP_ANY = 0xffffffffL;
    /** OpenFlow 1.5.1 §7.3.4.2 ofp_group_bucket: command_bucket_id values that name no single bucket. */
    public static final long BUCKET_FIRST = 0xfffffffdL;
    public static final long BUCKET_LAST = 0xfffffffeL;
    public static final long BUCKET_ALL = 0xffffffffL;
    /** A bucket built without an id: OpenFlow 1.5 encoding numbers it by its position, as OVS does for 1.1-1.4. */
    public static final long NO_BUCKET_ID = -1;

    /** ofp_group_bucket_prop_type (OpenFlow 1.5.1 §7.3.4.2). */
    static final int OFPGBPT_WEIGHT = 0;
    static final int OFPGBPT_WATCH_PORT = 1;
    static final int OFPGBPT_WATCH_GROUP = 2;

    /**
     * A bucket: weight for select groups, watch port/group for fast failover, then actions. {@code bucketId} is
     * carried only by OpenFlow 1.5 ({@link #NO_BUCKET_ID} when decoded from an earlier version).
     */
    public record Bucket(long bucketId, int weight, long watchPort, long watchGroup, List<Action> actions,
                         byte[] properties) {
        private static final byte[] NONE = new byte[0];

        /**
         * {@code properties}: OpenFlow 1.5 bucket properties other than weight / watch_port / watch_group (e.g.
         * experimenter ones, OpenFlow 1.5.1 §7.3.4.2), each padded to 8 bytes, kept opaque so they re-encode
         * byte-exact after the known ones.
         */
        public Bucket {
            actions = List.copyOf(actions);
            properties = properties == null ? NONE : properties.clone();
        }

        public Bucket(long bucketId, int weight, long watchPort, long watchGroup, List<Action> actions) {
            this(bucketId, weight, watchPort, watchGroup, actions, NONE);
        }

        public Bucket(int weight, long watchPort, long watchGroup, List<Action> actions) {
            this(NO_BUCKET_ID, weight, watchPort, watchGroup, actions);
        }

        public static Bucket of(List<Action> actions) {
            return new Bucket(0, OfPort.ANY, GROUP_ANY, actions);
        }

        public static Bucket weighted(int weight, List<Action> actions) {
            return new Bucket(weight, OfPort.ANY, GROUP_ANY, actions);
        }

        public Bucket withId(long id) {
            return new Bucket(id, weight, watchPort, watchGroup, actions, properties);
        }

        @Override
        public byte[] properties() {
            return properties.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bucket b && b.bucketId == bucketId && b.weight == weight && b.watchPort == watchPort
                    && b.watchGroup == watchGroup && b.actions.equals(actions) && Arrays.equals(b.properties, properties);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bucketId, weight, watchPort, watchGroup, actions) * 31 + Arrays.hashCode(properties);
        }

        @Override
        public String toString() {
            return "Bucket[id=" + bucketId + ", weight=" + weight + ", watch_port=" + watchPort + ", watch_group="
                    + watchGroup + ", actions=" + actions
                    + (properties.length > 0 ? ", properties=" + HexFormat.of().formatHex(properties) : "") + "]";
        }

        /** ofp_bucket of OpenFlow 1.1-1.4 (1.3.5 §7.3.4.2). */
        public void encode(ByteBuf out, OfVersion version) {
            int start = out.writerIndex();
            out.writeShort(0).writeShort(weight).writeInt((int) watchPort).writeInt((int) watchGroup).writeZero(4);
            ActionCodec.encode(actions, out, version);
            out.setShort(start, out.writerIndex() - start);
        }

        /**
         * ofp_bucket of OpenFlow 1.5.1 §7.3.4.2: len, action_array_len, bucket_id, actions, properties. Like OVS,
         * the weight only for select groups, watch port/group only when set.
         */
        public void encode15(ByteBuf out, int groupType, long id) {
            int start = out.writerIndex();
            out.writeShort(0).writeShort(0).writeInt((int) id);
            ActionCodec.encode(actions, out, OfVersion.OF_1_5);
            out.setShort(start + 2, out.writerIndex() - start - 8);
            if (groupType == TYPE_SELECT) {
                out.writeShort(OFPGBPT_WEIGHT).writeShort(8).writeShort(weight).writeZero(2);
            }
            if (watchPort != OfPort.ANY) {
                out.writeShort(OFPGBPT_WATCH_PORT).writeShort(8).writeInt((int) watchPort);
            }
            if (watchGroup != GROUP_ANY) {
                out.writeShort(OFPGBPT_WATCH_GROUP).writeShort(8).writeInt((int) watchGroup);
            }
            out.writeBytes(properties);
            out.setShort(start, out.writerIndex() - start);
        }

        /** Decodes a run of OpenFlow 1.1-1.4 buckets filling {@code in}; {@code base} is its reader's offset. */
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

        /** Decodes a run of OpenFlow 1.5 buckets filling {@code in}; unknown bucket properties are kept opaque. */
        public static List<Bucket> decodeAll15(ByteBuf in, int base, int groupType) throws DecodeException {
            List<Bucket> list = new ArrayList<>();
            int start = in.readerIndex();
            while (in.isReadable()) {
                int at = base + in.readerIndex() - start;
                if (in.readableBytes() < 8) {
                    throw new DecodeException(at, "ofp_bucket of " + in.readableBytes() + " bytes");
                }
                int len = in.getUnsignedShort(in.readerIndex());
                int actionsLen = in.getUnsignedShort(in.readerIndex() + 2);
                if (len < 8 || len > in.readableBytes()) {
                    throw new DecodeException(at, "ofp_bucket length " + len);
                }
                if (actionsLen > len - 8) {
                    throw new DecodeException(at + 2, "ofp_bucket action_array_len " + actionsLen + " in " + len
                            + " bytes");
                }
                ByteBuf b = in.readSlice(len);
                List<Action> actions = ActionCodec.decode(b.slice(8, actionsLen), at + 8);
                int weight = groupType == TYPE_SELECT ? 1 : 0;
                long watchPort = OfPort.ANY;
                long watchGroup = GROUP_ANY;
                ByteBuf props = b.slice(8 + actionsLen, len - 8 - actionsLen);
                ByteBuf unknown = Unpooled.buffer(0);
                while (props.isReadable()) {
                    int pat = at + 8 + actionsLen + props.readerIndex();
                    if (props.readableBytes() < 4) {
                        throw new DecodeException(pat, "truncated bucket property");
                    }
                    int ptype = props.getUnsignedShort(props.readerIndex());
                    int plen = props.getUnsignedShort(props.readerIndex() + 2);
                    int padded = (plen + 7) & ~7;
                    if (plen < 4 || padded > props.readableBytes()) {
                        throw new DecodeException(pat + 2, "bucket property " + ptype + " length " + plen);
                    }
                    ByteBuf p = props.readSlice(padded);
                    if (ptype <= OFPGBPT_WATCH_GROUP && plen != 8) {
                        throw new DecodeException(pat + 2, "bucket property " + ptype + " length " + plen
                                + ", expected 8");
                    }
                    switch (ptype) {
                        case OFPGBPT_WEIGHT -> weight = p.getUnsignedShort(4);
                        case OFPGBPT_WATCH_PORT -> watchPort = p.getUnsignedInt(4);
                        case OFPGBPT_WATCH_GROUP -> watchGroup = p.getUnsignedInt(4);
                        default -> unknown.writeBytes(p, 0, padded);
                    }
                }
                byte[] extra = new byte[unknown.readableBytes()];
                unknown.readBytes(extra);
                list.add(new Bucket(b.getUnsignedInt(4), weight, watchPort, watchGroup, actions, extra));
            }
            return list;
        }
    }

    public GroupMod {
        buckets = List.copyOf(buckets);
        properties = Objects.requireNonNull(properties, "properties").clone();
    }

    /** A group mod without OpenFlow 1.5 extras (command_bucket_id = ALL, no group properties). */
    public GroupMod(int command, int groupType, long groupId, List<Bucket> buckets) {
        this(command, groupType, groupId, buckets, BUCKET_ALL, new byte[0]);
    }

    public static GroupMod add(int groupType, long groupId, List<Bucket> buckets) {
        return new GroupMod(ADD, groupType, groupId, buckets);
    }

    public static GroupMod delete(long groupId) {
        return new GroupMod(DELETE, TYPE_ALL, groupId, List.of());
    }

    /** OpenFlow 1.5: inserts {@code buckets} before {@code beforeBucketId} (or {@link #BUCKET_FIRST}/LAST). */
    public static GroupMod insertBuckets(long groupId, long beforeBucketId, List<Bucket> buckets) {
        return new GroupMod(INSERT_BUCKET, TYPE_ALL, groupId, buckets, beforeBucketId, new byte[0]);
    }

    /** OpenFlow 1.5: removes bucket {@code bucketId} (or {@link #BUCKET_FIRST}/LAST/ALL). */
    public static GroupMod removeBucket(long groupId, long bucketId) {
        return new GroupMod(REMOVE_BUCKET, TYPE_ALL, groupId, List.of(), bucketId, new byte[0]);
    }

    @Override
    public byte[] properties() {
        return properties.clone();
    }

    static GroupMod decode(ByteBuf b, OfVersion v) throws DecodeException {
        final int h = MessageCodec.HEADER_LENGTH;
        if (v.atLeast(OfVersion.OF_1_5)) {
            if (b.readableBytes() < 16) {
                throw new DecodeException(h, "OpenFlow 1.5 GROUP_MOD body of " + b.readableBytes() + " bytes");
            }
            int type = b.getUnsignedByte(2);
            int arrayLen = b.getUnsignedShort(8);
            if (arrayLen > b.readableBytes() - 16) {
                throw new DecodeException(h + 8, "bucket_array_len " + arrayLen + " with " + (b.readableBytes() - 16)
                        + " bytes left");
            }
            List<Bucket> buckets = Bucket.decodeAll15(b.slice(16, arrayLen), h + 16, type);
            byte[] props = new byte[b.readableBytes() - 16 - arrayLen];
            b.getBytes(16 + arrayLen, props);
            return new GroupMod(b.getUnsignedShort(0), type, b.getUnsignedInt(4), buckets, b.getUnsignedInt(12),
                    props);
        }
        if (b.readableBytes() < 8) {
            throw new DecodeException(h, "GROUP_MOD body of " + b.readableBytes() + " bytes");
        }
        List<Bucket> buckets = Bucket.decodeAll(b.slice(8, b.readableBytes() - 8), h + 8);
        return new GroupMod(b.getUnsignedShort(0), b.getUnsignedByte(2), b.getUnsignedInt(4), buckets);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.GROUP_MOD;
    }

    /**
     * Writes the body for {@code version}. Before OpenFlow 1.5 there is no INSERT_BUCKET/REMOVE_BUCKET and no group
     * property: such a message is refused with IllegalArgumentException.
     */
    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(command).writeByte(groupType).writeZero(1).writeInt((int) groupId);
        if (version.atLeast(OfVersion.OF_1_5)) {
            int lenAt = out.writerIndex();
            out.writeShort(0).writeZero(2).writeInt((int) commandBucketId);
            int start = out.writerIndex();
            for (int i = 0; i < buckets.size(); i++) {
                Bucket b = buckets.get(i);
                b.encode15(out, groupType, b.bucketId() == NO_BUCKET_ID ? i : b.bucketId());
            }
            out.setShort(lenAt, out.writerIndex() - start);
            out.writeBytes(properties);
            return;
        }
        if (command == INSERT_BUCKET || command == REMOVE_BUCKET || properties.length > 0) {
            throw new IllegalArgumentException("GROUP_MOD command " + command + (properties.length > 0
                    ? " with group properties" : "") + " needs OpenFlow 1.5, not " + version);
        }
        for (Bucket b : buckets) {
            b.encode(out, version);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupMod g && g.command == command && g.groupType == groupType && g.groupId == groupId
                && g.buckets.equals(buckets) && g.commandBucketId == commandBucketId
                && Arrays.equals(g.properties, properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, groupType, groupId, buckets, commandBucketId) * 31 + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "GroupMod[command=" + command + ", type=" + groupType + ", group_id=" + groupId + ", buckets="
                + buckets + (commandBucketId != BUCKET_ALL ? ", command_bucket_id=0x"
                + Long.toHexString(commandBucketId) : "")
                + (properties.length > 0 ? ", properties=" + HexFormat.of().formatHex(properties) : "") + "]";
    }
}
