package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_PORT_STATUS (OpenFlow 1.3.5 §7.4.3): a port was added, deleted or changed. {@code reason} is open-ended
 * (OFPPR_ADD=0, OFPPR_DELETE=1, OFPPR_MODIFY=2); {@link #reasonName()} names it.
 */
public record PortStatus(int reason, PortDesc port) implements OfMessage {
    public static final int ADD = 0;
    public static final int DELETE = 1;
    public static final int MODIFY = 2;

    public PortStatus {
        Objects.requireNonNull(port, "port");
    }

    public String reasonName() {
        return switch (reason) {
            case ADD -> "ADD";
            case DELETE -> "DELETE";
            case MODIFY -> "MODIFY";
            default -> "UNKNOWN(" + reason + ")";
        };
    }

    static PortStatus decode(ByteBuf b, OfVersion v) throws DecodeException {
        if (b.readableBytes() < 8) {
            throw new DecodeException(MessageCodec.HEADER_LENGTH, "PORT_STATUS body of " + b.readableBytes()
                    + " bytes");
        }
        int reason = b.getUnsignedByte(0);
        b.readerIndex(8);
        return new PortStatus(reason, PortDesc.decode(b, v, MessageCodec.HEADER_LENGTH + 8));
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.PORT_STATUS;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeByte(reason).writeZero(7);
        port.encode(out, version);
    }

    @Override
    public String toString() {
        return "PortStatus[" + reasonName() + " " + port + "]";
    }
}
