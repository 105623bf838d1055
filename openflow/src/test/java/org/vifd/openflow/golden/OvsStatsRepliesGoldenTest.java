package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.protocol.GroupMod;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.MultipartReply;
import org.vifd.openflow.protocol.QueueGetConfig;
import org.vifd.openflow.stats.GroupDesc;
import org.vifd.openflow.stats.GroupFeatures;
import org.vifd.openflow.stats.GroupStats;
import org.vifd.openflow.stats.MeterConfig;
import org.vifd.openflow.stats.MeterFeatures;
import org.vifd.openflow.stats.MeterStats;
import org.vifd.openflow.stats.PortStats;
import org.vifd.openflow.stats.QueueStats;
import org.vifd.openflow.stats.SwitchDescription;
import org.vifd.openflow.stats.TableFeatures;
import org.vifd.openflow.stats.TableStats;

/**
 * Multipart replies, QUEUE_GET_CONFIG_REPLY and mod messages as OVS 3.1 and ovs-ofctl sent them (captured once,
 * golden/README.md "issue 5 capture"), against what `ovs-ofctl ofp-print` prints for them.
 */
class OvsStatsRepliesGoldenTest {
    static InboundMessage decode(String name) throws Exception {
        return MessageCodec.decode(Unpooled.wrappedBuffer(OfpPrint.hexFixture(name + ".hex")));
    }

