package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.match.Match;

/**
 * One flow update of an OFPMP_FLOW_MONITOR reply (OpenFlow 1.4.1 §7.3.5.19.2): {@link Full}
 * (ofp_flow_update_full: INITIAL, ADDED, REMOVED, MODIFIED), {@link Abbrev} (ofp_flow_update_abbrev: a change this
 * connection made itself, by its xid), {@link Paused} (ofp_flow_update_paused: PAUSED / RESUMED when the switch's
 * buffer overflows and recovers), or {@link Unknown} (an event a later version may add, kept opaque).
 */
public sealed interface FlowUpdate {
    /** ofp_flow_update_event. */
    int INITIAL = 0;
    int ADDED = 1;
    int REMOVED = 2;
    int MODIFIED = 3;
    int ABBREV = 4;
    int PAUSED = 5;
    int RESUMED = 6;

    int event();

    void encode(ByteBuf out, OfVersion version);

    /** Size of ofp_flow_update_full before its ofp_match. */
    int FULL_FIXED = 24;

    record Full(int event, int tableId, int reason, int idleTimeout, int hardTimeout, int priority, long cookie,
                Match match, List<Instruction> instructions) implements FlowUpdate {
        public Full {
            instructions = List.copyOf(instructions);
        }

        @Override
        public void encode(ByteBuf out, OfVersion version) {
            int start = out.writerIndex();
            out.writeShort(0).writeShort(event).writeByte(tableId).writeByte(reason).writeShort(idleTimeout)
                    .writeShort(hardTimeout).writeShort(priority).writeZero(4).writeLong(cookie);
            match.encode(out);
            InstructionCodec.encode(instructions, out, version);
            out.setShort(start, out.writerIndex() - start);
        }
    }

    record Abbrev(long xid) implements FlowUpdate {
        @Override
        public int event() {
            return ABBREV;
        }

        @Override
        public void encode(ByteBuf out, OfVersion version) {
            out.writeShort(8).writeShort(ABBREV).writeInt((int) xid);
        }
    }

    /** PAUSED or RESUMED. */
    record Paused(int event) implements FlowUpdate {
        @Override
        public void encode(ByteBuf out, OfVersion version) {
            out.writeShort(8).writeShort(event).writeZero(4);
        }
    }

    /** An event this library does not know: the whole update, header included, byte for byte. */
    record Unknown(int event, byte[] bytes) implements FlowUpdate {
        public Unknown {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public void encode(ByteBuf out, OfVersion version) {
            out.writeBytes(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.event == event && Arrays.equals(u.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return event * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "FlowUpdate.Unknown[event=" + event + ", " + HexFormat.of().formatHex(bytes) + "]";
        }
    }

    /** Decodes every update of a (reassembled) OFPMP_FLOW_MONITOR reply body. */
    public static List<FlowUpdate> decodeAll(ByteBuf body, OfVersion version) throws DecodeException {
        return decodeAll(body, MessageCodec.HEADER_LENGTH + 8);
    }

    /** As {@link #decodeAll(ByteBuf, OfVersion)}; {@code base} is the body's offset in the message. */
    static List<FlowUpdate> decodeAll(ByteBuf body, int base) throws DecodeException {
        List<FlowUpdate> updates = new ArrayList<>();
        int start = body.readerIndex();
        while (body.isReadable()) {
            int at = base + body.readerIndex() - start;
            if (body.readableBytes() < 4) {
                throw new DecodeException(at, "flow update header of " + body.readableBytes() + " bytes");
            }
            int length = body.getUnsignedShort(body.readerIndex());
            int event = body.getUnsignedShort(body.readerIndex() + 2);
            if (length < 8 || length > body.readableBytes()) {
                throw new DecodeException(at, "flow update length " + length + " with " + body.readableBytes()
                        + " bytes left");
            }
            ByteBuf u = body.readSlice(length);
            try {
                updates.add(decodeOne(u, event, at));
            } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                throw new DecodeException(at, "bad flow update: " + e.getMessage());
            }
        }
        return updates;
    }

    private static FlowUpdate decodeOne(ByteBuf u, int event, int at) throws DecodeException {
        switch (event) {
            case INITIAL, ADDED, REMOVED, MODIFIED -> {
                if (u.readableBytes() < FULL_FIXED + 8) {
                    throw new DecodeException(at, "ofp_flow_update_full of " + u.readableBytes() + " bytes");
                }
                int tableId = u.getUnsignedByte(4);
                int reason = u.getUnsignedByte(5);
                int idle = u.getUnsignedShort(6);
                int hard = u.getUnsignedShort(8);
                int priority = u.getUnsignedShort(10);
                long cookie = u.getLong(16);
                u.readerIndex(FULL_FIXED);
                Match match = Match.decode(u, at + FULL_FIXED);
                List<Instruction> instructions = InstructionCodec.decode(u, at + u.readerIndex());
                return new Full(event, tableId, reason, idle, hard, priority, cookie, match, instructions);
            }
            case ABBREV -> {
                if (u.readableBytes() != 8) {
                    throw new DecodeException(at, "ofp_flow_update_abbrev of " + u.readableBytes() + " bytes");
                }
                return new Abbrev(u.getUnsignedInt(4));
            }
            case PAUSED, RESUMED -> {
                if (u.readableBytes() != 8) {
                    throw new DecodeException(at, "ofp_flow_update_paused of " + u.readableBytes() + " bytes");
                }
                return new Paused(event);
            }
            default -> {
                byte[] b = new byte[u.readableBytes()];
                u.getBytes(0, b);
                return new Unknown(event, b);
            }
        }
    }

    /** ofp_flow_update_event as ovs-ofctl names it (ofputil_flow_update_format, lib/ofp-monitor.c). */
    static String eventName(int event) {
        return switch (event) {
            case INITIAL -> "INITIAL";
            case ADDED -> "ADDED";
            case REMOVED -> "DELETED";
            case MODIFIED -> "MODIFIED";
            case ABBREV -> "ABBREV";
            case PAUSED -> "PAUSED";
            case RESUMED -> "RESUMED";
            default -> Integer.toString(event);
        };
    }
}
