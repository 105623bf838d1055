package org.vifd.openflow.protocol;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;

/** OFPT_FLOW_MOD (OpenFlow 1.3.5 §7.3.4.1; 1.4.1 puts importance where 1.3 has padding). */
public record FlowMod(FlowModCommand command, long cookie, long cookieMask, int tableId, int idleTimeout,
                      int hardTimeout, int priority, long bufferId, long outPort, long outGroup, int flags,
                      int importance, Match match, List<Instruction> instructions) implements OfMessage {
    public static final int OFPFF_SEND_FLOW_REM = 1;
    public static final int OFPFF_CHECK_OVERLAP = 2;
    public static final int OFPFF_RESET_COUNTS = 4;
    public static final int OFPFF_NO_PKT_COUNTS = 8;
    public static final int OFPFF_NO_BYT_COUNTS = 16;
    /** OFP_NO_BUFFER. */
    public static final long NO_BUFFER = 0xffffffffL;
    /** OFPG_ANY. */
    public static final long GROUP_ANY = 0xffffffffL;
    /** OFPTT_ALL: every table, for deletes. */
    public static final int TABLE_ALL = 0xff;
    /** ofp_flow_mod without match and instructions. */
    static final int FIXED_LENGTH = 40;

    public FlowMod {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(match, "match");
        instructions = List.copyOf(instructions);
    }

    public static Builder builder(FlowModCommand command) {
        return new Builder(command);
    }

    public Builder toBuilder() {
        return new Builder(command).cookie(cookie, cookieMask).tableId(tableId).idleTimeout(idleTimeout)
                .hardTimeout(hardTimeout).priority(priority).bufferId(bufferId).outPort(outPort).outGroup(outGroup)
                .flags(flags).importance(importance).match(match).instructions(instructions);
    }

    public static Builder add() {
        return new Builder(FlowModCommand.ADD);
    }

    public static Builder delete() {
        return new Builder(FlowModCommand.DELETE).tableId(TABLE_ALL);
    }

    @Override
    public MessageType type(OfVersion version) {
        return MessageType.FLOW_MOD;
    }

    @Override
    public void writeBody(ByteBuf out, OfVersion version) {
        out.writeLong(cookie).writeLong(cookieMask).writeByte(tableId).writeByte(command.code())
                .writeShort(idleTimeout).writeShort(hardTimeout).writeShort(priority).writeInt((int) bufferId)
                .writeInt((int) outPort).writeInt((int) outGroup).writeShort(flags)
                .writeShort(version.atLeast(OfVersion.OF_1_4) ? importance : 0);
        match.encode(out);
        InstructionCodec.encode(instructions, out, version);
    }

    /** Builder with the spec's defaults: table 0, priority 0x8000, no timeouts, no buffer, any port and group. */
    public static final class Builder {
        private final FlowModCommand command;
        private long cookie;
        private long cookieMask;
        private int tableId;
        private int idleTimeout;
        private int hardTimeout;
        private int priority = 0x8000;
        private long bufferId = NO_BUFFER;
        private long outPort = OfPort.ANY;
        private long outGroup = GROUP_ANY;
        private int flags;
        private int importance;
        private Match match = Match.ALL;
        private List<Instruction> instructions = List.of();

        private Builder(FlowModCommand command) {
            this.command = Objects.requireNonNull(command, "command");
        }

        public Builder cookie(long cookie) {
            this.cookie = cookie;
            return this;
        }

        /** Cookie and mask: for modify/delete, only flows whose cookie matches under the mask are affected. */
        public Builder cookie(long cookie, long cookieMask) {
            this.cookie = cookie;
            this.cookieMask = cookieMask;
            return this;
        }

        public Builder tableId(int tableId) {
            this.tableId = tableId;
            return this;
        }

        public Builder idleTimeout(int seconds) {
            this.idleTimeout = seconds;
            return this;
        }

        public Builder hardTimeout(int seconds) {
            this.hardTimeout = seconds;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder bufferId(long bufferId) {
            this.bufferId = bufferId;
            return this;
        }

        public Builder outPort(long outPort) {
            this.outPort = outPort;
            return this;
        }

        public Builder outGroup(long outGroup) {
            this.outGroup = outGroup;
            return this;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Builder importance(int importance) {
            this.importance = importance;
            return this;
        }

        public Builder match(Match match) {
            this.match = Objects.requireNonNull(match, "match");
            return this;
        }

        public Builder instructions(List<Instruction> instructions) {
            this.instructions = List.copyOf(instructions);
            return this;
        }

        public Builder instructions(Instruction... instructions) {
            return instructions(List.of(instructions));
        }

        public FlowMod build() {
            return new FlowMod(command, cookie, cookieMask, tableId, idleTimeout, hardTimeout, priority, bufferId,
                    outPort, outGroup, flags, importance, match, instructions);
        }
    }
}
