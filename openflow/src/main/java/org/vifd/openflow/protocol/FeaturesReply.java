package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/** OFPT_FEATURES_REPLY (OpenFlow 1.3.5 §7.3.1, ofp_switch_features). */
public record FeaturesReply(long datapathId, long nBuffers, int nTables, int auxiliaryId, long capabilities)
        implements OfMessage {
    /** OFPC_BUNDLES is not in the spec's capabilities; OVS sets bit 9 when it supports bundles. */
    public static final long OFPC_FLOW_STATS = 1;

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.FEATURES_REPLY;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeLong(datapathId).writeInt((int) nBuffers).writeByte(nTables).writeByte(auxiliaryId).writeZero(2)
                .writeInt((int) capabilities).writeInt(0);
    }

    public String datapathIdHex() {
        return String.format("%016x", datapathId);
    }
}
