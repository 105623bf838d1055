package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.protocol.MultipartType;

/**
 * Typed OFPT_MULTIPART_REQUEST bodies (OpenFlow 1.3.5 §7.3.5). Pair each with the reply decoder named in its
 * comment, e.g. {@code connection.multipart(MultipartRequests.portStats(OfPort.ANY), PortStats::decodeAll)}.
 */
public final class MultipartRequests {
    /** OFPP_ANY, OFPQ_ALL, OFPG_ALL, OFPM_ALL: "every one". */
    public static final long ALL = 0xffffffffL;
    public static final long GROUP_ALL = 0xfffffffcL;

    private MultipartRequests() {
    }

    /** OFPMP_DESC → {@link SwitchDescription#decode}. */
    public static MultipartRequest desc() {
        return empty(MultipartType.DESC);
    }

    /** OFPMP_TABLE → {@link TableStats#decodeAll}. */
    public static MultipartRequest tableStats() {
        return empty(MultipartType.TABLE);
    }

    /** OFPMP_TABLE_FEATURES with an empty body: a query that changes nothing → {@link TableFeatures#decodeAll}. */
    public static MultipartRequest tableFeatures() {
        return empty(MultipartType.TABLE_FEATURES);
    }

    /** OFPMP_PORT_STATS for one port or OFPP_ANY → {@link PortStats#decodeAll}. */
    public static MultipartRequest portStats(long portNo) {
        return withIdAndPad(MultipartType.PORT_STATS, portNo);
    }

    /** OFPMP_PORT_DESC → {@link org.vifd.openflow.protocol.PortDesc#decodeAll}. */
    public static MultipartRequest portDesc() {
        return empty(MultipartType.PORT_DESC);
    }

    /** OFPMP_QUEUE for a port (or OFPP_ANY) and queue (or OFPQ_ALL) → {@link QueueStats#decodeAll}. */
    public static MultipartRequest queueStats(long portNo, long queueId) {
        ByteBuf b = Unpooled.buffer(8).writeInt((int) portNo).writeInt((int) queueId);
        return new MultipartRequest(MultipartType.QUEUE, 0, b.array());
    }

    /** OFPMP_GROUP for a group or OFPG_ALL → {@link GroupStats#decodeAll}. */
    public static MultipartRequest groupStats(long groupId) {
        return withIdAndPad(MultipartType.GROUP, groupId);
    }

    /** OFPMP_GROUP_DESC → {@link GroupDesc#decodeAll}. */
    public static MultipartRequest groupDesc() {
        return empty(MultipartType.GROUP_DESC);
    }

    /** OFPMP_GROUP_FEATURES → {@link GroupFeatures#decode}. */
    public static MultipartRequest groupFeatures() {
        return empty(MultipartType.GROUP_FEATURES);
    }

    /** OFPMP_METER for a meter or OFPM_ALL → {@link MeterStats#decodeAll}. */
    public static MultipartRequest meterStats(long meterId) {
        return withIdAndPad(MultipartType.METER, meterId);
    }

    /** OFPMP_METER_CONFIG for a meter or OFPM_ALL → {@link MeterConfig#decodeAll}. */
    public static MultipartRequest meterConfig(long meterId) {
        return withIdAndPad(MultipartType.METER_CONFIG, meterId);
    }

    /** OFPMP_METER_FEATURES → {@link MeterFeatures#decode}. */
    public static MultipartRequest meterFeatures() {
        return empty(MultipartType.METER_FEATURES);
    }

    private static MultipartRequest empty(int type) {
        return new MultipartRequest(type, 0, new byte[0]);
    }

    /** Bodies of a 32-bit id and 4 bytes of padding (port, group and meter requests). */
    private static MultipartRequest withIdAndPad(int type, long id) {
        ByteBuf b = Unpooled.buffer(8).writeInt((int) id).writeZero(4);
        return new MultipartRequest(type, 0, b.array());
    }
}
