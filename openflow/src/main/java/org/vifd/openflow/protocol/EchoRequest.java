package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;

/** OFPT_ECHO_REQUEST (OpenFlow 1.3.5 §7.5.2). */
public record EchoRequest(byte[] data) implements OfMessage {
    public EchoRequest {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.ECHO_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoRequest e && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }
}
