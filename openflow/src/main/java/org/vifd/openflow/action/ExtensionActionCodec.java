package org.vifd.openflow.action;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/**
 * Wire form of {@link OfAction} (OpenFlow 1.3.5 §7.2.5) and {@link NxAction} (OVS's nx_action_* layouts,
 * ovs-actions(7)). Every Nicira action starts with type 0xffff, length, vendor 0x00002320 and a 16-bit subtype.
 */
public final class ExtensionActionCodec {
    static final int NXAST_RESUBMIT = 1;
    static final int NXAST_POP_QUEUE = 5;
    static final int NXAST_REG_MOVE = 6;
    static final int NXAST_REG_LOAD = 7;
    static final int NXAST_REG_LOAD2 = 33;
    static final int NXAST_NOTE = 8;
    static final int NXAST_MULTIPATH = 10;
    static final int NXAST_BUNDLE = 12;
    static final int NXAST_BUNDLE_LOAD = 13;
    static final int NXAST_OUTPUT_REG = 15;
    static final int NXAST_LEARN = 16;
    static final int NXAST_EXIT = 17;
    static final int NXAST_FIN_TIMEOUT = 19;
    static final int NXAST_OUTPUT_TRUNC = 39;
    static final int NXAST_STACK_PUSH = 27;
    static final int NXAST_STACK_POP = 28;
    static final int NXAST_DEC_TTL_CNT_IDS = 21;
    static final int NXAST_SAMPLE = 29;
    static final int NXAST_SAMPLE2 = 38;
    static final int NXAST_SAMPLE3 = 41;
    static final int NXAST_LEARN2 = 45;
    static final int NXAST_CONJUNCTION = 34;
    static final int NXAST_CT = 35;
    static final int NXAST_NAT = 36;
    static final int NXAST_CLONE = 42;
    static final int NXAST_CT_CLEAR = 43;
    static final int NXAST_RESUBMIT_TABLE_CT = 44;
    static final int NXAST_CHECK_PKT_LARGER = 49;
    /** NXM_OF_IN_PORT header: bundle's member type "ofport". */
    static final int NXM_OF_IN_PORT = 0x00000002;

    private ExtensionActionCodec() {
    }

