package org.vifd.openflow.action;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;

/** Encodes and decodes instruction lists (OpenFlow 1.3.5 §7.2.4). */
public final class InstructionCodec {
    static final int OFPIT_GOTO_TABLE = 1;
    static final int OFPIT_WRITE_METADATA = 2;
    static final int OFPIT_WRITE_ACTIONS = 3;
    static final int OFPIT_APPLY_ACTIONS = 4;
    static final int OFPIT_CLEAR_ACTIONS = 5;
    static final int OFPIT_METER = 6;

    private InstructionCodec() {
    }

    /**
     * Writes the instructions in the order the spec executes them (meter, apply, clear, write actions, write
     * metadata, goto). OpenFlow 1.5 deprecates the meter instruction: there it becomes a meter action at the head
     * of apply-actions (OpenFlow 1.5.1 §5.12).
     */
    public static void encode(List<Instruction> instructions, ByteBuf out, OfVersion version) {
        boolean meterAsAction = version.atLeast(OfVersion.OF_1_5);
        Instruction.Meter meter = null;
        for (Instruction i : instructions) {
            if (i instanceof Instruction.Meter m) {
                meter = m;
            }
        }
        if (meter != null && !meterAsAction) {
            out.writeShort(OFPIT_METER).writeShort(8).writeInt((int) meter.meterId());
        }
        boolean applied = false;
        for (Instruction i : instructions) {
            if (i instanceof Instruction.ApplyActions a) {
                List<Action> acts = a.actions();
                if (meter != null && meterAsAction && !applied) {
                    acts = new ArrayList<>(acts);
                    acts.add(0, new Action.Meter(meter.meterId()));
                }
                applied = true;
                writeActions(OFPIT_APPLY_ACTIONS, acts, out, version);
            }
        }
        if (meter != null && meterAsAction && !applied) {
            writeActions(OFPIT_APPLY_ACTIONS, List.of(new Action.Meter(meter.meterId())), out, version);
        }
        for (Instruction i : instructions) {
            if (i instanceof Instruction.ClearActions) {
                out.writeShort(OFPIT_CLEAR_ACTIONS).writeShort(8).writeZero(4);
            }
        }
        for (Instruction i : instructions) {
            if (i instanceof Instruction.WriteActions w) {
                writeActions(OFPIT_WRITE_ACTIONS, w.actions(), out, version);
            }
        }
        for (Instruction i : instructions) {
            if (i instanceof Instruction.WriteMetadata w) {
                out.writeShort(OFPIT_WRITE_METADATA).writeShort(24).writeZero(4).writeLong(w.metadata())
                        .writeLong(w.mask());
            }
        }
        for (Instruction i : instructions) {
            if (i instanceof Instruction.GotoTable g) {
                out.writeShort(OFPIT_GOTO_TABLE).writeShort(8).writeByte(g.tableId()).writeZero(3);
            }
        }
    }

    private static void writeActions(int type, List<Action> actions, ByteBuf out, OfVersion version) {
        int start = out.writerIndex();
        out.writeShort(type).writeShort(0).writeZero(4);
        ActionCodec.encode(actions, out, version);
        out.setShort(start + 2, out.writerIndex() - start);
    }

    /**
     * The inverse of the OpenFlow 1.5 encoding: a meter action heading apply-actions becomes the meter
     * instruction, so a flow reads back equal to how it was built whatever the version.
     */
    public static List<Instruction> normalizeMeter(List<Instruction> in) {
        List<Instruction> out = new ArrayList<>(in.size() + 1);
        for (Instruction i : in) {
            if (i instanceof Instruction.ApplyActions a && !a.actions().isEmpty()
                    && a.actions().get(0) instanceof Action.Meter m) {
                out.add(0, new Instruction.Meter(m.meterId()));
                if (a.actions().size() > 1) {
                    out.add(new Instruction.ApplyActions(a.actions().subList(1, a.actions().size())));
                }
            } else {
                out.add(i);
            }
        }
        return out;
    }

    public static List<Instruction> decode(ByteBuf in, int base) throws DecodeException {
        List<Instruction> list = new ArrayList<>();
        int start = in.readerIndex();
        while (in.isReadable()) {
            int at = base + in.readerIndex() - start;
            if (in.readableBytes() < 8) {
                throw new DecodeException(at, "truncated instruction header");
            }
            int type = in.getUnsignedShort(in.readerIndex());
            int len = in.getUnsignedShort(in.readerIndex() + 2);
            if (len < 8 || len % 8 != 0 || len > in.readableBytes()) {
                throw new DecodeException(at + 2, "instruction length " + len + " (type " + type + ") with "
                        + in.readableBytes() + " bytes left");
            }
            ByteBuf b = in.readSlice(len);
            switch (type) {
                case OFPIT_GOTO_TABLE -> list.add(new Instruction.GotoTable(b.getUnsignedByte(4)));
                case OFPIT_WRITE_METADATA -> {
                    if (len != 24) {
                        throw new DecodeException(at + 2, "write_metadata length " + len);
                    }
                    list.add(new Instruction.WriteMetadata(b.getLong(8), b.getLong(16)));
                }
                case OFPIT_WRITE_ACTIONS -> list.add(new Instruction.WriteActions(
                        ActionCodec.decode(b.slice(8, len - 8), at + 8)));
                case OFPIT_APPLY_ACTIONS -> list.add(new Instruction.ApplyActions(
                        ActionCodec.decode(b.slice(8, len - 8), at + 8)));
                case OFPIT_CLEAR_ACTIONS -> list.add(new Instruction.ClearActions());
                case OFPIT_METER -> list.add(new Instruction.Meter(b.getUnsignedInt(4)));
                default -> throw new DecodeException(at, "unknown instruction type " + type);
            }
        }
        return list;
    }
}
