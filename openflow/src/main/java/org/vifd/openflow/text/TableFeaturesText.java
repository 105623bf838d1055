package org.vifd.openflow.text;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.stats.Property;
import org.vifd.openflow.stats.TableFeatures;

/**
 * The body of an OFPMP_TABLE_FEATURES request or reply as `ovs-ofctl ofp-print` (OVS 3.1) prints it: each table's
 * metadata, instruction and action features and match capabilities, compared with the table printed before it
 * ("(same actions)", "(same matching)", "ditto"). Properties are read loosely, as a controller reads a switch's
 * features (OpenFlow 1.3.5 §7.3.5.5.2): unknown properties, instructions, actions and fields are skipped.
 */
final class TableFeaturesText {
    /** OpenFlow 1.3 action types (§7.2.5) in OVS's action order (enum ofpact_type), with OVS's names. */
    private static final int[] ACTION_TYPES = {0, 22, 25, 18, 17, 23, 24, 15, 16, 19, 20, 21};
    private static final String[] ACTION_NAMES = {"output", "group", "set_field", "strip_vlan", "push_vlan",
        "mod_nw_ttl", "dec_ttl", "set_mpls_ttl", "dec_mpls_ttl", "push_mpls", "pop_mpls", "set_queue"};
    /** Instruction types (§7.2.4) in OVS's order (enum ovs_instruction_type) with its names. */
    private static final int[] INSTRUCTION_TYPES = {6, 4, 5, 3, 2, 1};
    private static final String[] INSTRUCTION_NAMES = {"meter", "apply_actions", "clear_actions", "write_actions",
        "write_metadata", "goto_table"};

    private TableFeaturesText() {
    }

    /** Actions (a bitmap over {@link #ACTION_TYPES}) and the fields Set-Field may write (OVS field indexes). */
    record ActionFeatures(int actions, BitSet setFields) {
        boolean isEmpty() {
            return actions == 0 && setFields.isEmpty();
        }
    }

    /** The features of flows other than the table-miss flow, or of the table-miss flow. */
    record InstructionFeatures(BitSet nextTables, int instructions, ActionFeatures write, ActionFeatures apply) {
        boolean isEmpty() {
            return nextTables.isEmpty() && instructions == 0 && write.isEmpty() && apply.isEmpty();
        }

        /**
         * Equal for table {@code tableId}: as OVS compares with the previous table, only next tables after this
         * one count (table 245 with next tables 246-253 is the same as table 244 with 245-253).
         */
        boolean sameAs(InstructionFeatures o, int tableId) {
            return instructions == o.instructions && write.equals(o.write) && apply.equals(o.apply)
                    && nextTables.get(tableId + 1, 256).equals(o.nextTables.get(tableId + 1, 256));
        }
    }

    /** One table's features as OVS decodes them (ofputil_table_features); equality ignores id and name. */
    record Features(int tableId, String name, long metadataMatch, long metadataWrite, int eviction, int vacancy,
                    long maxEntries, InstructionFeatures nonmiss, InstructionFeatures miss, BitSet match,
                    BitSet mask, BitSet wildcard) {
        boolean sameAs(Features o) {
            return metadataMatch == o.metadataMatch && metadataWrite == o.metadataWrite && eviction == o.eviction
                    && vacancy == o.vacancy && maxEntries == o.maxEntries && sameInstructions(o) && sameMatching(o);
        }

        boolean sameInstructions(Features o) {
            return nonmiss.sameAs(o.nonmiss, tableId) && miss.sameAs(o.miss, tableId);
        }

        boolean sameMatching(Features o) {
            return match.equals(o.match) && mask.equals(o.mask) && wildcard.equals(o.wildcard);
        }
    }

    static void print(StringBuilder s, List<TableFeatures> tables, OfVersion v) {
        Features prev = null;
        boolean lastWasBlock = false; // or a ditto run: the next item is then set off by a blank line
        int dittoFirst = -1;
        int dittoLast = -1;
        for (TableFeatures t : tables) {
            Features f = decode(t, v);
            if (prev != null && f.sameAs(prev) && f.name().isEmpty()) {
                if (dittoFirst < 0) {
                    dittoFirst = f.tableId();
                }
                dittoLast = f.tableId();
                continue;
            }
            if (dittoFirst >= 0) {
                lastWasBlock = ditto(s, dittoFirst, dittoLast, lastWasBlock);
                dittoFirst = -1;
            }
            if (prev != null && f.sameAs(prev)) {
                s.append(lastWasBlock ? "\n\n" : "\n").append("  table ").append(f.tableId()).append(" (\"")
                        .append(f.name()).append("\"): ditto");
                lastWasBlock = false;
            } else {
                s.append(prev == null ? "\n" : "\n\n");
                block(s, f, prev);
                lastWasBlock = true;
            }
            prev = f;
        }
        if (dittoFirst >= 0) {
            ditto(s, dittoFirst, dittoLast, lastWasBlock);
        }
    }

