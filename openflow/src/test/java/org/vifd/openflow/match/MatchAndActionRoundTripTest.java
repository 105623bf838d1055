package org.vifd.openflow.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.InstructionCodec;
import org.vifd.openflow.action.OfPort;

class MatchAndActionRoundTripTest {
    @Provide
    Arbitrary<Match> matches() {
        Arbitrary<OxmEntry> inPort = Arbitraries.longs().between(1, 0xfffffeffL).map(p -> OxmEntry.of(OxmField.IN_PORT, p));
        Arbitrary<OxmEntry> meta = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((v, m) -> OxmEntry.of(OxmField.METADATA, v, m));
        Arbitrary<OxmEntry> eth = Arbitraries.longs().between(0, 0xffff_ffff_ffffL)
                .map(v -> OxmEntry.of(OxmField.ETH_SRC, v));
        Arbitrary<OxmEntry> vlan = Arbitraries.integers().between(0, 4095).map(v -> OxmEntry.of(OxmField.VLAN_VID,
                0x1000 | v));
        Arbitrary<OxmEntry> reg = Combinators.combine(Arbitraries.integers().between(0, 15),
                Arbitraries.longs().between(0, 0xffffffffL)).as((n, v) -> OxmEntry.of(OxmField.reg(n), v));
        Arbitrary<OxmEntry> ip = Combinators.combine(Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.longs().between(0, 0xffffffffL)).as((v, m) -> OxmEntry.of(OxmField.IPV4_DST, v, m));
        Arbitrary<OxmEntry> udp = Arbitraries.integers().between(0, 65535).map(v -> OxmEntry.of(OxmField.UDP_DST, v));
        return Arbitraries.oneOf(inPort, meta, eth, vlan, reg, ip, udp).list().ofMaxSize(8).map(l -> {
            List<OxmEntry> unique = new ArrayList<>();
            for (OxmEntry e : l) {
                if (unique.stream().noneMatch(u -> u.field().equals(e.field()))) {
                    unique.add(e);
                }
            }
            return new Match(unique);
        });
    }

    @Provide
    Arbitrary<List<Instruction>> instructions() {
        Arbitrary<Action> action = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 0xffffffffL).map(p -> (Action) new Action.Output(p, 0xffff)),
                Arbitraries.just(new Action.PopVlan()),
                Arbitraries.just(new Action.PushVlan(0x8100)),
                Arbitraries.integers().between(0, 4095).map(Action.SetField::vlanVid),
                Arbitraries.integers().between(0, 254).map(t -> (Action) Action.Resubmit.toTable(t)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(u -> (Action) new Action.Controller(
                        1500, 1, 0, u, false)),
                Arbitraries.just(Action.normal()));
        Arbitrary<Instruction> apply = action.list().ofMinSize(1).ofMaxSize(5).map(Instruction.ApplyActions::new);
        return Combinators.combine(apply, Arbitraries.integers().between(1, 254),
                Arbitraries.longs(), Arbitraries.longs().between(1, 100))
                .as((a, t, md, meter) -> List.<Instruction>of(new Instruction.Meter(meter), a,
                        new Instruction.WriteMetadata(md, -1L), new Instruction.GotoTable(t)));
    }

    @Property(tries = 300)
    void matchesRoundTrip(@ForAll("matches") Match m) throws Exception {
        ByteBuf b = Unpooled.buffer();
        m.encode(b);
        assertThat(b.readableBytes()).isEqualTo(m.wireLength()).isEqualTo((m.wireLength() + 7) & ~7);
        assertThat(Match.decode(b, 0)).isEqualTo(m);
        assertThat(b.isReadable()).isFalse();
    }

    /**
     * Non-empty apply-actions: in OpenFlow 1.5 a meter travels as an action inside apply-actions, so "meter and an
     * empty apply" and "meter alone" encode alike.
     */
    @Property(tries = 300)
    void instructionsRoundTripInEveryVersion(@ForAll("instructions") List<Instruction> ins) throws Exception {
        for (OfVersion v : List.of(OfVersion.OF_1_3, OfVersion.OF_1_4, OfVersion.OF_1_5)) {
            ByteBuf b = Unpooled.buffer();
            InstructionCodec.encode(ins, b, v);
            assertThat(InstructionCodec.normalizeMeter(InstructionCodec.decode(b, 0))).isEqualTo(ins);
        }
    }

    @Property(tries = 100)
    void maskedValuesAreNormalisedLikeOvsReportsThem(@ForAll long value, @ForAll long mask) {
        OxmEntry e = OxmEntry.of(OxmField.METADATA, value, mask);
        assertThat(e.longValue()).isEqualTo(value & mask);
        assertThat(e.hasMask()).isEqualTo(mask != -1L);
        assertThat(OfPort.name(OfPort.NORMAL)).isEqualTo("NORMAL");
    }
}
