package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_QUEUE_GET_CONFIG_REQUEST / _REPLY (OpenFlow 1.3.5 §7.3.6; removed in 1.4 for OFPMP_QUEUE_DESC). A request
 * has no queues; a reply lists the port's queues, each with its properties kept as (type, bytes).
 */
public record QueueGetConfig(boolean reply, long portNo, List<Queue> queues) implements OfMessage {
    /** ofp_packet_queue: queue id, port, properties. */
    public record Queue(long queueId, long portNo, List<QueueProperty> properties) {
        public Queue {
            properties = List.copyOf(properties);
        }
    }

    /** ofp_queue_prop_header type (OFPQT_MIN_RATE=1, MAX_RATE=2, EXPERIMENTER=0xffff) and the bytes after it. */
    public record QueueProperty(int type, byte[] value) {
        public QueueProperty {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof QueueProperty p && p.type == type && java.util.Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return type * 31 + java.util.Arrays.hashCode(value);
        }
    }

    public QueueGetConfig {
        queues = List.copyOf(Objects.requireNonNull(queues, "queues"));
    }

    public static QueueGetConfig request(long portNo) {
        return new QueueGetConfig(false, portNo, List.of());
    }

    static QueueGetConfig decode(boolean reply, ByteBuf b) throws DecodeException {
        final int h = MessageCodec.HEADER_LENGTH;
        if (b.readableBytes() < 8) {
            throw new DecodeException(h, "QUEUE_GET_CONFIG body of " + b.readableBytes() + " bytes");
        }
        List<Queue> queues = new ArrayList<>();
        int i = 8;
        while (reply && i < b.readableBytes()) {
            int len = b.readableBytes() - i < 16 ? 0 : b.getUnsignedShort(i + 8);
            if (len < 16 || i + len > b.readableBytes()) {
                throw new DecodeException(h + i, "ofp_packet_queue length " + len);
            }
            List<QueueProperty> props = new ArrayList<>();
            int j = i + 16;
            while (j < i + len) {
                int plen = i + len - j < 8 ? 0 : b.getUnsignedShort(j + 2);
                if (plen < 8 || j + plen > i + len) {
                    throw new DecodeException(h + j + 2, "queue property length " + plen);
                }
                byte[] v = new byte[plen - 8];
                b.getBytes(j + 8, v);
                props.add(new QueueProperty(b.getUnsignedShort(j), v));
                j += plen;
            }
            queues.add(new Queue(b.getUnsignedInt(i), b.getUnsignedInt(i + 4), props));
            i += len;
        }
        return new QueueGetConfig(reply, b.getUnsignedInt(0), queues);
    }

    @Override
    public MessageType type(OfVersion version) {
        return reply ? MessageType.QUEUE_GET_CONFIG_REPLY : MessageType.QUEUE_GET_CONFIG_REQUEST;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeInt((int) portNo).writeZero(4);
        for (Queue q : queues) {
            int start = out.writerIndex();
            out.writeInt((int) q.queueId()).writeInt((int) q.portNo()).writeShort(0).writeZero(6);
            for (QueueProperty p : q.properties()) {
                out.writeShort(p.type()).writeShort(8 + p.value().length).writeZero(4).writeBytes(p.value());
            }
            out.setShort(start + 8, out.writerIndex() - start);
        }
    }
}
