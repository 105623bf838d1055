package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** OFPMP_AGGREGATE reply (OpenFlow 1.3.5 §7.3.5.3; OXS form in 1.5.1). */
public record AggregateStats(long packetCount, long byteCount, long flowCount) {
    public static AggregateStats decode(ByteBuf body, OfVersion version) throws DecodeException {
        if (version.atLeast(OfVersion.OF_1_5)) {
            long[] v = FlowStats.Oxs.decode(body, 0);
            return new AggregateStats(v[FlowStats.Oxs.PACKET_COUNT], v[FlowStats.Oxs.BYTE_COUNT],
                    v[FlowStats.Oxs.FLOW_COUNT]);
        }
        if (body.readableBytes() < 24) {
            throw new DecodeException(body.readerIndex(), "aggregate reply of " + body.readableBytes() + " bytes");
        }
        return new AggregateStats(body.readLong(), body.readLong(), body.readUnsignedInt());
    }
}
