package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.ActionCodec;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.match.Match;

/**
 * Whole messages to and from bytes: the ofp_header (OpenFlow 1.3.5 §7.1: version, type, length, xid) and the
 * bodies this library understands. Decoding never throws anything but {@link DecodeException}, whose offset
 * counts from the first byte of the header.
 */
public final class MessageCodec {
    public static final int HEADER_LENGTH = 8;
    /** The length field is 16 bits. */
    public static final int MAX_LENGTH = 0xffff;

    private MessageCodec() {
    }

    /** Appends one message to {@code out}. Throws IllegalArgumentException if it would exceed 65535 bytes. */
    public static void encode(OfMessage m, OfVersion version, int xid, ByteBuf out) {
        int start = out.writerIndex();
        out.writeByte(version.wire()).writeByte(m.type(version).code()).writeShort(0).writeInt(xid);
        m.writeBody(out, version);
        int len = out.writerIndex() - start;
        if (len > MAX_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException(m.type(version) + " of " + len + " bytes exceeds the 65535-byte limit");
        }
        out.setShort(start + 2, len);
    }

    public static ByteBuf encode(OfMessage m, OfVersion version, int xid, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(128);
        boolean ok = false;
        try {
            encode(m, version, xid, out);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                out.release();
            }
        }
    }

    /** Encodes to a byte array (tests, fixtures). */
    public static byte[] toBytes(OfMessage m, OfVersion version, int xid) {
        ByteBuf b = encode(m, version, xid, ByteBufAllocator.DEFAULT);
        try {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            return a;
        } finally {
            b.release();
        }
    }

    /**
     * Decodes one whole message: {@code frame} holds exactly one message from its reader index (the frame decoder
     * guarantees the length field agrees). Does not change the frame's indexes.
     */
    public static InboundMessage decode(ByteBuf frame) throws DecodeException {
        int s = frame.readerIndex();
        if (frame.readableBytes() < HEADER_LENGTH) {
            throw new DecodeException(0, "message shorter than the 8-byte header");
        }
        int len = frame.getUnsignedShort(s + 2);
        if (len != frame.readableBytes()) {
            throw new DecodeException(2, "length field " + len + " but the frame holds " + frame.readableBytes());
        }
        OfVersion version = OfVersion.valueOf(frame.getUnsignedByte(s));
        MessageType type = MessageType.valueOf(frame.getUnsignedByte(s + 1));
        int xid = frame.getInt(s + 4);
        ByteBuf body = frame.slice(s + HEADER_LENGTH, len - HEADER_LENGTH);
        try {
            return new InboundMessage(version, xid, decodeBody(version, type, body));
        } catch (IndexOutOfBoundsException e) {
            // A fixed-size field past the end of a short body: report it as the decode error it is.
            throw new DecodeException(HEADER_LENGTH + body.readerIndex(), type + " body too short: " + e.getMessage());
        }
    }

    private static OfMessage decodeBody(OfVersion v, MessageType type, ByteBuf b) throws DecodeException {
        final int h = HEADER_LENGTH;
        switch (type.code()) {
            case 0: return decodeHello(v, b);
            case 1: {
                need(b, 4, type);
                int et = b.readUnsignedShort();
                int code = b.readUnsignedShort();
                long exp = 0;
                if (et == 0xffff) {
                    need(b, 4, type);
                    exp = b.readUnsignedInt();
                }
                return new ErrorMessage(et, code, exp, bytes(b));
            }
            case 2: return new EchoRequest(bytes(b));
            case 3: return new EchoReply(bytes(b));
            case 4: return decodeExperimenter(v, b);
            case 5: return new FeaturesRequest();
            case 6:
                need(b, 24, type);
                return new FeaturesReply(b.getLong(0), b.getUnsignedInt(8), b.getUnsignedByte(12),
                        b.getUnsignedByte(13), b.getUnsignedInt(16));
            case 7: return SimpleMessage.GET_CONFIG_REQUEST;
            case 8:
            case 9:
                need(b, 4, type);
                return new SwitchConfig(type.code() == 8, b.getUnsignedShort(0), b.getUnsignedShort(2));
            case 10: {
                need(b, 16, type);
                long bufferId = b.getUnsignedInt(0);
                int totalLen = b.getUnsignedShort(4);
                int reason = b.getUnsignedByte(6);
                int table = b.getUnsignedByte(7);
                long cookie = b.getLong(8);
                b.readerIndex(16);
                Match m = Match.decode(b, h + 16);
                need(b, 2, type);
                b.skipBytes(2);
                return new PacketIn(PacketIn.Format.STANDARD, reason, table, cookie, bufferId, totalLen, m, bytes(b),
                        null);
            }
            case 11: return FlowRemoved.decode(b, v);
            case 12: return PortStatus.decode(b, v);
            case 13: return decodePacketOut(v, b);
            case 14: {
                need(b, FlowMod.FIXED_LENGTH, type);
                FlowModCommand cmd = FlowModCommand.fromCode(b.getUnsignedByte(17));
                if (cmd == null) {
                    throw new DecodeException(h + 17, "unknown flow-mod command " + b.getUnsignedByte(17));
                }
                b.readerIndex(FlowMod.FIXED_LENGTH);
                Match m = Match.decode(b, h + FlowMod.FIXED_LENGTH);
                var ins = InstructionCodec.normalizeMeter(InstructionCodec.decode(b, h + b.readerIndex()));
                return new FlowMod(cmd, b.getLong(0), b.getLong(8), b.getUnsignedByte(16), b.getUnsignedShort(18),
                        b.getUnsignedShort(20), b.getUnsignedShort(22), b.getUnsignedInt(24), b.getUnsignedInt(28),
                        b.getUnsignedInt(32), b.getUnsignedShort(36),
                        v.atLeast(OfVersion.OF_1_4) ? b.getUnsignedShort(38) : 0, m, ins);
            }
            case 15: return GroupMod.decode(b, v);
            case 16: return PortMod.decode(b, v);
            case 17: return TableMod.decode(b);
            case 18: {
                need(b, 8, type);
                int mpType = b.getUnsignedShort(0);
                if ((mpType == MultipartType.FLOW || mpType == MultipartType.AGGREGATE) && b.readableBytes() >= 40) {
                    b.readerIndex(40);
                    Match m = Match.decode(b, h + 40);
                    return new FlowStatsRequest(mpType == MultipartType.AGGREGATE, b.getUnsignedByte(8),
                            b.getUnsignedInt(12), b.getUnsignedInt(16), b.getLong(24), b.getLong(32), m);
                }
                b.readerIndex(8);
                return new MultipartRequest(mpType, b.getUnsignedShort(2), bytes(b));
            }
            case 19: {
                need(b, 8, type);
                int mpType = b.getUnsignedShort(0);
                int flags = b.getUnsignedShort(2);
                b.readerIndex(8);
                return new MultipartReply(mpType, flags, bytes(b));
            }
            case 20: return SimpleMessage.BARRIER_REQUEST;
            case 21: return SimpleMessage.BARRIER_REPLY;
            case 22:
            case 23:
                return QueueGetConfig.decode(type.code() == 23, b);
            case 24:
            case 25: {
                need(b, 16, type);
                Role role = Role.fromCode(b.getUnsignedInt(0));
                if (role == null) {
                    throw new DecodeException(h, "unknown role " + b.getUnsignedInt(0));
                }
                return new RoleMessage(type.code() == 25, role, b.getLong(8));
            }
            case 29: {
                need(b, 8, type);
                MeterMod.Command cmd = MeterMod.Command.fromCode(b.getUnsignedShort(0));
                if (cmd == null) {
                    throw new DecodeException(h, "unknown meter-mod command " + b.getUnsignedShort(0));
                }
                List<MeterMod.Band> bands = new ArrayList<>();
                b.readerIndex(8);
                while (b.readableBytes() >= 16) {
                    int blen = b.getUnsignedShort(b.readerIndex() + 2);
                    if (blen < 16 || blen > b.readableBytes()) {
                        throw new DecodeException(h + b.readerIndex() + 2, "meter band length " + blen);
                    }
                    ByteBuf band = b.readSlice(blen);
                    bands.add(new MeterMod.Band(band.getUnsignedShort(0), band.getUnsignedInt(4),
                            band.getUnsignedInt(8)));
                }
                return new MeterMod(cmd, b.getUnsignedShort(2), b.getUnsignedInt(4), bands);
            }
            case 30: return RoleStatus.decode(b);
            case 31: return TableStatus.decode(b);
            case 32: {
                need(b, HEADER_LENGTH, type);
                int innerLen = b.getUnsignedShort(2);
                if (innerLen != b.readableBytes()) {
                    throw new DecodeException(h + 2, "forwarded request length " + innerLen + " in a body of "
                            + b.readableBytes() + " bytes");
                }
                refuseNesting(b, h);
                InboundMessage inner = decode(b.slice());
                return new RequestForward(inner.xid(), inner.message());
            }
            case 33:
                need(b, 8, type);
                return new BundleControl(b.getUnsignedInt(0), b.getUnsignedShort(4), b.getUnsignedShort(6));
            case 34:
                return decodeBundleAdd(v, b, h);
            default:
                return new UnknownMessage(type, bytes(b));
        }
    }

    private static OfMessage decodeHello(OfVersion v, ByteBuf b) throws DecodeException {
        // §7.5.1: elements of type, length, body padded to 8; no bitmap means "all versions up to the header's".
        while (b.readableBytes() >= 4) {
            int at = HEADER_LENGTH + b.readerIndex();
            int etype = b.readUnsignedShort();
            int elen = b.readUnsignedShort();
            if (elen < 4 || elen - 4 > b.readableBytes()) {
                throw new DecodeException(at + 2, "hello element length " + elen);
            }
            ByteBuf e = b.readSlice(elen - 4);
            b.skipBytes(Math.min(b.readableBytes(), ((elen + 7) & ~7) - elen));
            if (etype == Hello.OFPHET_VERSIONBITMAP) {
                List<OfVersion> vs = new ArrayList<>();
                for (int word = 0; e.readableBytes() >= 4; word++) {
                    long bits = e.readUnsignedInt();
                    for (int i = 0; i < 32; i++) {
                        if ((bits & (1L << i)) != 0) {
                            vs.add(OfVersion.valueOf(word * 32 + i));
                        }
                    }
                }
                return new Hello(vs);
            }
        }
        List<OfVersion> vs = new ArrayList<>();
        for (int i = 1; i <= v.wire(); i++) {
            vs.add(OfVersion.valueOf(i));
        }
        return new Hello(vs);
    }

    private static OfMessage decodeExperimenter(OfVersion v, ByteBuf b) throws DecodeException {
        need(b, 8, MessageType.EXPERIMENTER);
        int exp = b.getInt(0);
        int sub = b.getInt(4);
        if (exp == Experimenter.NICIRA && sub == Experimenter.NXT_PACKET_IN2) {
            b.readerIndex(8);
            return decodePacketIn2(b);
        }
        if (exp == Experimenter.NICIRA && sub == Experimenter.NXT_RESUME) {
            b.readerIndex(8);
            return new Resume(decodePacketIn2(b));
        }
        if (exp == Experimenter.NICIRA && sub == Experimenter.NXT_SET_PACKET_IN_FORMAT) {
            need(b, 12, MessageType.EXPERIMENTER);
            return new SetPacketInFormat(b.getInt(8));
        }
        if (exp == Experimenter.ONF && sub == Experimenter.ONFT_BUNDLE_CONTROL) {
            need(b, 16, MessageType.EXPERIMENTER);
            return new BundleControl(b.getUnsignedInt(8), b.getUnsignedShort(12), b.getUnsignedShort(14));
        }
        if (exp == Experimenter.ONF && sub == Experimenter.ONFT_BUNDLE_ADD_MESSAGE) {
            b.readerIndex(8);
            return decodeBundleAdd(v, b, HEADER_LENGTH + 8);
        }
        return new UnknownMessage(MessageType.EXPERIMENTER, bytes(b));
    }

    private static OfMessage decodeBundleAdd(OfVersion v, ByteBuf b, int base) throws DecodeException {
        need(b, 16, MessageType.BUNDLE_ADD_MESSAGE);
        long id = b.readUnsignedInt();
        b.skipBytes(2);
        int flags = b.readUnsignedShort();
        int innerLen = b.getUnsignedShort(b.readerIndex() + 2);
        if (innerLen < HEADER_LENGTH || innerLen > b.readableBytes()) {
            throw new DecodeException(base + 10, "bundled message length " + innerLen);
        }
        refuseNesting(b, base + 8);
        InboundMessage inner = decode(b.readSlice(innerLen));
        return new BundleAddMessage(id, flags, inner.xid(), inner.message());
    }

    /**
     * A forwarded or bundled message is decoded recursively: one that wraps another wrapper would let a hostile
     * peer nest thousands deep within 64 KiB and exhaust the stack, and no spec allows it.
     */
    private static void refuseNesting(ByteBuf b, int at) throws DecodeException {
        int type = b.getUnsignedByte(b.readerIndex() + 1);
        boolean wrapper = type == 32 || type == 34 || (type == 4 && b.readableBytes() >= 16
                && b.getInt(b.readerIndex() + 8) == Experimenter.ONF
                && b.getInt(b.readerIndex() + 12) == Experimenter.ONFT_BUNDLE_ADD_MESSAGE);
        if (wrapper) {
            throw new DecodeException(at + 1, "a " + MessageType.valueOf(type) + " nested in a forwarded or bundled"
                    + " message");
        }
    }

    private static OfMessage decodePacketOut(OfVersion v, ByteBuf b) throws DecodeException {
        Match match;
        int actionsLen;
        if (v.atLeast(OfVersion.OF_1_5)) {
            need(b, 8, MessageType.PACKET_OUT);
            actionsLen = b.getUnsignedShort(4);
            b.readerIndex(8);
            match = Match.decode(b, HEADER_LENGTH + 8);
        } else {
            need(b, 16, MessageType.PACKET_OUT);
            match = Match.builder().inPort(b.getUnsignedInt(4)).build();
            actionsLen = b.getUnsignedShort(8);
            b.readerIndex(16);
        }
        if (actionsLen > b.readableBytes()) {
            throw new DecodeException(HEADER_LENGTH + 8, "packet-out actions_len " + actionsLen);
        }
        int actionsAt = HEADER_LENGTH + b.readerIndex();
        List<Action> actions = ActionCodec.decode(b.readSlice(actionsLen), actionsAt);
        return new PacketOut(b.getUnsignedInt(0), match, actions, bytes(b));
    }

    /** NXT_PACKET_IN2: properties of type, length, body padded to 8 (OVS nx_packet_in2, NXPINT_*). */
    private static PacketIn decodePacketIn2(ByteBuf b) throws DecodeException {
        byte[] data = null;
        int fullLen = -1;
        long bufferId = PacketIn.NO_BUFFER;
        int table = 0;
        long cookie = PacketIn.NO_COOKIE;
        int reason = 0;
        Match match = Match.ALL;
        byte[] userdata = null;
        byte[] continuation = null;
        final int base = HEADER_LENGTH;
        while (b.isReadable()) {
            int at = base + b.readerIndex();
            if (b.readableBytes() < 4) {
                throw new DecodeException(at, "truncated NXT_PACKET_IN2 property header");
            }
            int ptype = b.getUnsignedShort(b.readerIndex());
            int plen = b.getUnsignedShort(b.readerIndex() + 2);
            if (plen < 4 || plen > b.readableBytes()) {
                throw new DecodeException(at + 2, "NXT_PACKET_IN2 property " + ptype + " length " + plen + " with "
                        + b.readableBytes() + " bytes left");
            }
            ByteBuf p = b.slice(b.readerIndex() + 4, plen - 4);
            b.skipBytes(Math.min(b.readableBytes(), (plen + 7) & ~7));
            switch (ptype) {
                case PacketIn.NXPINT_PACKET -> data = bytes(p);
                case PacketIn.NXPINT_FULL_LEN -> fullLen = (int) u32(p, at);
                case PacketIn.NXPINT_BUFFER_ID -> bufferId = u32(p, at);
                case PacketIn.NXPINT_TABLE_ID -> table = u8(p, at);
                case PacketIn.NXPINT_COOKIE -> {
                    if (p.readableBytes() < 12) {
                        throw new DecodeException(at, "NXPINT_COOKIE of " + plen + " bytes");
                    }
                    cookie = p.getLong(4);
                }
                case PacketIn.NXPINT_REASON -> reason = u8(p, at);
                case PacketIn.NXPINT_METADATA -> match = Match.decodeOxms(p, at + 4);
                case PacketIn.NXPINT_USERDATA -> userdata = bytes(p);
                case PacketIn.NXPINT_CONTINUATION -> {
                    // Nested properties after 4 bytes of padding; opaque, kept to send back in NXT_RESUME.
                    if (p.readableBytes() < 4) {
                        throw new DecodeException(at, "NXPINT_CONTINUATION of " + plen + " bytes");
                    }
                    continuation = bytes(p.skipBytes(4));
                }
                default -> {
                    // Future properties: not needed to hand a packet to the agent.
                }
            }
        }
        if (data == null) {
            throw new DecodeException(base, "NXT_PACKET_IN2 without NXPINT_PACKET");
        }
        return new PacketIn(PacketIn.Format.NXT_PACKET_IN2, reason, table, cookie, bufferId,
                fullLen < 0 ? data.length : fullLen, match, data, userdata, continuation);
    }

    private static long u32(ByteBuf p, int at) throws DecodeException {
        if (p.readableBytes() < 4) {
            throw new DecodeException(at, "32-bit property of " + p.readableBytes() + " bytes");
        }
        return p.getUnsignedInt(0);
    }

    private static int u8(ByteBuf p, int at) throws DecodeException {
        if (p.readableBytes() < 1) {
            throw new DecodeException(at, "empty 8-bit property");
        }
        return p.getUnsignedByte(0);
    }

    private static void need(ByteBuf b, int n, MessageType type) throws DecodeException {
        if (b.readableBytes() < n) {
            throw new DecodeException(HEADER_LENGTH + b.readerIndex(), type + " body of " + b.readableBytes()
                    + " bytes, needs at least " + n);
        }
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        return a;
    }
}
