package org.vifd.openflow.protocol;

import org.vifd.openflow.OfVersion;

/** A decoded message with the header fields that are not part of its body. */
public record InboundMessage(OfVersion version, int xid, OfMessage message) {
}
