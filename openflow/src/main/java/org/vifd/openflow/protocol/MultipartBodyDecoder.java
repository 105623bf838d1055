package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** Decodes the reassembled body of a multipart reply (e.g. {@code PortDesc::decodeAll}). */
@FunctionalInterface
public interface MultipartBodyDecoder<T> {
    T decode(ByteBuf body, OfVersion version) throws DecodeException;
}
