package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/** OFPT_FEATURES_REQUEST (OpenFlow 1.3.5 §7.3.1): header only. */
public record FeaturesRequest() implements OfMessage {
    @Override
    public MessageType type(OfVersion version) {
        return MessageType.FEATURES_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
    }
}
