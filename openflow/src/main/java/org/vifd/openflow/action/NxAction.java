package org.vifd.openflow.action;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Nicira extension actions (vendor 0x00002320, ovs-actions(7); layouts are OVS's nx_action_* structures in
 * lib/ofp-actions.c). Values: equal actions are equal.
 */
public sealed interface NxAction extends Action.Extension {

    /** NXAST_REG_LOAD: {@code load:value->dst}. */
    record RegLoad(FieldRef dst, long value) implements NxAction {
        public RegLoad {
            Objects.requireNonNull(dst, "dst");
            if (dst.nBits() > 64) {
                throw new IllegalArgumentException("reg_load of more than 64 bits into " + dst);
            }
        }
    }

    /** NXAST_REG_MOVE: {@code move:src->dst}, both of the same width. */
    /**
     * NXAST_REG_LOAD2: a set_field carried as a Nicira action — one OXM/NXM TLV, optionally masked (OVS
     * nx_action_reg_load2; prints as {@code set_field:value/mask->field}). OVS 3.1's ovs-ofctl does not send it in
     * OpenFlow 1.3 (it splits a masked set_field into reg_loads), but other controllers may.
     */
    record RegLoad2(org.vifd.openflow.match.OxmEntry oxm) implements NxAction {
        public RegLoad2 {
            Objects.requireNonNull(oxm, "oxm");
        }
    }

    record RegMove(FieldRef src, FieldRef dst) implements NxAction {
        public RegMove {
            if (src.nBits() != dst.nBits()) {
                throw new IllegalArgumentException("move of " + src.nBits() + " bits into " + dst.nBits());
            }
        }
    }

    /** NXAST_STACK_PUSH: {@code push:field[..]} pushes the bits onto the action stack (nx_action_stack). */
    record StackPush(FieldRef field) implements NxAction {
        public StackPush {
            Objects.requireNonNull(field, "field");
        }
    }

    /** NXAST_STACK_POP: {@code pop:field[..]} pops the top of the action stack into the bits. */
    record StackPop(FieldRef field) implements NxAction {
        public StackPop {
            Objects.requireNonNull(field, "field");
        }
    }

    /** NXAST_OUTPUT_TRUNC: {@code output(port=P,max_len=N)}, output truncated to N bytes (nx_action_output_trunc). */
    record OutputTrunc(long port, long maxLen) implements NxAction {
    }

    /** NXAST_RESUBMIT_TABLE_CT: resubmit using the conntrack original-direction tuple ({@code resubmit(,T,ct)}). */
    record ResubmitCt(long port, int table) implements NxAction {
    }

    /** NXAST_POP_QUEUE: {@code pop_queue}. */
    record PopQueue() implements NxAction {
    }

    /** NXAST_CT_CLEAR: {@code ct_clear}. */
    record CtClear() implements NxAction {
    }

    /** NXAST_EXIT: {@code exit}. */
    record Exit() implements NxAction {
    }

    /** NXAST_NOTE: opaque bytes, padded with zeros so the action is a multiple of 8 bytes. */
    record Note(byte[] data) implements NxAction {
        public Note {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Note n && Arrays.equals(n.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }
    }

    /** NXAST_DEC_TTL_CNT_IDS: {@code dec_ttl(id,...)}. */
    record DecTtl(List<Integer> controllerIds) implements NxAction {
        public DecTtl {
            controllerIds = List.copyOf(controllerIds);
        }
    }

    /** NXAST_OUTPUT_REG: {@code output:src}. */
    record OutputReg(FieldRef src, int maxLen) implements NxAction {
    }

    /** NXAST_CONJUNCTION: {@code conjunction(id,clause/nClauses)}, clause counted from 1. */
    record Conjunction(long id, int clause, int nClauses) implements NxAction {
    }

    /** NXAST_FIN_TIMEOUT. */
    record FinTimeout(int idleTimeout, int hardTimeout) implements NxAction {
    }

    /** NXAST_CHECK_PKT_LARGER: {@code check_pkt_larger(len)->dst}, dst a single bit. */
    record CheckPktLarger(int packetLength, FieldRef dst) implements NxAction {
    }

    /**
     * NXAST_SAMPLE, or NXAST_SAMPLE2 with a sampling port, or NXAST_SAMPLE3 with a direction (ovs-actions(7)
     * "sample"): OVS picks the shortest that holds the options, and so does the encoder. {@code samplingPort} is the
     * 16-bit OpenFlow 1.0 port number on the wire, {@link #NO_PORT} for none.
     */
    record Sample(int probability, long collectorSetId, long obsDomainId, long obsPointId, int samplingPort,
                  int direction) implements NxAction {
        /** OFPP_NONE as 16 bits: no sampling port. */
        public static final int NO_PORT = 0xffff;
        /** nx_action_sample_direction. */
        public static final int DIRECTION_DEFAULT = 0;
        public static final int DIRECTION_INGRESS = 1;
        public static final int DIRECTION_EGRESS = 2;

        public Sample(int probability, long collectorSetId, long obsDomainId, long obsPointId) {
            this(probability, collectorSetId, obsDomainId, obsPointId, NO_PORT, DIRECTION_DEFAULT);
        }
    }

