package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.match.Match;

/**
 * One flow as the switch reports it: ofp_flow_stats (OpenFlow 1.3.5 §7.3.5.2) or, in 1.5, ofp_flow_desc with
 * OXS statistics (OpenFlow 1.5.1 §7.3.5.2, §7.2.4).
 */
public record FlowStats(int tableId, long durationSec, long durationNsec, int priority, int idleTimeout,
                        int hardTimeout, int flags, int importance, long cookie, long packetCount, long byteCount,
                        Match match, List<Instruction> instructions, long idleAge) {
    public FlowStats {
        instructions = List.copyOf(instructions);
    }

    /** An entry without an idle age (OpenFlow 1.3/1.4 carry none; OpenFlow 1.5 has it as OXS idle_time). */
    public FlowStats(int tableId, long durationSec, long durationNsec, int priority, int idleTimeout,
                     int hardTimeout, int flags, int importance, long cookie, long packetCount, long byteCount,
                     Match match, List<Instruction> instructions) {
        this(tableId, durationSec, durationNsec, priority, idleTimeout, hardTimeout, flags, importance, cookie,
                packetCount, byteCount, match, instructions, -1);
    }

    /** Decodes the concatenated bodies of an OFPMP_FLOW reply. */
    public static List<FlowStats> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        List<FlowStats> list = new ArrayList<>();
        while (body.isReadable()) {
            int at = body.readerIndex();
            if (body.readableBytes() < 2) {
                throw new DecodeException(at, "truncated flow stats entry");
            }
            int len = body.getUnsignedShort(at);
            int fixed = version.atLeast(OfVersion.OF_1_5) ? 24 : 48;
            if (len < fixed + 8 || len > body.readableBytes()) {
                throw new DecodeException(at, "flow stats length " + len + " with " + body.readableBytes()
                        + " bytes left");
            }
            ByteBuf e = body.readSlice(len);
            list.add(version.atLeast(OfVersion.OF_1_5) ? decode15(e, at) : decode13(e, at));
        }
        return list;
    }

    private static FlowStats decode13(ByteBuf e, int at) throws DecodeException {
        int tableId = e.getUnsignedByte(2);
        long durSec = e.getUnsignedInt(4);
        long durNsec = e.getUnsignedInt(8);
        int priority = e.getUnsignedShort(12);
        int idle = e.getUnsignedShort(14);
        int hard = e.getUnsignedShort(16);
        int flags = e.getUnsignedShort(18);
        int importance = e.getUnsignedShort(20);
        long cookie = e.getLong(24);
        long packets = e.getLong(32);
        long bytes = e.getLong(40);
        e.readerIndex(48);
        Match match = Match.decode(e, at + 48);
        List<Instruction> ins = InstructionCodec.normalizeMeter(InstructionCodec.decode(e, at + e.readerIndex()));
        return new FlowStats(tableId, durSec, durNsec, priority, idle, hard, flags, importance, cookie, packets,
                bytes, match, ins);
    }

    private static FlowStats decode15(ByteBuf e, int at) throws DecodeException {
        int tableId = e.getUnsignedByte(4);
        int priority = e.getUnsignedShort(6);
        int idle = e.getUnsignedShort(8);
        int hard = e.getUnsignedShort(10);
        int flags = e.getUnsignedShort(12);
        int importance = e.getUnsignedShort(14);
        long cookie = e.getLong(16);
        e.readerIndex(24);
        Match match = Match.decode(e, at + 24);
        long[] oxs = Oxs.decode(e, at + e.readerIndex());
        List<Instruction> ins = InstructionCodec.normalizeMeter(InstructionCodec.decode(e, at + e.readerIndex()));
        return new FlowStats(tableId, oxs[Oxs.DURATION] >>> 32, oxs[Oxs.DURATION] & 0xffffffffL, priority, idle,
                hard, flags, importance, cookie, oxs[Oxs.PACKET_COUNT], oxs[Oxs.BYTE_COUNT], match, ins,
                oxs[Oxs.IDLE_TIME] < 0 ? -1 : oxs[Oxs.IDLE_TIME] >>> 32);
    }

    /** Writes this entry as ofp_flow_stats (OpenFlow 1.3/1.4), for tests that play the switch. */
    public void encode13(ByteBuf out, OfVersion version) {
        int start = out.writerIndex();
        out.writeShort(0).writeByte(tableId).writeZero(1).writeInt((int) durationSec).writeInt((int) durationNsec)
                .writeShort(priority).writeShort(idleTimeout).writeShort(hardTimeout).writeShort(flags)
                .writeShort(importance).writeZero(2).writeLong(cookie).writeLong(packetCount).writeLong(byteCount);
        match.encode(out);
        InstructionCodec.encode(instructions, out, version);
        out.setShort(start, out.writerIndex() - start);
    }

    /** OXS statistics (OpenFlow 1.5.1 §7.2.4): class 0x8002 fields read into an array indexed by field. */
    static final class Oxs {
        static final int DURATION = 0;
        /** OFPXST_OFB_IDLE_TIME: seconds in the upper 32 bits; -1 in the array when absent. */
        static final int IDLE_TIME = 1;
        static final int FLOW_COUNT = 3;
        static final int PACKET_COUNT = 4;
        static final int BYTE_COUNT = 5;

        private Oxs() {
        }

        /** Reads ofp_stats (reserved, length, OXS TLVs, padding) and consumes it. */
        static long[] decode(ByteBuf in, int at) throws DecodeException {
            long[] v = new long[8];
            v[IDLE_TIME] = -1;
            if (in.readableBytes() < 4) {
                throw new DecodeException(at, "truncated ofp_stats");
            }
            int start = in.readerIndex();
            int len = in.getUnsignedShort(start + 2);
            int padded = (len + 7) & ~7;
            if (len < 4 || padded > in.readableBytes()) {
                throw new DecodeException(at + 2, "ofp_stats length " + len);
            }
            int i = start + 4;
            while (i + 4 <= start + len) {
                int cls = in.getUnsignedShort(i);
                int field = in.getUnsignedByte(i + 2) >> 1;
                int flen = in.getUnsignedByte(i + 3);
                if (i + 4 + flen > start + len) {
                    throw new DecodeException(at + i - start + 3, "OXS length " + flen);
                }
                if (cls == 0x8002 && field < v.length) {
                    long x = 0;
                    for (int k = 0; k < Math.min(8, flen); k++) {
                        x = x << 8 | in.getUnsignedByte(i + 4 + k);
                    }
                    v[field] = x;
                }
                i += 4 + flen;
            }
            in.readerIndex(start + padded);
            return v;
        }
    }
}
