package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/** OFPT_ROLE_REQUEST / OFPT_ROLE_REPLY (OpenFlow 1.3.5 §7.3.9): role, pad, generation_id. */
public record RoleMessage(boolean reply, Role role, long generationId) implements OfMessage {
    public static RoleMessage request(Role role, long generationId) {
        return new RoleMessage(false, role, generationId);
    }

    @Override
    public MessageType type(OfVersion version) {
        return reply ? MessageType.ROLE_REPLY : MessageType.ROLE_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt(role.code()).writeZero(4).writeLong(generationId);
    }
}
