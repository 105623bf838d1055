package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_HELLO with an OFPHET_VERSIONBITMAP element (OpenFlow 1.3.5 §7.5.1, §6.3.1). A peer's hello without a
 * bitmap offers every version up to its header version.
 */
public record Hello(List<OfVersion> versions) implements OfMessage {
    static final int OFPHET_VERSIONBITMAP = 1;

    public Hello {
        versions = List.copyOf(versions);
    }

    public OfVersion highest() {
        return versions.stream().max(OfVersion::compareTo).orElse(OfVersion.OF_1_3);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.HELLO;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        int bitmap = 0;
        for (OfVersion v : versions) {
            if (v.wire() < 32) {
                bitmap |= 1 << v.wire();
            }
        }
        out.writeShort(OFPHET_VERSIONBITMAP).writeShort(8).writeInt(bitmap);
    }
}