    static void encode(Action.Extension a, ByteBuf out, OfVersion v) {
        if (a instanceof OfAction o) {
            encodeOf(o, out);
            return;
        }
        int start = out.writerIndex();
        out.writeShort(ActionCodec.OFPAT_EXPERIMENTER).writeShort(0).writeInt(ActionCodec.NX_VENDOR_ID);
        if (a instanceof NxAction.RegLoad l) {
            out.writeShort(NXAST_REG_LOAD).writeShort(l.dst().ofsNbits()).writeInt(l.dst().field().header())
                    .writeLong(l.value());
        } else if (a instanceof NxAction.RegMove m) {
            out.writeShort(NXAST_REG_MOVE).writeShort(m.src().nBits()).writeShort(m.src().offset())
                    .writeShort(m.dst().offset()).writeInt(m.src().field().header()).writeInt(m.dst().field().header());
        } else if (a instanceof NxAction.OutputTrunc o) {
            out.writeShort(NXAST_OUTPUT_TRUNC).writeShort(OfPort.toOf10(o.port())).writeInt((int) o.maxLen());
        } else if (a instanceof NxAction.StackPush p) {
            encodeStack(NXAST_STACK_PUSH, p.field(), out);
        } else if (a instanceof NxAction.StackPop p) {
            encodeStack(NXAST_STACK_POP, p.field(), out);
        } else if (a instanceof NxAction.ResubmitCt r) {
            out.writeShort(NXAST_RESUBMIT_TABLE_CT).writeShort(OfPort.toOf10(r.port())).writeByte(r.table())
                    .writeZero(3);
        } else if (a instanceof NxAction.PopQueue) {
            out.writeShort(NXAST_POP_QUEUE).writeZero(6);
        } else if (a instanceof NxAction.CtClear) {
            out.writeShort(NXAST_CT_CLEAR).writeZero(6);
        } else if (a instanceof NxAction.Exit) {
            out.writeShort(NXAST_EXIT).writeZero(6);
        } else if (a instanceof NxAction.Note n) {
            out.writeShort(NXAST_NOTE).writeBytes(n.data());
        } else if (a instanceof NxAction.DecTtl d) {
            out.writeShort(NXAST_DEC_TTL_CNT_IDS).writeShort(d.controllerIds().size()).writeZero(4);
            for (int id : d.controllerIds()) {
                out.writeShort(id);
            }
        } else if (a instanceof NxAction.OutputReg o) {
            out.writeShort(NXAST_OUTPUT_REG).writeShort(o.src().ofsNbits()).writeInt(o.src().field().header())
                    .writeShort(o.maxLen()).writeZero(6);
        } else if (a instanceof NxAction.Conjunction c) {
            out.writeShort(NXAST_CONJUNCTION).writeByte(c.clause() - 1).writeByte(c.nClauses())
                    .writeInt((int) c.id());
        } else if (a instanceof NxAction.FinTimeout f) {
            out.writeShort(NXAST_FIN_TIMEOUT).writeShort(f.idleTimeout()).writeShort(f.hardTimeout()).writeZero(2);
        } else if (a instanceof NxAction.CheckPktLarger c) {
            out.writeShort(NXAST_CHECK_PKT_LARGER).writeShort(c.packetLength()).writeShort(c.dst().offset())
                    .writeInt(c.dst().field().header());
        } else if (a instanceof NxAction.Sample s) {
            // nx_action_sample (24 bytes); nx_action_sample2 (32) adds sampling_port, SAMPLE3 also the direction.
            int subtype = s.direction() != NxAction.Sample.DIRECTION_DEFAULT ? NXAST_SAMPLE3
                    : s.samplingPort() != NxAction.Sample.NO_PORT ? NXAST_SAMPLE2 : NXAST_SAMPLE;
            out.writeShort(subtype).writeShort(s.probability()).writeInt((int) s.collectorSetId())
                    .writeInt((int) s.obsDomainId()).writeInt((int) s.obsPointId());
            if (subtype != NXAST_SAMPLE) {
                out.writeShort(s.samplingPort()).writeByte(subtype == NXAST_SAMPLE3 ? s.direction() : 0)
                        .writeZero(5);
            }
        } else if (a instanceof NxAction.Clone c) {
            out.writeShort(NXAST_CLONE).writeZero(6);
            ActionCodec.encode(c.actions(), out, v);
        } else if (a instanceof NxAction.Multipath m) {
            out.writeShort(NXAST_MULTIPATH).writeShort(m.fields()).writeShort(m.basis()).writeZero(2)
                    .writeShort(m.algorithm()).writeShort(m.maxLink()).writeInt((int) m.arg()).writeZero(2)
                    .writeShort(m.dst().ofsNbits()).writeInt(m.dst().field().header());
        } else if (a instanceof NxAction.Bundle b) {
            out.writeShort(b.dst() == null ? NXAST_BUNDLE : NXAST_BUNDLE_LOAD).writeShort(b.algorithm())
                    .writeShort(b.fields()).writeShort(b.basis()).writeInt(NXM_OF_IN_PORT)
                    .writeShort(b.members().size()).writeShort(b.dst() == null ? 0 : b.dst().ofsNbits())
                    .writeInt(b.dst() == null ? 0 : b.dst().field().header()).writeZero(4);
            for (int m : b.members()) {
                out.writeShort(m);
            }
        } else if (a instanceof NxAction.Ct c) {
            out.writeShort(NXAST_CT).writeShort(c.flags())
                    .writeInt(c.zoneSrc() == null ? 0 : c.zoneSrc().field().header())
                    .writeShort(c.zoneSrc() == null ? c.zoneImm() : c.zoneSrc().ofsNbits()).writeByte(c.recircTable())
                    .writeZero(3).writeShort(c.alg());
            ActionCodec.encode(c.actions(), out, v);
        } else if (a instanceof NxAction.RegLoad2 l) {
            // nx_action_reg_load2: subtype, then the TLV right after it, padded to 8 with the action.
            out.writeShort(NXAST_REG_LOAD2);
            new org.vifd.openflow.match.Match(List.of(l.oxm())).encodeOxms(out);
        } else if (a instanceof NxAction.Nat n) {
            encodeNat(n, out);
        } else if (a instanceof NxAction.Learn l) {
            encodeLearn(l, out);
        } else {
            out.writerIndex(start);
            throw new IllegalArgumentException("cannot encode " + a);
        }
        int len = out.writerIndex() - start;
        int padded = Math.max(16, (len + 7) & ~7);
        out.writeZero(padded - len);
        out.setShort(start + 2, padded);
    }

