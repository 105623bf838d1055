package org.vifd.openflow.action;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;

/** Encodes and decodes action lists (OpenFlow 1.3.5 §7.2.5; Nicira actions per ovs-actions(7)). */
public final class ActionCodec {
    static final int OFPAT_OUTPUT = 0;
    static final int OFPAT_PUSH_VLAN = 17;
    static final int OFPAT_POP_VLAN = 18;
    static final int OFPAT_SET_FIELD = 25;
    static final int OFPAT_METER = 29;
    static final int OFPAT_EXPERIMENTER = 0xffff;
    static final int NX_VENDOR_ID = 0x00002320;
    static final int NXAST_RESUBMIT_TABLE = 14;
    static final int NXAST_CONTROLLER2 = 37;
    static final int NXAC2PT_MAX_LEN = 0;
    static final int NXAC2PT_CONTROLLER_ID = 1;
    static final int NXAC2PT_REASON = 2;
    static final int NXAC2PT_USERDATA = 3;
    static final int NXAC2PT_PAUSE = 4;

    private ActionCodec() {
    }

    public static void encode(List<Action> actions, ByteBuf out, OfVersion version) {
        for (Action a : actions) {
            encode(a, out, version);
        }
    }

    public static void encode(Action a, ByteBuf out, OfVersion version) {
        if (a instanceof Action.Output o) {
            out.writeShort(OFPAT_OUTPUT).writeShort(16).writeInt((int) o.port()).writeShort(o.maxLen()).writeZero(6);
        } else if (a instanceof Action.PushVlan p) {
            out.writeShort(OFPAT_PUSH_VLAN).writeShort(8).writeShort(p.ethertype()).writeZero(2);
        } else if (a instanceof Action.PopVlan) {
            out.writeShort(OFPAT_POP_VLAN).writeShort(8).writeZero(4);
        } else if (a instanceof Action.SetField s) {
            int len = 4 + s.oxm().wireLength();
            int padded = (len + 7) & ~7;
            out.writeShort(OFPAT_SET_FIELD).writeShort(padded);
            new Match(List.of(s.oxm())).encodeOxms(out);
            out.writeZero(padded - len);
        } else if (a instanceof Action.Resubmit r) {
            // nx_action_resubmit: type, len=16, vendor, subtype, in_port(16), table, pad[3]. Like OVS, table 255
            // ("keep the table") is sent as the older NXAST_RESUBMIT.
            out.writeShort(OFPAT_EXPERIMENTER).writeShort(16).writeInt(NX_VENDOR_ID)
                    .writeShort(r.table() == 255 ? ExtensionActionCodec.NXAST_RESUBMIT : NXAST_RESUBMIT_TABLE)
                    .writeShort(OfPort.toOf10(r.port())).writeByte(r.table()).writeZero(3);
        } else if (a instanceof Action.Controller c) {
            encodeController2(c, out);
        } else if (a instanceof Action.Meter m) {
            out.writeShort(OFPAT_METER).writeShort(8).writeInt((int) m.meterId());
        } else if (a instanceof Action.Unknown u) {
            out.writeBytes(u.bytes());
        } else if (a instanceof Action.Extension x) {
            ExtensionActionCodec.encode(x, out, version);
        } else {
            throw new IllegalArgumentException("cannot encode " + a);
        }
    }

    /**
     * nx_action_controller2: a 16-byte header then properties, each padded to 8 bytes; OVS writes u8/u16 property
     * values in a 4-byte field (len 8), and so do we, so that encodings compare byte for byte.
     */
    private static void encodeController2(Action.Controller c, ByteBuf out) {
        int start = out.writerIndex();
        out.writeShort(OFPAT_EXPERIMENTER).writeShort(0).writeInt(NX_VENDOR_ID).writeShort(NXAST_CONTROLLER2)
                .writeZero(6);
        if (c.maxLen() != Action.Output.NO_BUFFER) {
            out.writeShort(NXAC2PT_MAX_LEN).writeShort(8).writeShort(c.maxLen()).writeZero(2);
        }
        if (c.controllerId() != 0) {
            out.writeShort(NXAC2PT_CONTROLLER_ID).writeShort(8).writeShort(c.controllerId()).writeZero(2);
        }
        if (c.reason() != Action.Controller.REASON_ACTION) {
            out.writeShort(NXAC2PT_REASON).writeShort(8).writeByte(c.reason()).writeZero(3);
        }
        byte[] ud = c.userdata();
        if (ud.length > 0) {
            int plen = 4 + ud.length;
            out.writeShort(NXAC2PT_USERDATA).writeShort(plen).writeBytes(ud).writeZero(((plen + 7) & ~7) - plen);
        }
        if (c.pause()) {
            out.writeShort(NXAC2PT_PAUSE).writeShort(4).writeZero(4);
        }
        out.setShort(start + 2, out.writerIndex() - start);
    }