    /** A run of unnamed tables equal to the one before; like a full block, it is followed by a blank line. */
    private static boolean ditto(StringBuilder s, int first, int last, boolean afterBlock) {
        s.append(afterBlock ? "\n\n" : "\n");
        if (first == last) {
            s.append("  table ").append(first).append(": ditto");
        } else {
            s.append("  tables ").append(first).append("...").append(last).append(": ditto");
        }
        return true;
    }

    private static void block(StringBuilder s, Features f, Features prev) {
        s.append("  table ").append(f.tableId());
        if (!f.name().isEmpty()) {
            s.append(" (\"").append(f.name()).append("\")");
        }
        s.append(':');
        if (f.metadataMatch() != 0 || f.metadataWrite() != 0) {
            s.append("\n    metadata: match=0x").append(Long.toHexString(f.metadataMatch())).append(" write=0x")
                    .append(Long.toHexString(f.metadataWrite()));
        }
        if (f.eviction() >= 0) {
            s.append("\n    eviction: ").append(f.eviction() != 0 ? "supported" : "not supported");
        }
        if (f.vacancy() >= 0) {
            s.append("\n    vacancy events: ").append(f.vacancy() != 0 ? "supported" : "not supported");
        }
        if (f.maxEntries() != 0) {
            s.append("\n    max_entries=").append(f.maxEntries());
        }
        if (!f.nonmiss().isEmpty() || !f.miss().isEmpty()) {
            if (prev != null && f.sameInstructions(prev)) {
                s.append("\n    (same instructions)");
            } else if (f.nonmiss().equals(f.miss())) {
                s.append("\n    instructions (table miss and others):");
                instructions(s, f.nonmiss(), prev == null ? null : prev.nonmiss());
            } else {
                s.append("\n    instructions (other than table miss):");
                instructions(s, f.nonmiss(), prev == null ? null : prev.nonmiss());
                s.append("\n    instructions (table miss):");
                instructions(s, f.miss(), prev == null ? null : prev.miss());
            }
        }
        if (!f.match().isEmpty()) {
            if (prev != null && f.sameMatching(prev)) {
                s.append("\n    (same matching)");
            } else {
                s.append("\n    matching:");
                fieldLine(s, "      arbitrary mask: ", f.mask());
                BitSet exactOrWild = (BitSet) f.wildcard().clone();
                exactOrWild.andNot(f.mask());
                fieldLine(s, "      exact match or wildcard: ", exactOrWild);
                BitSet mustExact = (BitSet) f.match().clone();
                mustExact.andNot(f.wildcard());
                fieldLine(s, "      must exact match: ", mustExact);
            }
        }
    }

    private static void instructions(StringBuilder s, InstructionFeatures t, InstructionFeatures prev) {
        if (!t.nextTables().isEmpty()) {
            s.append("\n      next tables: ").append(ranges(t.nextTables()));
        }
        if (t.instructions() != 0) {
            if (prev != null && prev.instructions() == t.instructions()) {
                s.append("\n      (same instructions)");
            } else {
                s.append("\n      instructions:");
                for (int i = 0; i < INSTRUCTION_NAMES.length; i++) {
                    if ((t.instructions() & (1 << i)) != 0) {
                        s.append(' ').append(INSTRUCTION_NAMES[i]);
                    }
                }
            }
        }
        if (!t.write().isEmpty() || !t.apply().isEmpty()) {
            if (prev != null && t.write().equals(prev.write()) && t.apply().equals(prev.apply())) {
                s.append("\n      (same actions)");
            } else if (t.write().equals(t.apply())) {
                s.append("\n      Write-Actions and Apply-Actions features:");
                actions(s, t.write());
            } else {
                s.append("\n      Write-Actions features:");
                actions(s, t.write());
                s.append("\n      Apply-Actions features:");
                actions(s, t.apply());
            }
        }
    }

    private static void actions(StringBuilder s, ActionFeatures a) {
        if (a.actions() != 0) {
            s.append("\n        actions:");
            for (int i = 0; i < ACTION_NAMES.length; i++) {
                if ((a.actions() & (1 << i)) != 0) {
                    s.append(' ').append(ACTION_NAMES[i]);
                }
            }
        }
        fieldLine(s, "\n        supported on Set-Field: ", a.setFields());
    }

