package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_BUNDLE_CONTROL (OpenFlow 1.4.1 §7.3.9.1); in OpenFlow 1.3 the same body travels as the ONF experimenter
 * message ONFT_BUNDLE_CONTROL (ONF extension 230, which OVS implements).
 */
public record BundleControl(long bundleId, int controlType, int flags) implements OfMessage {
    public static final int OPEN_REQUEST = 0;
    public static final int OPEN_REPLY = 1;
    public static final int CLOSE_REQUEST = 2;
    public static final int CLOSE_REPLY = 3;
    public static final int COMMIT_REQUEST = 4;
    public static final int COMMIT_REPLY = 5;
    public static final int DISCARD_REQUEST = 6;
    public static final int DISCARD_REPLY = 7;
    public static final int FLAG_ATOMIC = 1;
    public static final int FLAG_ORDERED = 2;

    @Override
    public MessageType type(OfVersion version) {
        return version.atLeast(OfVersion.OF_1_4) ? MessageType.BUNDLE_CONTROL : MessageType.EXPERIMENTER;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        if (!version.atLeast(OfVersion.OF_1_4)) {
            out.writeInt(Experimenter.ONF).writeInt(Experimenter.ONFT_BUNDLE_CONTROL);
        }
        out.writeInt((int) bundleId).writeShort(controlType).writeShort(flags);
    }
}
