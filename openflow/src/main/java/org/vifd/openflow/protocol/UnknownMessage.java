package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;

/** A message this library does not decode (port status, flow removed, ...): its type and raw body. */
public record UnknownMessage(MessageType messageType, byte[] body) implements OfMessage {
    public UnknownMessage {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public MessageType type(OfVersion version) {
        return messageType;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeBytes(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownMessage u && u.messageType.equals(messageType) && Arrays.equals(u.body, body);
    }

    @Override
    public int hashCode() {
        return messageType.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "UnknownMessage[" + messageType + ", " + body.length + " bytes]";
    }
}