    /** NXAST_CLONE: runs nested actions on a copy of the packet. */
    record Clone(List<Action> actions) implements NxAction {
        public Clone {
            actions = List.copyOf(actions);
        }
    }

    /** NXAST_MULTIPATH. Fields and algorithm codes are listed in {@link HashFields} and OVS's nx_mp_algorithm. */
    record Multipath(int fields, int basis, int algorithm, int maxLink, long arg, FieldRef dst) implements NxAction {
    }

    /** NXAST_BUNDLE ({@code dst == null}) or NXAST_BUNDLE_LOAD. Member type is always ofport (NXM_OF_IN_PORT). */
    record Bundle(int fields, int basis, int algorithm, List<Integer> members, FieldRef dst) implements NxAction {
        public Bundle {
            members = List.copyOf(members);
        }
    }

    /**
     * NXAST_CT: send to the connection tracker. {@code zoneSrc} null means the immediate {@code zoneImm};
     * {@code recircTable} 255 means none; {@code actions} are the nested ones (nat, and loads to ct_mark/ct_label).
     */
    record Ct(int flags, FieldRef zoneSrc, int zoneImm, int recircTable, int alg, List<Action> actions)
            implements NxAction {
        public static final int COMMIT = 1;
        public static final int FORCE = 2;
        public static final int NO_TABLE = 255;

        public Ct {
            actions = List.copyOf(actions);
        }
    }

    /**
     * NXAST_NAT inside ct(). Flags: src 1, dst 2, persistent 4, hash 8, random 16. Addresses may be null (no range),
     * ports 0 when absent.
     */
    record Nat(int flags, InetAddress addrMin, InetAddress addrMax, int portMin, int portMax) implements NxAction {
        public static final int SRC = 1;
        public static final int DST = 2;
        public static final int PERSISTENT = 4;
        public static final int PROTO_HASH = 8;
        public static final int PROTO_RANDOM = 16;
    }

    /**
     * NXAST_LEARN: adds or modifies a flow built from the packet. Flags: send_flow_rem 1, delete_learned 2.
     */
    record Learn(int idleTimeout, int hardTimeout, int priority, long cookie, int flags, int tableId,
                 int finIdleTimeout, int finHardTimeout, List<LearnSpec> specs, long limit, FieldRef resultDst)
            implements NxAction {
        public static final int SEND_FLOW_REM = 1;
        public static final int DELETE_LEARNED = 2;
        /** NX_LEARN_F_WRITE_RESULT: set exactly when {@code resultDst} is (the constructor keeps them in step). */
        public static final int WRITE_RESULT = 4;

        /**
         * {@code limit} (at most that many learned flows, 0 for no limit) and {@code resultDst} (a bit set to 1 if
         * the flow was learned, 0 if the limit stopped it; null for none) need NXAST_LEARN2, which the encoder uses
         * only when one of them is set, as OVS does.
         */
        public Learn {
            specs = List.copyOf(specs);
            flags = resultDst != null ? flags | WRITE_RESULT : flags & ~WRITE_RESULT;
            if (resultDst != null && resultDst.nBits() != 1) {
                throw new IllegalArgumentException("learn result_dst must be one bit, got " + resultDst);
            }
        }

        public Learn(int idleTimeout, int hardTimeout, int priority, long cookie, int flags, int tableId,
                     int finIdleTimeout, int finHardTimeout, List<LearnSpec> specs) {
            this(idleTimeout, hardTimeout, priority, cookie, flags, tableId, finIdleTimeout, finHardTimeout, specs,
                    0, null);
        }
    }

    /**
     * One flow_mod_spec of learn: the source is a field run ({@code src}) or an immediate value of {@code nBits}
     * bits; the destination a match field, a load destination (both {@code dst}) or the output port (dst null).
     */
    record LearnSpec(Kind kind, FieldRef src, byte[] immediate, int nBits, FieldRef dst) {
        public enum Kind { MATCH, LOAD, OUTPUT }

        public LearnSpec {
            Objects.requireNonNull(kind, "kind");
            immediate = immediate == null ? null : immediate.clone();
            if ((src == null) == (immediate == null)) {
                throw new IllegalArgumentException("learn spec needs exactly one of a source field or a value");
            }
            if ((kind == Kind.OUTPUT) != (dst == null)) {
                throw new IllegalArgumentException("learn " + kind + " spec destination " + dst);
            }
        }

        @Override
        public byte[] immediate() {
            return immediate == null ? null : immediate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LearnSpec s && s.kind == kind && Objects.equals(s.src, src) && s.nBits == nBits
                    && Arrays.equals(s.immediate, immediate) && Objects.equals(s.dst, dst);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, src, nBits, dst) * 31 + Arrays.hashCode(immediate);
        }
    }

    /** nx_hash_fields codes used by multipath and bundle. */
    final class HashFields {
        public static final List<String> NAMES = List.of("eth_src", "symmetric_l4", "symmetric_l3l4",
                "symmetric_l3l4+udp", "nw_src", "nw_dst", "symmetric_l3");

        private HashFields() {
        }
    }
}
