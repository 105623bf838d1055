package org.vifd.openflow.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into OpenFlow messages by the ofp_header length field (OpenFlow 1.3.5 §7.1). The length is
 * checked (8..maxLength) before any body is awaited; a lying length closes the connection with one log line naming
 * the peer, the stream offset and the value, and everything after it is discarded.
 */
public final class OpenFlowFrameDecoder extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowFrameDecoder.class);
    private final int maxLength;
    private long streamOffset;
    private boolean failed;

    public OpenFlowFrameDecoder(int maxLength) {
        if (maxLength < 8 || maxLength > 0xffff) {
            throw new IllegalArgumentException("maxLength must be 8..65535, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int r = in.readerIndex();
            int len = in.getUnsignedShort(r + 2);
            if (len < 8 || len > maxLength) {
                failed = true;
                LOG.warn("openflow peer={} bad message length {} at stream offset {} (allowed 8..{}, version=0x{} "
                        + "type={}); closing", ctx.channel().remoteAddress(), len, streamOffset + 2, maxLength,
                        Integer.toHexString(in.getUnsignedByte(r)), in.getUnsignedByte(r + 1));
                in.skipBytes(in.readableBytes());
                ctx.close();
                return;
            }
            if (in.readableBytes() < len) {
                return;
            }
            out.add(in.readRetainedSlice(len));
            streamOffset += len;
        }
    }

    /** Bytes consumed as whole messages so far. */
    public long streamOffset() {
        return streamOffset;
    }
}