    private static void encodeOf(OfAction o, ByteBuf out) {
        if (o instanceof OfAction.CopyTtlOut) {
            out.writeShort(OfAction.OFPAT_COPY_TTL_OUT).writeShort(8).writeZero(4);
        } else if (o instanceof OfAction.CopyTtlIn) {
            out.writeShort(OfAction.OFPAT_COPY_TTL_IN).writeShort(8).writeZero(4);
        } else if (o instanceof OfAction.SetMplsTtl s) {
            out.writeShort(OfAction.OFPAT_SET_MPLS_TTL).writeShort(8).writeByte(s.ttl()).writeZero(3);
        } else if (o instanceof OfAction.DecMplsTtl) {
            out.writeShort(OfAction.OFPAT_DEC_MPLS_TTL).writeShort(8).writeZero(4);
        } else if (o instanceof OfAction.PushMpls p) {
            out.writeShort(OfAction.OFPAT_PUSH_MPLS).writeShort(8).writeShort(p.ethertype()).writeZero(2);
        } else if (o instanceof OfAction.PopMpls p) {
            out.writeShort(OfAction.OFPAT_POP_MPLS).writeShort(8).writeShort(p.ethertype()).writeZero(2);
        } else if (o instanceof OfAction.SetQueue q) {
            out.writeShort(OfAction.OFPAT_SET_QUEUE).writeShort(8).writeInt((int) q.queueId());
        } else if (o instanceof OfAction.Group g) {
            out.writeShort(OfAction.OFPAT_GROUP).writeShort(8).writeInt((int) g.groupId());
        } else if (o instanceof OfAction.SetNwTtl s) {
            out.writeShort(OfAction.OFPAT_SET_NW_TTL).writeShort(8).writeByte(s.ttl()).writeZero(3);
        } else if (o instanceof OfAction.DecNwTtl) {
            out.writeShort(OfAction.OFPAT_DEC_NW_TTL).writeShort(8).writeZero(4);
        } else if (o instanceof OfAction.PushPbb p) {
            out.writeShort(OfAction.OFPAT_PUSH_PBB).writeShort(8).writeShort(p.ethertype()).writeZero(2);
        } else if (o instanceof OfAction.PopPbb) {
            out.writeShort(OfAction.OFPAT_POP_PBB).writeShort(8).writeZero(4);
        }
    }

    /** nx_action_nat: pad[2], flags, range_present, then the present range values in order (OVS ofp-actions.c). */
    private static void encodeNat(NxAction.Nat n, ByteBuf out) {
        int present = 0;
        boolean v4 = n.addrMin() instanceof Inet4Address;
        if (n.addrMin() != null) {
            present |= v4 ? 1 : 4;
        }
        if (n.addrMax() != null) {
            present |= v4 ? 2 : 8;
        }
        if (n.portMin() != 0) {
            present |= 16;
        }
        if (n.portMax() != 0) {
            present |= 32;
        }
        out.writeShort(NXAST_NAT).writeZero(2).writeShort(n.flags()).writeShort(present);
        if (n.addrMin() != null) {
            out.writeBytes(n.addrMin().getAddress());
        }
        if (n.addrMax() != null) {
            out.writeBytes(n.addrMax().getAddress());
        }
        if (n.portMin() != 0) {
            out.writeShort(n.portMin());
        }
        if (n.portMax() != 0) {
            out.writeShort(n.portMax());
        }
    }

