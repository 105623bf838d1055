package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** One OFPMP_METER entry, ofp_meter_stats (OpenFlow 1.3.5 §7.3.5.12) with per-band counters. */
public record MeterStats(long meterId, long flowCount, long packetInCount, long byteInCount, long durationSec,
                         long durationNsec, List<BandCounter> bands) {
    public record BandCounter(long packetCount, long byteCount) {
    }

    public MeterStats {
        bands = List.copyOf(bands);
    }

    public static List<MeterStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        // The length field follows the 32-bit meter id.
        return Bodies.lengthPrefixed(body, 4, 40, "ofp_meter_stats", (e, at) -> {
            List<BandCounter> b = new ArrayList<>();
            for (int i = 40; i + 16 <= e.readableBytes(); i += 16) {
                b.add(new BandCounter(e.getLong(i), e.getLong(i + 8)));
            }
            return new MeterStats(e.getUnsignedInt(0), e.getUnsignedInt(12), e.getLong(16), e.getLong(24),
                    e.getUnsignedInt(32), e.getUnsignedInt(36), b);
        });
    }
}
