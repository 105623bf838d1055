package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** OFPMP_METER_FEATURES reply, ofp_meter_features (OpenFlow 1.3.5 §7.3.5.14). */
public record MeterFeatures(long maxMeter, long bandTypes, long capabilities, int maxBands, int maxColor) {
    public static MeterFeatures decode(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.single(body, 16, "ofp_meter_features", (e, at) -> new MeterFeatures(e.getUnsignedInt(0),
                e.getUnsignedInt(4), e.getUnsignedInt(8), e.getUnsignedByte(12), e.getUnsignedByte(13)));
    }
}
