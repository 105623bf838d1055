package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_SET_CONFIG or OFPT_GET_CONFIG_REPLY (OpenFlow 1.3.5 §7.3.2): flags and miss_send_len. On an OVS
 * management socket (a service connection) a nonzero miss_send_len is what turns asynchronous messages on.
 */
public record SwitchConfig(boolean reply, int flags, int missSendLen) implements OfMessage {
    /** OFPCML_NO_BUFFER: send whole packets. */
    public static final int NO_BUFFER = 0xffff;

    public static SwitchConfig set(int flags, int missSendLen) {
        return new SwitchConfig(false, flags, missSendLen);
    }

    @Override
    public MessageType type(OfVersion version) {
        return reply ? MessageType.GET_CONFIG_REPLY : MessageType.SET_CONFIG;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(flags).writeShort(missSendLen);
    }
}
