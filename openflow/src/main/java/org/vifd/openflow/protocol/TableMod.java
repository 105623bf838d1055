package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_TABLE_MOD (OpenFlow 1.3.5 §7.3.3: table_id, config; 1.4.1 adds eviction/vacancy bits and properties, which
 * this record does not carry). {@code tableId} 0xff means all tables.
 */
public record TableMod(int tableId, long config) implements OfMessage {
    public static final int ALL_TABLES = 0xff;
    /** OFPTC_EVICTION (1.4.1 §7.3.3): the switch may evict flows to make room. */
    public static final long OFPTC_EVICTION = 4;
    /** OFPTC_VACANCY_EVENTS (1.4.1 §7.3.3): send TABLE_STATUS when the table fills or empties. */
    public static final long OFPTC_VACANCY_EVENTS = 8;

    static TableMod decode(ByteBuf b) throws DecodeException {
        if (b.readableBytes() < 8) {
            throw new DecodeException(MessageCodec.HEADER_LENGTH, "TABLE_MOD body of " + b.readableBytes()
                    + " bytes");
        }
        return new TableMod(b.getUnsignedByte(0), b.getUnsignedInt(4));
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.TABLE_MOD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeByte(tableId).writeZero(3).writeInt((int) config);
    }
}
