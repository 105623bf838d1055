package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;
import org.vifd.openflow.OfVersion;

/** OFPT_METER_MOD (OpenFlow 1.3.5 §7.3.4.4) with drop bands (§7.3.4.5). */
public record MeterMod(Command command, int flags, long meterId, List<Band> bands) implements OfMessage {
    public enum Command {
        ADD(0), MODIFY(1), DELETE(2);

        final int code;

        Command(int code) {
            this.code = code;
        }

        public static Command fromCode(int code) {
            for (Command c : values()) {
                if (c.code == code) {
                    return c;
                }
            }
            return null;
        }
    }

    public static final int OFPMF_KBPS = 1;
    public static final int OFPMF_PKTPS = 2;
    public static final int OFPMF_BURST = 4;
    public static final int OFPMF_STATS = 8;
    /** OFPM_ALL, for deleting every meter. */
    public static final long METER_ALL = 0xffffffffL;

    /** A band: OFPMBT_DROP (1) drops packets above {@code rate} (kb/s or packets/s per the meter's flags). */
    public record Band(int type, long rate, long burstSize) {
        public static final int DROP = 1;

        public static Band drop(long rate, long burstSize) {
            return new Band(DROP, rate, burstSize);
        }
    }

    public MeterMod {
        bands = List.copyOf(bands);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.METER_MOD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeShort(command.code).writeShort(flags).writeInt((int) meterId);
        for (Band b : bands) {
            out.writeShort(b.type()).writeShort(16).writeInt((int) b.rate()).writeInt((int) b.burstSize())
                    .writeZero(4);
        }
    }
}
