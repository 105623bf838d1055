package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;

/** A generic OFPT_MULTIPART_REQUEST (OpenFlow 1.3.5 §7.3.5): type, flags, raw body. */
public record MultipartRequest(int multipartType, int flags, byte[] body) implements OfMessage {
    public MultipartRequest {
        body = body.clone();
    }

    public static MultipartRequest portDesc() {
        return new MultipartRequest(MultipartType.PORT_DESC, 0, new byte[0]);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.MULTIPART_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(multipartType).writeShort(flags).writeZero(4).writeBytes(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultipartRequest m && m.multipartType == multipartType && m.flags == flags
                && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return multipartType * 31 + Arrays.hashCode(body);
    }
}
