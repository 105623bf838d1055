package org.vifd.bench.openflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.protocol.FlowMod;

/**
 * The flows every contender installs: flow {@code i} lives in table 0 at priority 100 and is distinct from every
 * other. Even {@code i} (k = i / 2) match {@code in_port=1+k/4000,dl_vlan=1+k%4000} and rewrite the VLAN
 * ({@code mod_vlan_vid}, a set_field of vlan_vid since the match has a tag) then output; odd {@code i} match
 * {@code reg0=i} and output. The same formula is in {@code bench/src/main/python/osken_flows.py}; the benchmark
 * checks that every contender's bridge ends up with the same flows ({@code ovs-ofctl dump-flows}).
 */
public final class FlowSet {
    static final int TABLE = 0;
    static final int PRIORITY = 100;
    private static final int VLANS = 4000;
    private static final int PORTS = 48;

    private FlowSet() {
    }

    static boolean isVlanFlow(int i) {
        return (i & 1) == 0;
    }

    static int inPort(int i) {
        return 1 + (i / 2) / VLANS;
    }

    static int vlan(int i) {
        return 1 + (i / 2) % VLANS;
    }

    static int newVlan(int i) {
        return 1 + (i / 2 + 1) % VLANS;
    }

    static int outPort(int i) {
        return 1 + (isVlanFlow(i) ? (i / 2) % PORTS : i % PORTS);
    }

    /** Flow i as our library builds it. */
    public static FlowMod flowMod(int i) {
        if (isVlanFlow(i)) {
            return FlowMod.add().tableId(TABLE).priority(PRIORITY)
                    .match(Match.builder().inPort(inPort(i)).vlanVid(vlan(i)).build())
                    .instructions(Instruction.apply(Action.SetField.vlanVid(newVlan(i)), Action.output(outPort(i))))
                    .build();
        }
        return FlowMod.add().tableId(TABLE).priority(PRIORITY)
                .match(Match.builder().reg(0, i).build())
                .instructions(Instruction.apply(Action.output(outPort(i))))
                .build();
    }

    public static List<FlowMod> flowMods(int n) {
        List<FlowMod> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(flowMod(i));
        }
        return all;
    }

    /** Flow i in ovs-ofctl's text (ovs-ofctl(8) "Flow Syntax"). */
    public static String ofctlLine(int i) {
        if (isVlanFlow(i)) {
            return "table=" + TABLE + ",priority=" + PRIORITY + ",in_port=" + inPort(i) + ",dl_vlan=" + vlan(i)
                    + ",actions=mod_vlan_vid:" + newVlan(i) + ",output:" + outPort(i);
        }
        return "table=" + TABLE + ",priority=" + PRIORITY + ",reg0=" + i + ",actions=output:" + outPort(i);
    }

    /** Writes the first n flows as an {@code ovs-ofctl add-flows} file. */
    public static void writeOfctlFile(Path file, int n) {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < n; i++) {
                w.write(ofctlLine(i));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
