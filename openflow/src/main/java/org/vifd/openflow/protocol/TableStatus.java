package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * OFPT_TABLE_STATUS (OpenFlow 1.4.1 §7.4.5): reason, pad[7], then one ofp_table_desc (length, table_id, pad,
 * config, properties). The table-desc properties (eviction, vacancy, experimenter; §7.3.3) are kept as opaque
 * bytes so the message re-encodes byte-exact; {@link #vacancy()} reads the vacancy property.
 */
public record TableStatus(int reason, int tableId, long config, byte[] properties) implements OfMessage {
    /** ofp_table_reason: the free space fell below vacancy_down / rose above vacancy_up. */
    public static final int REASON_VACANCY_DOWN = 3;
    public static final int REASON_VACANCY_UP = 4;
    /** ofp_table_config bits (OpenFlow 1.4.1 §7.3.3). */
    public static final long OFPTC_EVICTION = 4;
    public static final long OFPTC_VACANCY_EVENTS = 8;
    static final int OFPTMPT_EVICTION = 2;
    static final int OFPTMPT_VACANCY = 3;

    /** ofp_table_mod_prop_vacancy: thresholds and the current vacancy, in percent. */
    public record Vacancy(int vacancyDown, int vacancyUp, int vacancy) {
    }

    public TableStatus {
        properties = properties.clone();
    }

    @Override
    public byte[] properties() {
        return properties.clone();
    }

    /** The vacancy property, if the table description carries one. */
    public Optional<Vacancy> vacancy() {
        for (int at = 0; at + 4 <= properties.length; ) {
            int type = (properties[at] & 0xff) << 8 | (properties[at + 1] & 0xff);
            int len = (properties[at + 2] & 0xff) << 8 | (properties[at + 3] & 0xff);
            if (len < 4) {
                return Optional.empty();
            }
            if (type == OFPTMPT_VACANCY && len >= 7 && at + 7 <= properties.length) {
                return Optional.of(new Vacancy(properties[at + 4] & 0xff, properties[at + 5] & 0xff,
                        properties[at + 6] & 0xff));
            }
            at += (len + 7) & ~7;
        }
        return Optional.empty();
    }

    static TableStatus decode(ByteBuf b) throws DecodeException {
        final int h = MessageCodec.HEADER_LENGTH;
        if (b.readableBytes() < 16) {
            throw new DecodeException(h, "TABLE_STATUS body of " + b.readableBytes() + " bytes, needs 16");
        }
        int len = b.getUnsignedShort(8);
        if (len < 8 || len > b.readableBytes() - 8) {
            throw new DecodeException(h + 8, "ofp_table_desc length " + len + " with " + (b.readableBytes() - 8)
                    + " bytes left");
        }
        byte[] props = new byte[len - 8];
        b.getBytes(16, props);
        return new TableStatus(b.getUnsignedByte(0), b.getUnsignedByte(10), b.getUnsignedInt(12), props);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.TABLE_STATUS;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeByte(reason).writeZero(7);
        out.writeShort(8 + properties.length).writeByte(tableId).writeZero(1).writeInt((int) config)
                .writeBytes(properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableStatus t && t.reason == reason && t.tableId == tableId && t.config == config
                && Arrays.equals(t.properties, properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reason, tableId, config) * 31 + Arrays.hashCode(properties);
    }

    @Override
    public String toString() {
        return "TableStatus[reason=" + reason + ", table=" + tableId + ", config=0x" + Long.toHexString(config)
                + ", properties=" + HexFormat.of().formatHex(properties) + "]";
    }
}
