package org.vifd.openflow.stats;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * One OFPMP_TABLE_FEATURES entry, ofp_table_features (OpenFlow 1.3.5 §7.3.5.5): the fixed 64-byte head and the
 * properties (instructions, next tables, actions, match fields...) kept as TLVs.
 */
public record TableFeatures(int tableId, String name, long metadataMatch, long metadataWrite, long config,
                            long maxEntries, List<Property> properties) {
    public TableFeatures {
        properties = List.copyOf(properties);
    }

    public static List<TableFeatures> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return Bodies.lengthPrefixed(body, 0, 64, "ofp_table_features", (e, at) -> new TableFeatures(
                e.getUnsignedByte(2), Bodies.text(e, 8, 32), e.getLong(40), e.getLong(48), e.getUnsignedInt(56),
                e.getUnsignedInt(60), Bodies.properties(e, 64, at)));
    }
}
