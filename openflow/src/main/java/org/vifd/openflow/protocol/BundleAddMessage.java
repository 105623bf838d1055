package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_BUNDLE_ADD_MESSAGE (OpenFlow 1.4.1 §7.3.9.6) or ONFT_BUNDLE_ADD_MESSAGE in 1.3: bundle id, pad, flags and
 * a whole message whose xid must equal the outer one (else OFPBFC_MSG_BAD_XID), hence {@code xid} here.
 */
public record BundleAddMessage(long bundleId, int flags, int xid, OfMessage message) implements OfMessage {
    @Override
    public MessageType type(OfVersion version) {
        return version.atLeast(OfVersion.OF_1_4) ? MessageType.BUNDLE_ADD_MESSAGE : MessageType.EXPERIMENTER;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (!version.atLeast(OfVersion.OF_1_4)) {
            out.writeInt(Experimenter.ONF).writeInt(Experimenter.ONFT_BUNDLE_ADD_MESSAGE);
        }
        out.writeInt((int) bundleId).writeZero(2).writeShort(flags);
        MessageCodec.encode(message, version, xid, out);
    }
}