    private static void fieldLine(StringBuilder s, String head, BitSet fields) {
        if (fields.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        fields.stream().forEach(i -> names.add(OvsFieldIds.name(i)));
        s.append(head.startsWith("\n") ? head : "\n" + head).append(FieldListText.compress(names, ' '));
    }

    /** Table ids as OVS prints a bitmap of them: "1,3-5,7". */
    private static String ranges(BitSet b) {
        StringBuilder s = new StringBuilder();
        for (int i = b.nextSetBit(0); i >= 0; ) {
            int end = b.nextClearBit(i) - 1;
            s.append(s.isEmpty() ? "" : ",").append(i);
            if (end > i) {
                s.append('-').append(end);
            }
            i = b.nextSetBit(end + 1);
        }
        return s.toString();
    }

    // Decoding, as ofputil_decode_table_features with loose=true.

    static Features decode(TableFeatures t, OfVersion v) {
        BitSet[] next = {new BitSet(), new BitSet()};
        int[] inst = new int[2];
        int[] writeActs = new int[2];
        int[] applyActs = new int[2];
        BitSet[] writeFields = {new BitSet(), new BitSet()};
        BitSet[] applyFields = {new BitSet(), new BitSet()};
        BitSet match = new BitSet();
        BitSet mask = new BitSet();
        BitSet wildcard = new BitSet();
        for (Property p : t.properties()) {
            byte[] d = p.value();
            int miss = p.type() & 1;
            switch (p.type()) {
                case 0, 1 -> inst[miss] = ids(d, INSTRUCTION_TYPES);
                case 2, 3 -> {
                    for (byte id : d) {
                        if ((id & 0xff) != 255) {
                            next[miss].set(id & 0xff);
                        }
                    }
                }
                case 4, 5 -> writeActs[miss] = ids(d, ACTION_TYPES);
                case 6, 7 -> applyActs[miss] = ids(d, ACTION_TYPES);
                case 8 -> oxms(d, match, mask);
                case 10 -> oxms(d, wildcard, wildcard);
                case 12, 13 -> oxms(d, writeFields[miss], writeFields[miss]);
                case 14, 15 -> oxms(d, applyFields[miss], applyFields[miss]);
                default -> {
                    // experimenter or unknown property: skipped
                }
            }
        }
        // As OVS: maskable fields are matchable and may be wildcarded; only matchable fields are wildcardable.
        match.or(mask);
        wildcard.or(mask);
        wildcard.and(match);
        boolean of14 = v.wire() >= OfVersion.OF_1_4.wire();
        InstructionFeatures[] tif = new InstructionFeatures[2];
        for (int i = 0; i < 2; i++) {
            tif[i] = new InstructionFeatures(next[i], inst[i], new ActionFeatures(writeActs[i], writeFields[i]),
                    new ActionFeatures(applyActs[i], applyFields[i]));
        }
        return new Features(t.tableId(), Objects.requireNonNullElse(t.name(), ""), t.metadataMatch(),
                t.metadataWrite(), of14 ? (int) (t.config() >> 2) & 1 : -1, of14 ? (int) (t.config() >> 3) & 1 : -1,
                t.maxEntries(), tif[0], tif[1], match, mask, wildcard);
    }

    /** Instruction or action ids (type, length; §7.3.5.5.2) as a bitmap over the positions in {@code order}. */
    private static int ids(byte[] d, int[] order) {
        int bits = 0;
        int i = 0;
        while (d.length - i >= 4) {
            int type = ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
            int len = ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
            for (int k = 0; k < order.length; k++) {
                if (order[k] == type) {
                    bits |= 1 << k;
                }
            }
            i += Math.max(len, 4);
        }
        return bits;
    }

    /** OXM ids (§7.3.5.5.2): each 4-byte header (8 with an experimenter id) sets its field in exact or masked. */
    private static void oxms(byte[] d, BitSet exact, BitSet masked) {
        int i = 0;
        while (d.length - i >= 4) {
            int oxmClass = ((d[i] & 0xff) << 8) | (d[i + 1] & 0xff);
            int field = (d[i + 2] & 0xff) >> 1;
            boolean hasMask = (d[i + 2] & 1) != 0;
            long exp = 0;
            int size = 4;
            if (oxmClass == 0xffff) {
                if (d.length - i < 8) {
                    return;
                }
                exp = ((long) (d[i + 4] & 0xff) << 24) | ((d[i + 5] & 0xff) << 16) | ((d[i + 6] & 0xff) << 8)
                        | (d[i + 7] & 0xff);
                size = 8;
            }
            int id = OvsFieldIds.index(oxmClass, field, exp);
            int payload = (d[i + 3] & 0xff) - (size - 4);
            if (id >= 0 && payload == OvsFieldIds.size(id) * (hasMask ? 2 : 1)) {
                (hasMask ? masked : exact).set(id);
            }
            i += size;
        }
    }
}
