package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_REQUESTFORWARD (OpenFlow 1.4.1 §7.4.6): a GROUP_MOD or METER_MOD another controller sent, forwarded whole
 * (its own header, with that controller's xid). The reason (group_mod / meter_mod) is the inner message's type.
 */
public record RequestForward(int requestXid, OfMessage request) implements OfMessage {
    public RequestForward {
        Objects.requireNonNull(request, "request");
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.REQUESTFORWARD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        MessageCodec.encode(request, version, requestXid, out);
    }
}