    /**
     * nx_action_learn then its flow_mod_specs, ended by padding (a zero spec header). With a limit or a result_dst,
     * nx_action_learn2: the same 32 bytes, then limit, result_dst_ofs, pad[2], the result_dst field header (only
     * with NX_LEARN_F_WRITE_RESULT), then the specs.
     */
    private static void encodeLearn(NxAction.Learn l, ByteBuf out) {
        boolean learn2 = l.limit() != 0 || l.resultDst() != null;
        out.writeShort(learn2 ? NXAST_LEARN2 : NXAST_LEARN).writeShort(l.idleTimeout()).writeShort(l.hardTimeout()).writeShort(l.priority())
                .writeLong(l.cookie()).writeShort(l.flags()).writeByte(l.tableId()).writeZero(1)
                .writeShort(l.finIdleTimeout()).writeShort(l.finHardTimeout());
        if (learn2) {
            out.writeInt((int) l.limit()).writeShort(l.resultDst() == null ? 0 : l.resultDst().offset()).writeZero(2);
            if (l.resultDst() != null) {
                writeFieldHeader(l.resultDst().field(), out);
            }
        }
        for (NxAction.LearnSpec s : l.specs()) {
            int srcType = s.src() == null ? 1 << 13 : 0;
            int dstType = switch (s.kind()) {
                case MATCH -> 0;
                case LOAD -> 1 << 11;
                case OUTPUT -> 2 << 11;
            };
            out.writeShort(srcType | dstType | s.nBits());
            if (s.src() != null) {
                out.writeInt(s.src().field().header()).writeShort(s.src().offset());
            } else {
                byte[] imm = s.immediate();
                int len = 2 * ((s.nBits() + 15) / 16);
                out.writeZero(Math.max(0, len - imm.length));
                out.writeBytes(imm, Math.max(0, imm.length - len), Math.min(len, imm.length));
            }
            if (s.dst() != null) {
                out.writeInt(s.dst().field().header()).writeShort(s.dst().offset());
            }
        }
    }

    /** Decodes an action this codec knows, or returns null so the caller keeps it as raw bytes. */
    static Action decode(int type, ByteBuf a, int at, OfVersion v) throws DecodeException {
        int len = a.readableBytes();
        switch (type) {
            case OfAction.OFPAT_COPY_TTL_OUT: return new OfAction.CopyTtlOut();
            // Every OpenFlow action is at least 8 bytes (ActionCodec checked), so 4-byte bodies are in range.
            case OfAction.OFPAT_COPY_TTL_IN: return new OfAction.CopyTtlIn();
            case OfAction.OFPAT_SET_MPLS_TTL: return new OfAction.SetMplsTtl(a.getUnsignedByte(4));
            case OfAction.OFPAT_DEC_MPLS_TTL: return new OfAction.DecMplsTtl();
            case OfAction.OFPAT_PUSH_MPLS: return new OfAction.PushMpls(a.getUnsignedShort(4));
            case OfAction.OFPAT_POP_MPLS: return new OfAction.PopMpls(a.getUnsignedShort(4));
            case OfAction.OFPAT_SET_QUEUE: return new OfAction.SetQueue(a.getUnsignedInt(4));
            case OfAction.OFPAT_GROUP: return new OfAction.Group(a.getUnsignedInt(4));
            case OfAction.OFPAT_SET_NW_TTL: return new OfAction.SetNwTtl(a.getUnsignedByte(4));
            case OfAction.OFPAT_DEC_NW_TTL: return new OfAction.DecNwTtl();
            case OfAction.OFPAT_PUSH_PBB: return new OfAction.PushPbb(a.getUnsignedShort(4));
            case OfAction.OFPAT_POP_PBB: return new OfAction.PopPbb();
            case ActionCodec.OFPAT_EXPERIMENTER:
                break;
            default:
                return null;
        }
        if (len < 16 || a.getInt(4) != ActionCodec.NX_VENDOR_ID) {
            return null;
        }
        try {
            return decodeNx(a.getUnsignedShort(8), a, at, len, v);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // A field reference outside its field, or a fixed field past a short action.
            throw new DecodeException(at, "Nicira action subtype " + a.getUnsignedShort(8) + ": " + e.getMessage());
        }
    }

