package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/** A header-only message: barrier request/reply, get-config request (OpenFlow 1.3.5 §7.3.2, §7.3.8). */
public record SimpleMessage(MessageType messageType) implements OfMessage {
    public static final SimpleMessage BARRIER_REQUEST = new SimpleMessage(MessageType.BARRIER_REQUEST);
    public static final SimpleMessage BARRIER_REPLY = new SimpleMessage(MessageType.BARRIER_REPLY);
    public static final SimpleMessage GET_CONFIG_REQUEST = new SimpleMessage(MessageType.GET_CONFIG_REQUEST);

    @Override
    public MessageType type(OfVersion version) {
        return messageType;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
    }
}
