package org.vifd.openflow.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.MessageCodec;

/** Random flows (RandomFlows) round-trip through encode → decode and print → parse. */
class FlowTextPropertyTest {
    @Provide
    Arbitrary<String> flows() {
        return Arbitraries.randomValue((Random r) -> RandomFlows.flow(r, r.nextInt(255), r.nextInt(65536)));
    }

    @Property(tries = 400)
    void aRandomFlowEncodesAndDecodesToItself(@ForAll("flows") String text) throws Exception {
        FlowMod m = FlowText.parse(text);
        for (OfVersion v : new OfVersion[] {OfVersion.OF_1_3, OfVersion.OF_1_4, OfVersion.OF_1_5}) {
            byte[] bytes = MessageCodec.toBytes(m, v, 9);
            FlowMod back = (FlowMod) MessageCodec.decode(Unpooled.wrappedBuffer(bytes)).message();
            assertThat(back).as("%s in %s", text, v).isEqualTo(m);
        }
    }

    @Property(tries = 400)
    void aRandomFlowPrintsToTextThatParsesBackToIt(@ForAll("flows") String text) {
        FlowMod m = FlowText.parse(text);
        String printed = FlowText.print(m, FlowText.Options.NO_STATS);
        FlowMod again = FlowText.parse(printed);
        assertThat(again).as("%s printed as %s", text, printed).isEqualTo(m);
        assertThat(FlowText.print(again, FlowText.Options.NO_STATS)).isEqualTo(printed);
    }
}
