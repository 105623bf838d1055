package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** One OFPMP_TABLE reply entry, ofp_table_stats (OpenFlow 1.3.5 §7.3.5.4; unchanged in 1.4/1.5). */
public record TableStats(int tableId, long activeCount, long lookupCount, long matchedCount) {
    public static List<TableStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.fixed(body, 24, "ofp_table_stats", (e, at) -> new TableStats(e.getUnsignedByte(0),
                e.getUnsignedInt(4), e.getLong(8), e.getLong(16)));
    }
}
