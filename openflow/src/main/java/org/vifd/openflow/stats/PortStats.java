package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * One OFPMP_PORT_STATS entry: ofp_port_stats (OpenFlow 1.3.5 §7.3.5.6, 112 bytes); in 1.4.1 §7.3.5.6 a
 * length-prefixed head with the Ethernet counters (frame, overrun, CRC errors, collisions) in an OFPPSPT_ETHERNET
 * property.
 */
public record PortStats(long portNo, long rxPackets, long txPackets, long rxBytes, long txBytes, long rxDropped,
                        long txDropped, long rxErrors, long txErrors, long rxFrameErr, long rxOverErr,
                        long rxCrcErr, long collisions, long durationSec, long durationNsec) {
    public static List<PortStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        if (!version.atLeast(OfVersion.OF_1_4)) {
            return Bodies.fixed(body, 112, "ofp_port_stats", (e, at) -> new PortStats(e.getUnsignedInt(0),
                    e.getLong(8), e.getLong(16), e.getLong(24), e.getLong(32), e.getLong(40), e.getLong(48),
                    e.getLong(56), e.getLong(64), e.getLong(72), e.getLong(80), e.getLong(88), e.getLong(96),
                    e.getUnsignedInt(104), e.getUnsignedInt(108)));
        }
        return Bodies.lengthPrefixed(body, 0, 80, "ofp_port_stats", (e, at) -> {
            long[] eth = new long[4];
            for (Property p : Bodies.properties(e, 80, at)) {
                if (p.type() == 0 && p.value().length >= 36) {
                    ByteBuf v = io.netty.buffer.Unpooled.wrappedBuffer(p.value());
                    for (int k = 0; k < 4; k++) {
                        eth[k] = v.getLong(4 + 8 * k);
                    }
                }
            }
            return new PortStats(e.getUnsignedInt(4), e.getLong(16), e.getLong(24), e.getLong(32), e.getLong(40),
                    e.getLong(48), e.getLong(56), e.getLong(64), e.getLong(72), eth[0], eth[1], eth[2], eth[3],
                    e.getUnsignedInt(8), e.getUnsignedInt(12));
        });
    }
}
