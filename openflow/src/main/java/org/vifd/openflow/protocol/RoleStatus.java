package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_ROLE_STATUS (OpenFlow 1.4.1 §7.4.4): the switch tells a controller its role changed — role, reason, pad,
 * generation_id, then properties (only experimenter ones are defined; kept as opaque bytes).
 */
public record RoleStatus(Role role, int reason, long generationId, byte[] properties) implements OfMessage {
    /** ofp_controller_role_reason: another controller asked to be master (OVS prints primary_request). */
    public static final int REASON_MASTER_REQUEST = 0;
    /** The configuration changed on the switch. */
    public static final int REASON_CONFIG = 1;
    public static final int REASON_EXPERIMENTER = 2;

    public RoleStatus {
        Objects.requireNonNull(role, "role");
        properties = properties.clone();
    }

    @Override
    public byte[] properties() {
        return properties.clone();
    }

    static RoleStatus decode(ByteBuf b) throws org.vifd.openflow.DecodeException {
        if (b.readableBytes() < 16) {
            throw new org.vifd.openflow.DecodeException(MessageCodec.HEADER_LENGTH, "ROLE_STATUS body of "
                    + b.readableBytes() + " bytes, needs 16");
        }
        Role role = Role.fromCode(b.getUnsignedInt(0));
        if (role == null) {
            throw new org.vifd.openflow.DecodeException(MessageCodec.HEADER_LENGTH, "unknown role "
                    + b.getUnsignedInt(0));
        }
        byte[] props = new byte[b.readableBytes() - 16];
        b.getBytes(16, props);
        return new RoleStatus(role, b.getUnsignedByte(4), b.getLong(8), props);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.ROLE_STATUS;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt(role.code()).writeByte(reason).writeZero(3).writeLong(generationId).writeBytes(properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoleStatus r && r.role == role && r.reason == reason && r.generationId == generationId
                && Arrays.equals(r.properties, properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, reason, generationId) * 31 + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "RoleStatus[role=" + role + ", reason=" + reason + ", generation_id=" + generationId
                + (properties.length > 0 ? ", properties=" + HexFormat.of().formatHex(properties) : "") + "]";
    }
}
