package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.OfVersion;

/**
 * An OpenFlow message body. The 8-byte ofp_header (version, type, length, xid; OpenFlow 1.3.5 §7.1) is written
 * by {@link MessageCodec}; a message writes what follows it.
 */
public interface OfMessage {
    /** The header's type for this message in {@code version} (bundles change type between 1.3 and 1.4). */
    MessageType type(OfVersion version);

    /** Writes the bytes after the header. */
    void writeBody(ByteBuf out, OfVersion version);
}
