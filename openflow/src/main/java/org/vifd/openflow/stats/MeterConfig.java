package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.MeterMod;

/** One OFPMP_METER_CONFIG entry, ofp_meter_config (OpenFlow 1.3.5 §7.3.5.13): flags, meter id, bands. */
public record MeterConfig(int flags, long meterId, List<MeterMod.Band> bands) {
    public MeterConfig {
        bands = List.copyOf(bands);
    }

    public static List<MeterConfig> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.lengthPrefixed(body, 0, 8, "ofp_meter_config", (e, at) -> {
            List<MeterMod.Band> bands = new ArrayList<>();
            int i = 8;
            while (i < e.readableBytes()) {
                int blen = e.readableBytes() - i < 4 ? 0 : e.getUnsignedShort(i + 2);
                if (blen < 16 || i + blen > e.readableBytes()) {
                    throw new DecodeException(at + i + 2, "meter band length " + blen);
                }
                bands.add(new MeterMod.Band(e.getUnsignedShort(i), e.getUnsignedInt(i + 4), e.getUnsignedInt(i + 8)));
                i += blen;
            }
            return new MeterConfig(e.getUnsignedShort(2), e.getUnsignedInt(4), bands);
        });
    }
}