    /** Decodes all of {@code in} as a list of actions; {@code base} is the message offset of its reader index. */
    public static List<Action> decode(ByteBuf in, int base) throws DecodeException {
        List<Action> list = new ArrayList<>();
        int start = in.readerIndex();
        while (in.isReadable()) {
            int at = base + in.readerIndex() - start;
            if (in.readableBytes() < 8) {
                throw new DecodeException(at, "truncated action header");
            }
            int type = in.getUnsignedShort(in.readerIndex());
            int len = in.getUnsignedShort(in.readerIndex() + 2);
            if (len < 8 || len % 8 != 0 || len > in.readableBytes()) {
                throw new DecodeException(at + 2, "action length " + len + " (type " + type + ") with "
                        + in.readableBytes() + " bytes left");
            }
            ByteBuf a = in.readSlice(len);
            list.add(decodeOne(type, a, at));
        }
        return list;
    }

    private static Action decodeOne(int type, ByteBuf a, int at) throws DecodeException {
        int len = a.readableBytes();
        switch (type) {
            case OFPAT_OUTPUT:
                if (len == 16) {
                    return new Action.Output(a.getUnsignedInt(4), a.getUnsignedShort(8));
                }
                break;
            case OFPAT_PUSH_VLAN:
                return new Action.PushVlan(a.getUnsignedShort(4));
            case OFPAT_POP_VLAN:
                return new Action.PopVlan();
            case OFPAT_SET_FIELD: {
                int oxmLen = a.getUnsignedByte(7);
                if (8 + oxmLen - 4 > len) {
                    throw new DecodeException(at + 7, "set_field OXM length " + oxmLen + " exceeds action length "
                            + len);
                }
                Match m = Match.decodeOxms(a.slice(4, 4 + oxmLen), at + 4);
                if (m.entries().size() == 1) {
                    OxmEntry e = m.entries().get(0);
                    return new Action.SetField(e);
                }
                break;
            }
            case OFPAT_METER:
                return new Action.Meter(a.getUnsignedInt(4));
            case OFPAT_EXPERIMENTER:
                if (len >= 10 && a.getInt(4) == NX_VENDOR_ID) {
                    int subtype = a.getUnsignedShort(8);
                    if (subtype == NXAST_RESUBMIT_TABLE && len == 16) {
                        return new Action.Resubmit(OfPort.fromOf10(a.getUnsignedShort(10)), a.getUnsignedByte(12));
                    }
                    if (subtype == NXAST_CONTROLLER2 && len >= 16) {
                        return decodeController2(a, at);
                    }
                }
                break;
            default:
                break;
        }
        Action ext = ExtensionActionCodec.decode(type, a, at, null);
        if (ext != null) {
            return ext;
        }
        byte[] raw = new byte[len];
        a.getBytes(0, raw);
        return new Action.Unknown(type, raw);
    }

    private static Action decodeController2(ByteBuf a, int at) throws DecodeException {
        int maxLen = Action.Output.NO_BUFFER;
        int reason = Action.Controller.REASON_ACTION;
        int id = 0;
        byte[] userdata = new byte[0];
        boolean pause = false;
        int i = 16;
        while (i + 4 <= a.readableBytes()) {
            int ptype = a.getUnsignedShort(i);
            int plen = a.getUnsignedShort(i + 2);
            if (plen < 4 || i + plen > a.readableBytes()) {
                throw new DecodeException(at + i + 2, "controller2 property length " + plen);
            }
            switch (ptype) {
                case NXAC2PT_MAX_LEN -> maxLen = plen >= 6 ? a.getUnsignedShort(i + 4) : maxLen;
                case NXAC2PT_CONTROLLER_ID -> id = plen >= 6 ? a.getUnsignedShort(i + 4) : id;
                case NXAC2PT_REASON -> reason = plen >= 5 ? a.getUnsignedByte(i + 4) : reason;
                case NXAC2PT_USERDATA -> {
                    userdata = new byte[plen - 4];
                    a.getBytes(i + 4, userdata);
                }
                case NXAC2PT_PAUSE -> pause = true;
                default -> {
                }
            }
            i += (plen + 7) & ~7;
        }
        return new Action.Controller(maxLen, reason, id, userdata, pause);
    }
}