    static io.netty.buffer.ByteBuf body(String name) throws Exception {
        return Unpooled.wrappedBuffer(((MultipartReply) decode(name).message()).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ovs-desc-reply-of13", "ovs-table-stats-reply-of13", "ovs-table-stats-reply-of14",
        "ovs-port-stats-reply-of13", "ovs-port-stats-reply-of14", "ovs-queue-stats-reply-of13",
        "ovs-group-desc-reply-of13", "ovs-group-stats-reply-of13", "ovs-group-features-reply-of13",
        "ovs-meter-config-reply-of13", "ovs-meter-stats-reply-of13", "ovs-meter-features-reply-of13",
        "ovs-queue-get-config-reply-of13", "ovs-error-group-exists-of13", "ovs-error-unknown-meter-of13"})
    void theOracleStillPrintsEachFixtureAsRecorded(String name) {
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"group-mod-all-of13", "group-mod-select-of13", "port-mod-of13"})
    void ourEncodingIsTheBytesOvsOfctlSentForTheSameCommand(String name) throws Exception {
        // ovs-ofctl add-group / mod-port, captured on the wire (golden/ofctl/); same xid in GoldenCases.
        byte[] ofctl = OfpPrint.hexFixture("ofctl/ofctl-" + name + ".hex");
        GoldenCases.Case c = GoldenCases.all().get(name);
        assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(c.message(), c.version(), c.xid())))
                .isEqualTo(HexFormat.of().formatHex(ofctl));
        assertThat(decode("ofctl/ofctl-" + name).message()).isEqualTo(c.message());
    }

    @Test
    void experimenterOxmTcpFlagsAsOvsReportsItInOpenFlow13() throws Exception {
        String name = "ovs-flow-stats-tcp-flags-reply-of13";
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
        List<org.vifd.openflow.protocol.FlowStats> flows = org.vifd.openflow.protocol.FlowStats.decodeAll(
                body(name), OfVersion.OF_1_3);
        // "priority=9,tcp,tcp_flags=+syn-ack": ONFOXM_ET_TCP_FLAGS value SYN (0x002) under mask SYN|ACK (0x012).
        org.vifd.openflow.match.Match m = flows.get(0).match();
        assertThat(m.get(org.vifd.openflow.match.OxmField.ONF_TCP_FLAGS)).hasValueSatisfying(e -> {
            assertThat(e.longValue()).isEqualTo(0x002);
            assertThat(e.longMask()).isEqualTo(0x012);
            assertThat(e.field().experimenter()).isEqualTo(0x4f4e4600L);
        });
        assertThat(m.get(org.vifd.openflow.match.OxmField.IP_PROTO)).hasValueSatisfying(e ->
                assertThat(e.longValue()).isEqualTo(6));
        // Our encoding of the decoded match is the bytes OVS sent (OXMs from offset 16+48+4 of the message).
        io.netty.buffer.ByteBuf out = Unpooled.buffer();
        m.encode(out);
        byte[] ours = new byte[out.readableBytes()];
        out.readBytes(ours);
        byte[] wire = java.util.Arrays.copyOfRange(OfpPrint.hexFixture(name + ".hex"), 16 + 48, 16 + 48 + ours.length);
        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(wire));
    }

    @Test
    void switchDescription() throws Exception {
        SwitchDescription d = SwitchDescription.decode(body("ovs-desc-reply-of13"), OfVersion.OF_1_3);
        assertThat(d).isEqualTo(new SwitchDescription("Nicira, Inc.", "Open vSwitch", "3.1.0", "None", "None"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"of13", "of14"})
    void tableStatsListEveryTable(String v) throws Exception {
        InboundMessage m = decode("ovs-table-stats-reply-" + v);
        List<TableStats> t = TableStats.decodeAll(body("ovs-table-stats-reply-" + v), m.version());
        // "table 0: active=1, lookup=0, matched=0", "tables 2...253: ditto"
        assertThat(t).hasSize(254);
        assertThat(t.get(0)).isEqualTo(new TableStats(0, 1, 0, 0));
        assertThat(t.get(253).tableId()).isEqualTo(253);
        assertThat(t.get(253).activeCount()).isZero();
    }

    @Test
    void tableFeaturesOfTheLastReplyPart() throws Exception {
        List<TableFeatures> t = TableFeatures.decodeAll(body("ovs-table-features-reply-last-part-of13"),
                OfVersion.OF_1_3);
        // The last part of 20 holds tables 244..253 (ofp-print: "table 244", "tables 245...252: ditto", "table 253").
        assertThat(t).extracting(TableFeatures::tableId).containsExactly(244, 245, 246, 247, 248, 249, 250, 251,
                252, 253);
        TableFeatures f = t.get(0);
        assertThat(f.metadataMatch()).isEqualTo(-1L);
        assertThat(f.metadataWrite()).isEqualTo(-1L);
        assertThat(f.maxEntries()).isEqualTo(1_000_000);
        assertThat(f.name()).isEmpty(); // ofp-print shows no "name:" line: OVS names no table by default
        // OFPTFPT_NEXT_TABLES (2): "next tables: 245-253"; table 253 has none.
        byte[] next = f.properties().stream().filter(p -> p.type() == 2).findFirst().orElseThrow().value();
        assertThat(next).hasSize(9);
        assertThat(next[0] & 0xff).isEqualTo(245);
        assertThat(t.get(9).properties()).noneMatch(p -> p.type() == 2 && p.value().length > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"of13", "of14"})
    void portStats(String v) throws Exception {
        InboundMessage m = decode("ovs-port-stats-reply-" + v);
        List<PortStats> p = PortStats.decodeAll(body("ovs-port-stats-reply-" + v), m.version());
        assertThat(p).extracting(PortStats::portNo).containsExactly(6L, OfPort.LOCAL);
        assertThat(p.get(0).rxPackets()).isZero();
        // "duration=4.822s" / "duration=5.301s" for port 6; "15.957s" / "16.437s" for LOCAL.
        assertThat(p.get(0).durationSec()).isEqualTo(v.equals("of13") ? 4 : 5);
        assertThat(p.get(0).durationNsec() / 1_000_000).isEqualTo(v.equals("of13") ? 822 : 301);
        assertThat(p.get(1).durationSec()).isEqualTo(v.equals("of13") ? 15 : 16);
    }

    @Test
    void queueStatsOfABridgeWithoutQueuesIsEmpty() throws Exception {
        assertThat(QueueStats.decodeAll(body("ovs-queue-stats-reply-of13"), OfVersion.OF_1_3)).isEmpty();
    }

    @Test
    void groupDescHasTheBucketsOvsOfctlAdded() throws Exception {
        List<GroupDesc> g = GroupDesc.decodeAll(body("ovs-group-desc-reply-of13"), OfVersion.OF_1_3);
        assertThat(g).hasSize(2);
        assertThat(g.get(0).groupType()).isEqualTo(GroupMod.TYPE_ALL);
        assertThat(g.get(0).groupId()).isEqualTo(1);
        assertThat(g.get(0).buckets()).singleElement().extracting(GroupMod.Bucket::actions)
                .isEqualTo(List.of(new Action.Output(6)));
        assertThat(g.get(1).groupType()).isEqualTo(GroupMod.TYPE_SELECT);
        assertThat(g.get(1).buckets()).extracting(GroupMod.Bucket::weight).containsExactly(10, 20);
        assertThat(g.get(1).buckets().get(1).actions()).containsExactly(new Action.Output(OfPort.LOCAL));
    }

    @Test
    void groupStats() throws Exception {
        List<GroupStats> g = GroupStats.decodeAll(body("ovs-group-stats-reply-of13"), OfVersion.OF_1_3);
        assertThat(g).extracting(GroupStats::groupId).containsExactly(1L, 2L);
        assertThat(g.get(0).buckets()).hasSize(1);
        assertThat(g.get(1).buckets()).hasSize(2);
        assertThat(g.get(0).durationSec()).isEqualTo(1);
        assertThat(g.get(0).durationNsec() / 1_000_000).isEqualTo(286);
    }

    @Test
    void groupFeatures() throws Exception {
        GroupFeatures f = GroupFeatures.decode(body("ovs-group-features-reply-of13"), OfVersion.OF_1_3);
        assertThat(f.types()).isEqualTo(0xf);
        assertThat(f.capabilities()).isEqualTo(0x7);
        assertThat(f.maxGroups()).containsOnly(0xffffff00L);
        assertThat(f.actions()).hasSize(4).allMatch(a -> (a & 1) != 0, "output supported");
    }

    @Test
    void meterConfigStatsAndFeatures() throws Exception {
        List<MeterConfig> c = MeterConfig.decodeAll(body("ovs-meter-config-reply-of13"), OfVersion.OF_1_3);
        // "meter=1 pktps burst stats bands= type=drop rate=100 burst_size=50"
        assertThat(c).containsExactly(new MeterConfig(MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST
                | MeterMod.OFPMF_STATS, 1, List.of(MeterMod.Band.drop(100, 50))));
        List<MeterStats> s = MeterStats.decodeAll(body("ovs-meter-stats-reply-of13"), OfVersion.OF_1_3);
        assertThat(s).singleElement().satisfies(m -> {
            assertThat(m.meterId()).isEqualTo(1);
            assertThat(m.flowCount()).isZero();
            assertThat(m.durationSec()).isEqualTo(1);
            assertThat(m.durationNsec() / 1_000_000).isEqualTo(298);
            assertThat(m.bands()).containsExactly(new MeterStats.BandCounter(0, 0));
        });
        MeterFeatures f = MeterFeatures.decode(body("ovs-meter-features-reply-of13"), OfVersion.OF_1_3);
        // "max_meter:262144 max_bands:8 max_color:0 band_types: drop capabilities: kbps pktps burst stats"
        assertThat(f).isEqualTo(new MeterFeatures(262144, 1 << MeterMod.Band.DROP, 0xf, 8, 0));
    }

    @Test
    void queueGetConfigReplyForAPortWithoutQueues() throws Exception {
        QueueGetConfig q = (QueueGetConfig) decode("ovs-queue-get-config-reply-of13").message();
        assertThat(q.reply()).isTrue();
        assertThat(q.portNo()).isEqualTo(6);
        assertThat(q.queues()).isEmpty();
    }
}
