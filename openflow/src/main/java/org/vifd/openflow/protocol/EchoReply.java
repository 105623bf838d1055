package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;

/** OFPT_ECHO_REPLY (OpenFlow 1.3.5 §7.5.3). */
public record EchoReply(byte[] data) implements OfMessage {
    public EchoReply {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.ECHO_REPLY;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeBytes(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EchoReply e && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }
}