    /**
     * nx_action_stack (24 bytes): subtype, bit offset, the field's NXM/OXM header, n_bits, zeros. Only 4-byte
     * headers here: experimenter OXM fields are not stackable fields of this library.
     */
    private static void encodeStack(int subtype, FieldRef f, ByteBuf out) {
        out.writeShort(subtype).writeShort(f.offset()).writeInt(f.field().header()).writeShort(f.nBits())
                .writeZero(6);
    }

    private static FieldRef decodeStack(ByteBuf a, int at, int len) throws DecodeException {
        need(len, 24, at);
        return new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(12)), a.getUnsignedShort(10),
                a.getUnsignedShort(16));
    }

    private static Action decodeNx(int subtype, ByteBuf a, int at, int len, OfVersion v) throws DecodeException {
        switch (subtype) {
            case NXAST_OUTPUT_TRUNC:
                return new NxAction.OutputTrunc(OfPort.fromOf10(a.getUnsignedShort(10)), a.getUnsignedInt(12));
            case NXAST_STACK_PUSH:
                return new NxAction.StackPush(decodeStack(a, at, len));
            case NXAST_STACK_POP:
                return new NxAction.StackPop(decodeStack(a, at, len));
            case NXAST_RESUBMIT:
                return new Action.Resubmit(OfPort.fromOf10(a.getUnsignedShort(10)), 255);
            case NXAST_RESUBMIT_TABLE_CT:
                return new NxAction.ResubmitCt(OfPort.fromOf10(a.getUnsignedShort(10)), a.getUnsignedByte(12));
            case NXAST_POP_QUEUE: return new NxAction.PopQueue();
            case NXAST_CT_CLEAR: return new NxAction.CtClear();
            case NXAST_EXIT: return new NxAction.Exit();
            case NXAST_REG_LOAD:
                need(len, 24, at);
                return new NxAction.RegLoad(FieldRef.fromOfsNbits(a.getInt(12), a.getUnsignedShort(10)),
                        a.getLong(16));
            case NXAST_REG_LOAD2: {
                need(len, 14, at);
                org.vifd.openflow.match.Match m = org.vifd.openflow.match.Match.decodeOxms(
                        trimmedTlv(a, 10, len, at), at + 10);
                if (m.entries().size() != 1) {
                    throw new DecodeException(at + 10, "NXAST_REG_LOAD2 with " + m.entries().size() + " fields");
                }
                return new NxAction.RegLoad2(m.entries().get(0));
            }
            case NXAST_REG_MOVE: {
                need(len, 24, at);
                int n = a.getUnsignedShort(10);
                return new NxAction.RegMove(
                        new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(16)), a.getUnsignedShort(12), n),
                        new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(20)), a.getUnsignedShort(14), n));
            }
            case NXAST_NOTE: {
                byte[] d = new byte[len - 10];
                a.getBytes(10, d);
                return new NxAction.Note(d);
            }
            case NXAST_DEC_TTL_CNT_IDS: {
                int n = a.getUnsignedShort(10);
                need(len, 16 + 2 * n, at);
                List<Integer> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(a.getUnsignedShort(16 + 2 * i));
                }
                return new NxAction.DecTtl(ids);
            }
            case NXAST_OUTPUT_REG:
                need(len, 24, at);
                return new NxAction.OutputReg(FieldRef.fromOfsNbits(a.getInt(12), a.getUnsignedShort(10)),
                        a.getUnsignedShort(16));
            case NXAST_CONJUNCTION:
                return new NxAction.Conjunction(a.getUnsignedInt(12), a.getUnsignedByte(10) + 1, a.getUnsignedByte(11));
            case NXAST_FIN_TIMEOUT:
                return new NxAction.FinTimeout(a.getUnsignedShort(10), a.getUnsignedShort(12));
            case NXAST_CHECK_PKT_LARGER:
                return new NxAction.CheckPktLarger(a.getUnsignedShort(10),
                        new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(14)), a.getUnsignedShort(12), 1));
            case NXAST_SAMPLE:
                need(len, 24, at);
                return new NxAction.Sample(a.getUnsignedShort(10), a.getUnsignedInt(12), a.getUnsignedInt(16),
                        a.getUnsignedInt(20));
            case NXAST_SAMPLE2:
            case NXAST_SAMPLE3:
                need(len, 32, at);
                return new NxAction.Sample(a.getUnsignedShort(10), a.getUnsignedInt(12), a.getUnsignedInt(16),
                        a.getUnsignedInt(20), a.getUnsignedShort(24),
                        subtype == NXAST_SAMPLE3 ? a.getUnsignedByte(26) : NxAction.Sample.DIRECTION_DEFAULT);
            case NXAST_CLONE:
                return new NxAction.Clone(ActionCodec.decode(a.slice(16, len - 16), at + 16));
            case NXAST_MULTIPATH:
                need(len, 32, at);
                return new NxAction.Multipath(a.getUnsignedShort(10), a.getUnsignedShort(12), a.getUnsignedShort(16),
                        a.getUnsignedShort(18), a.getUnsignedInt(20),
                        FieldRef.fromOfsNbits(a.getInt(28), a.getUnsignedShort(26)));
            case NXAST_BUNDLE:
            case NXAST_BUNDLE_LOAD: {
                need(len, 32, at);
                int n = a.getUnsignedShort(20);
                need(len, 32 + 2 * n, at);
                List<Integer> members = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    members.add(a.getUnsignedShort(32 + 2 * i));
                }
                FieldRef dst = subtype == NXAST_BUNDLE ? null
                        : FieldRef.fromOfsNbits(a.getInt(24), a.getUnsignedShort(22));
                return new NxAction.Bundle(a.getUnsignedShort(12), a.getUnsignedShort(14), a.getUnsignedShort(10),
                        members, dst);
            }
            case NXAST_CT: {
                need(len, 24, at);
                int zoneHeader = a.getInt(12);
                FieldRef zoneSrc = zoneHeader == 0 ? null
                        : FieldRef.fromOfsNbits(zoneHeader, a.getUnsignedShort(16));
                int zoneImm = zoneHeader == 0 ? a.getUnsignedShort(16) : 0;
                return new NxAction.Ct(a.getUnsignedShort(10), zoneSrc, zoneImm, a.getUnsignedByte(18),
                        a.getUnsignedShort(22), ActionCodec.decode(a.slice(24, len - 24), at + 24));
            }
            case NXAST_NAT:
                return decodeNat(a, at, len);
            case NXAST_LEARN:
            case NXAST_LEARN2:
                return decodeLearn(a, at, len, subtype == NXAST_LEARN2);
            default:
                return null;
        }
    }

    private static Action decodeNat(ByteBuf a, int at, int len) throws DecodeException {
        int flags = a.getUnsignedShort(12);
        int present = a.getUnsignedShort(14);
        int i = 16;
        InetAddress min = null;
        InetAddress max = null;
        int pmin = 0;
        int pmax = 0;
        try {
            if ((present & 1) != 0) {
                need(len, i + 4, at);
                min = InetAddress.getByAddress(bytes(a, i, 4));
                i += 4;
            }
            if ((present & 2) != 0) {
                need(len, i + 4, at);
                max = InetAddress.getByAddress(bytes(a, i, 4));
                i += 4;
            }
            if ((present & 4) != 0) {
                need(len, i + 16, at);
                min = InetAddress.getByAddress(bytes(a, i, 16));
                i += 16;
            }
            if ((present & 8) != 0) {
                need(len, i + 16, at);
                max = InetAddress.getByAddress(bytes(a, i, 16));
                i += 16;
            }
        } catch (UnknownHostException e) {
            throw new DecodeException(at, "nat address: " + e.getMessage());
        }
        if ((present & 16) != 0) {
            need(len, i + 2, at);
            pmin = a.getUnsignedShort(i);
            i += 2;
        }
        if ((present & 32) != 0) {
            need(len, i + 2, at);
            pmax = a.getUnsignedShort(i);
        }
        return new NxAction.Nat(flags, min, max, pmin, pmax);
    }

    private static Action decodeLearn(ByteBuf a, int at, int len, boolean learn2) throws DecodeException {
        need(len, 32, at);
        List<NxAction.LearnSpec> specs = new ArrayList<>();
        int i = 32;
        long limit = 0;
        FieldRef resultDst = null;
        if (learn2) {
            need(len, 40, at);
            limit = a.getUnsignedInt(32);
            int resultOfs = a.getUnsignedShort(36);
            i = 40;
            if ((a.getUnsignedShort(24) & NxAction.Learn.WRITE_RESULT) != 0) {
                need(len, 44, at);
                org.vifd.openflow.match.OxmField f = org.vifd.openflow.match.OxmField.fromHeader(a.getInt(40));
                i = 44;
                if (f.isExperimenter()) {
                    need(len, 48, at);
                    f = org.vifd.openflow.match.OxmField.experimenterField(a.getUnsignedInt(44), f.field());
                    i = 48;
                }
                resultDst = new FieldRef(f, resultOfs, 1);
            }
        }
        while (i + 2 <= len) {
            int h = a.getUnsignedShort(i);
            if (h == 0) {
                break;
            }
            i += 2;
            int nBits = h & 0x3ff;
            boolean immediate = (h & (1 << 13)) != 0;
            int dstType = (h >> 11) & 3;
            if (nBits == 0 || dstType == 3) {
                throw new DecodeException(at + i - 2, "learn spec header 0x" + Integer.toHexString(h));
            }
            FieldRef src = null;
            byte[] imm = null;
            if (immediate) {
                int n = 2 * ((nBits + 15) / 16);
                need(len, i + n, at);
                imm = bytes(a, i, n);
                i += n;
            } else {
                need(len, i + 6, at);
                src = new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(i)), a.getUnsignedShort(i + 4),
                        nBits);
                i += 6;
            }
            FieldRef dst = null;
            if (dstType != 2) {
                need(len, i + 6, at);
                dst = new FieldRef(org.vifd.openflow.match.OxmField.fromHeader(a.getInt(i)), a.getUnsignedShort(i + 4),
                        nBits);
                i += 6;
            }
            NxAction.LearnSpec.Kind kind = dstType == 0 ? NxAction.LearnSpec.Kind.MATCH
                    : dstType == 1 ? NxAction.LearnSpec.Kind.LOAD : NxAction.LearnSpec.Kind.OUTPUT;
            specs.add(new NxAction.LearnSpec(kind, src, imm, nBits, dst));
        }
        return new NxAction.Learn(a.getUnsignedShort(10), a.getUnsignedShort(12), a.getUnsignedShort(14),
                a.getLong(16), a.getUnsignedShort(24), a.getUnsignedByte(26), a.getUnsignedShort(28),
                a.getUnsignedShort(30), specs, limit, resultDst);
    }

    /** An NXM/OXM field header; an experimenter OXM's header is followed by its experimenter id. */
    private static void writeFieldHeader(org.vifd.openflow.match.OxmField f, ByteBuf out) {
        out.writeInt(f.header());
        if (f.isExperimenter()) {
            out.writeInt((int) f.experimenter());
        }
    }

    /** The one OXM TLV at {@code i}, without the action's trailing padding. */
    private static ByteBuf trimmedTlv(ByteBuf a, int i, int len, int at) throws DecodeException {
        int exp = a.getUnsignedShort(i) == 0xffff ? 4 : 0;
        int tlv = 4 + a.getUnsignedByte(i + 3);
        if (i + tlv > len || tlv < 4 + exp) {
            throw new DecodeException(at + i + 3, "NXAST_REG_LOAD2 field length " + (tlv - 4));
        }
        return a.slice(i, tlv);
    }

    private static byte[] bytes(ByteBuf a, int i, int n) {
        byte[] b = new byte[n];
        a.getBytes(i, b);
        return b;
    }

    private static void need(int len, int n, int at) throws DecodeException {
        if (len < n) {
            throw new DecodeException(at, "Nicira action of " + len + " bytes, needs " + n);
        }
    }
}
