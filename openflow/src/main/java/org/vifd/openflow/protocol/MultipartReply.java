package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.vifd.openflow.OfVersion;

/**
 * One OFPT_MULTIPART_REPLY part (OpenFlow 1.3.5 §7.3.5): type, flags (OFPMPF_REPLY_MORE says more parts follow
 * with the same xid) and the raw body. The connection reassembles the parts before decoding them.
 */
public record MultipartReply(int multipartType, int flags, byte[] body) implements OfMessage {
    public MultipartReply {
        body = body.clone();
    }

    public boolean more() {
        return (flags & MultipartType.FLAG_MORE) != 0;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.MULTIPART_REPLY;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(multipartType).writeShort(flags).writeZero(4).writeBytes(body);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultipartReply m && m.multipartType == multipartType && m.flags == flags
                && Arrays.equals(m.body, body);
    }

    @Override
    public int hashCode() {
        return multipartType * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "MultipartReply[type=" + multipartType + ", flags=" + flags + ", " + body.length + " bytes]";
    }
}
