package org.vifd.openflow.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vifd.openflow.DecodeException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.protocol.GroupMod;
import org.vifd.openflow.protocol.GroupMod.Bucket;
import org.vifd.openflow.protocol.InboundMessage;
import org.vifd.openflow.protocol.MessageCodec;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.RequestForward;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleStatus;
import org.vifd.openflow.protocol.TableStatus;

/**
 * ROLE_STATUS, TABLE_STATUS, REQUESTFORWARD as OVS 3.1 sent them, and the OpenFlow 1.5 PACKET_OUT and GROUP_MOD
 * as ovs-ofctl sent them (captured once, golden/README.md "issue 5, OpenFlow 1.4/1.5 capture"): we decode them to
 * the values `ovs-ofctl ofp-print` printed, and encode the same values back to the same bytes.
 */
class OvsOpenFlow14And15MessagesGoldenTest {
    /** The frame ovs-ofctl packet-out sent: broadcast from 02:00:00:00:00:01, IPv4 ethertype, 50 zero bytes. */
    static final byte[] FRAME = HexFormat.of().parseHex("ffffffffffff020000000001" + "0800" + "00".repeat(50));
    static final int OFCTL_XID = 6;

    static InboundMessage decode(String name) throws DecodeException {
        return MessageCodec.decode(Unpooled.wrappedBuffer(OfpPrint.hexFixture(name + ".hex")));
    }

    static String hex(String name) {
        return HexFormat.of().formatHex(OfpPrint.hexFixture(name + ".hex"));
    }

    static String encode(InboundMessage in) {
        return HexFormat.of().formatHex(MessageCodec.toBytes(in.message(), in.version(), in.xid()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ovs-role-status-of14", "ovs-table-status-vacancy-down-of14",
        "ovs-table-status-vacancy-up-of15", "ovs-requestforward-group-mod-of14", "ovs-requestforward-group-mod-of15",
        "ovs-requestforward-meter-mod-of14", "ofctl/ofctl-packet-out-of15", "ofctl/ofctl-packet-out-pipeline-of15",
        "ofctl/ofctl-group-mod-all-of15", "ofctl/ofctl-group-mod-select-of15", "ofctl/ofctl-group-mod-ff-of15",
        "ofctl/ofctl-group-mod-insert-bucket-of15", "ofctl/ofctl-group-mod-remove-bucket-of15",
        "ofctl/ofctl-group-mod-selection-method-of15", "ofctl/ofctl-group-mod-modify-of15",
        "ofctl/ofctl-group-mod-delete-of15"})
    void everyFixtureDecodesAndReencodesToTheSameBytesAndTheOracleStillPrintsIt(String name) throws Exception {
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
        InboundMessage in = decode(name);
        if (!name.equals("ofctl/ofctl-packet-out-pipeline-of15")) {
            // (Our Match orders its fields canonically; ovs-ofctl put tun_id before metadata there: see below.)
            assertThat(encode(in)).isEqualTo(hex(name));
        }
        assertThat(MessageCodec.decode(Unpooled.wrappedBuffer(MessageCodec.toBytes(in.message(), in.version(),
                in.xid()))).message()).isEqualTo(in.message());
    }

    @Test
    void roleStatusAsOvsSentItWhenAnotherControllerBecameMaster() throws Exception {
        // "OFPT_ROLE_STATUS (OF1.4) (xid=0x0): role=secondary generation_id=2 reason=primary_request"
        InboundMessage in = decode("ovs-role-status-of14");
        assertThat(in.version()).isEqualTo(OfVersion.OF_1_4);
        assertThat(in.message()).isEqualTo(new RoleStatus(Role.SLAVE, RoleStatus.REASON_MASTER_REQUEST, 2,
                new byte[0]));
    }

    @Test
    void tableStatusVacancyDownAndUpAsOvsSentThem() throws Exception {
        // reason=VACANCY_DOWN, table 0, "eviction=off eviction_flags=OTHER|IMPORTANCE|LIFETIME",
        // "vacancy=on vacancy_down=20% vacancy_up=80% vacancy=10%" (then 100% on the way up, in OF1.5).
        TableStatus down = (TableStatus) decode("ovs-table-status-vacancy-down-of14").message();
        assertThat(down.reason()).isEqualTo(TableStatus.REASON_VACANCY_DOWN);
        assertThat(down.tableId()).isZero();
        assertThat(down.config()).isEqualTo(TableStatus.OFPTC_VACANCY_EVENTS);
        assertThat(down.vacancy()).contains(new TableStatus.Vacancy(20, 80, 10));
        InboundMessage up = decode("ovs-table-status-vacancy-up-of15");
        assertThat(up.version()).isEqualTo(OfVersion.OF_1_5);
        assertThat(((TableStatus) up.message()).reason()).isEqualTo(TableStatus.REASON_VACANCY_UP);
        assertThat(((TableStatus) up.message()).vacancy()).contains(new TableStatus.Vacancy(20, 80, 100));
    }

    @Test
    void requestForwardCarriesTheOtherControllersGroupAndMeterMods() throws Exception {
        // "reason=group_mod ADD group_id=11,type=all,bucket=actions=output:1" (ovs-ofctl's xid 6 inside)
        RequestForward g14 = (RequestForward) decode("ovs-requestforward-group-mod-of14").message();
        assertThat(g14.requestXid()).isEqualTo(OFCTL_XID);
        assertThat(g14.request()).isEqualTo(GroupMod.add(GroupMod.TYPE_ALL, 11,
                List.of(Bucket.of(List.of(new Action.Output(1))))));
        // OF1.5: "bucket=bucket_id:0,actions=output:1"
        RequestForward g15 = (RequestForward) decode("ovs-requestforward-group-mod-of15").message();
        assertThat(g15.request()).isEqualTo(GroupMod.add(GroupMod.TYPE_ALL, 11,
                List.of(Bucket.of(List.of(new Action.Output(1))).withId(0))));
        // "reason=meter_mod ADD meter=2 pktps bands= type=drop rate=100"; the bytes carry burst_size 100 (OVS
        // fills in the rate; ofp-print shows a burst only with the burst flag).
        RequestForward m = (RequestForward) decode("ovs-requestforward-meter-mod-of14").message();
        assertThat(m.request()).isEqualTo(new MeterMod(MeterMod.Command.ADD, MeterMod.OFPMF_PKTPS, 2,
                List.of(MeterMod.Band.drop(100, 100))));
    }

    @Test
    void packetOutOf15WithOnlyInPortIsTheBytesOvsOfctlSent() {
        // ovs-ofctl -O OpenFlow15 packet-out S "in_port=1 packet=FRAME actions=output:2"
        PacketOut po = PacketOut.of(1, List.of(new Action.Output(2)), FRAME);
        assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(po, OfVersion.OF_1_5, OFCTL_XID)))
                .isEqualTo(hex("ofctl/ofctl-packet-out-of15"));
    }

    @Test
    void packetOutOf15WithPipelineFieldsPrintsAsOvsOfctlsOwn() throws Exception {
        // ovs-ofctl -O OpenFlow15 packet-out S "in_port=1,reg0=0x5,tun_id=0x10,metadata=0x42 packet=... actions=output:2"
        // OVS sends reg0 as the upper half of OXM_OF_PKT_REG0 (xreg0), masked.
        PacketOut po = PacketOut.of(Match.builder().inPort(1).metadata(0x42)
                .set(OxmEntry.of(OxmField.TUNNEL_ID, 0x10)).set(PacketOut.regAsPacketRegister(0, 5)).build(),
                List.of(new Action.Output(2)), FRAME);
        byte[] ours = MessageCodec.toBytes(po, OfVersion.OF_1_5, OFCTL_XID);
        assertThat(OfpPrint.print(ours)).isEqualTo(OfpPrint.fixture("ofctl/ofctl-packet-out-pipeline-of15.txt"));
        PacketOut theirs = (PacketOut) decode("ofctl/ofctl-packet-out-pipeline-of15").message();
        assertThat(theirs).isEqualTo(po);
        assertThat(theirs.inPort()).isEqualTo(1);
    }

    @Test
    void packetOutWithPipelineFieldsIsRefusedBeforeOpenFlow15() {
        PacketOut po = PacketOut.of(Match.builder().inPort(1).metadata(0x42).build(), List.of(), FRAME);
        assertThatThrownBy(() -> MessageCodec.toBytes(po, OfVersion.OF_1_3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpenFlow 1.5");
        assertThat(MessageCodec.toBytes(PacketOut.of(1, List.of(), FRAME), OfVersion.OF_1_3, 1)).hasSize(24 + 64);
    }

    static List<Action> out(long port) {
        return List.of(new Action.Output(port));
    }

    @Test
    void groupModsOf15AreTheBytesOvsOfctlSentForTheSameCommands() throws Exception {
        // Commands in golden/README.md; each GroupMod here is what the command says, encoded with ovs-ofctl's xid.
        assertSame("ofctl/ofctl-group-mod-all-of15", GroupMod.add(GroupMod.TYPE_ALL, 1,
                List.of(Bucket.of(out(1)).withId(5), Bucket.of(out(2)).withId(6))));
        assertSame("ofctl/ofctl-group-mod-select-of15", GroupMod.add(GroupMod.TYPE_SELECT, 2,
                List.of(Bucket.weighted(10, out(1)).withId(1), Bucket.weighted(20, out(2)).withId(2))));
        assertSame("ofctl/ofctl-group-mod-ff-of15", GroupMod.add(GroupMod.TYPE_FAST_FAILOVER, 3,
                List.of(new Bucket(1, 0, 1, GroupMod.GROUP_ANY, out(1)),
                        new Bucket(2, 0, 2, GroupMod.GROUP_ANY, out(2)))));
        assertSame("ofctl/ofctl-group-mod-insert-bucket-of15", GroupMod.insertBuckets(1, GroupMod.BUCKET_FIRST,
                List.of(Bucket.of(out(OfPort.LOCAL)).withId(7))));
        assertSame("ofctl/ofctl-group-mod-remove-bucket-of15", GroupMod.removeBucket(1, 5));
        assertSame("ofctl/ofctl-group-mod-modify-of15", new GroupMod(GroupMod.MODIFY, GroupMod.TYPE_SELECT, 2,
                List.of(Bucket.weighted(5, out(1)).withId(1))));
        assertSame("ofctl/ofctl-group-mod-delete-of15", GroupMod.delete(3));
    }

    @Test
    void selectionMethodGroupPropertySurvivesAsOpaqueBytes() throws Exception {
        // "selection_method=hash,fields(eth_dst,ip_src)": Netronome experimenter property (0x0000154d) after the
        // buckets; we keep it whole.
        GroupMod g = (GroupMod) decode("ofctl/ofctl-group-mod-selection-method-of15").message();
        assertThat(g.buckets()).containsExactly(Bucket.weighted(1, out(1)).withId(1));
        byte[] p = g.properties();
        assertThat(p).hasSize(64);
        assertThat(HexFormat.of().formatHex(p, 0, 8)).isEqualTo("ffff003a0000154d");
        assertThat(new String(p, 16, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("hash");
    }

    @Test
    void groupModsOnlyOpenFlow15CanSayAreRefusedForEarlierVersions() {
        assertThatThrownBy(() -> MessageCodec.toBytes(GroupMod.removeBucket(1, 5), OfVersion.OF_1_3, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OpenFlow 1.5");
    }

    @Test
    void aForwardedRequestThatWrapsAnotherIsADecodeErrorNotDeepRecursion() {
        byte[] inner = MessageCodec.toBytes(new RequestForward(1, GroupMod.delete(3)), OfVersion.OF_1_4, 1);
        byte[] outer = new byte[8 + inner.length];
        System.arraycopy(inner, 0, outer, 8, inner.length);
        byte[] head = HexFormat.of().parseHex("05200000" + "00000009");
        System.arraycopy(head, 0, outer, 0, 8);
        outer[2] = (byte) (outer.length >> 8);
        outer[3] = (byte) outer.length;
        assertThatThrownBy(() -> MessageCodec.decode(Unpooled.wrappedBuffer(outer)))
                .isInstanceOf(DecodeException.class).hasMessageContaining("nested");
    }

    private static void assertSame(String name, GroupMod ours) throws Exception {
        assertThat(HexFormat.of().formatHex(MessageCodec.toBytes(ours, OfVersion.OF_1_5, OFCTL_XID)))
                .as(name).isEqualTo(hex(name));
        assertThat(decode(name).message()).as(name).isEqualTo(ours);
    }

    @Test
    void groupDescReplyOf15HasBucketIdsAndWeights() throws Exception {
        // "group_id=1,type=all,bucket=bucket_id:7,actions=LOCAL,bucket=bucket_id:6,actions=output:2
        //  group_id=2,type=select,bucket=bucket_id:1,weight:5,actions=output:1
        //  group_id=4,type=select,selection_method=hash,fields(eth_dst,ip_src),bucket=bucket_id:1,actions=output:1"
        String name = "ovs-group-desc-reply-of15";
        assertThat(OfpPrint.print(OfpPrint.hexFixture(name + ".hex"))).isEqualTo(OfpPrint.fixture(name + ".txt"));
        InboundMessage in = decode(name);
        List<org.vifd.openflow.stats.GroupDesc> g = org.vifd.openflow.stats.GroupDesc.decodeAll(
                Unpooled.wrappedBuffer(((org.vifd.openflow.protocol.MultipartReply) in.message()).body()),
                in.version());
        assertThat(g).extracting(org.vifd.openflow.stats.GroupDesc::groupId).containsExactly(1L, 2L, 4L);
        assertThat(g.get(0).buckets()).containsExactly(Bucket.of(out(OfPort.LOCAL)).withId(7),
                Bucket.of(out(2)).withId(6));
        assertThat(g.get(1).buckets()).containsExactly(Bucket.weighted(5, out(1)).withId(1));
        assertThat(g.get(2).groupType()).isEqualTo(GroupMod.TYPE_SELECT);
        assertThat(g.get(2).buckets()).containsExactly(Bucket.weighted(1, out(1)).withId(1));
    }

    @Test
    void groupDescReplyOf15KeepsTheSelectionMethodPropertyAndReEncodesByteExact() throws Exception {
        String name = "ovs-group-desc-reply-of15";
        byte[] ovs = OfpPrint.hexFixture(name + ".hex");
        InboundMessage in = decode(name);
        org.vifd.openflow.protocol.MultipartReply reply = (org.vifd.openflow.protocol.MultipartReply) in.message();
        List<org.vifd.openflow.stats.GroupDesc> g = org.vifd.openflow.stats.GroupDesc.decodeAll(
                Unpooled.wrappedBuffer(reply.body()), in.version());
        assertThat(g.get(0).properties()).isEmpty();
        assertThat(g.get(1).properties()).isEmpty();
        // group_id=4: selection_method=hash,fields(eth_dst,ip_src) is Netronome's experimenter group property
        // (OFPGPT15_EXPERIMENTER = 0xffff, NTR_VENDOR_ID 0x0000154d, NTRT_SELECTION_METHOD).
        byte[] props = g.get(2).properties();
        assertThat(props.length).isPositive();
        assertThat(Unpooled.wrappedBuffer(props).getUnsignedShort(0)).isEqualTo(0xffff);
        assertThat(Unpooled.wrappedBuffer(props).getUnsignedInt(4)).isEqualTo(0x154dL);

        io.netty.buffer.ByteBuf body = Unpooled.buffer();
        for (org.vifd.openflow.stats.GroupDesc d : g) {
            d.encode(body, OfVersion.OF_1_5);
        }
        byte[] ours = new byte[body.readableBytes()];
        body.readBytes(ours);
        int xid = Unpooled.wrappedBuffer(ovs).getInt(4);
        byte[] message = MessageCodec.toBytes(new org.vifd.openflow.protocol.MultipartReply(reply.multipartType(),
                reply.flags(), ours), OfVersion.OF_1_5, xid);
        assertThat(HexFormat.of().formatHex(message)).isEqualTo(HexFormat.of().formatHex(ovs));
        assertThat(OfpPrint.print(message)).isEqualTo(OfpPrint.fixture(name + ".txt"));
    }

    @Test
    void unknownBucketPropertiesSurviveDecodeAndEncode() throws Exception {
        // An experimenter bucket property (OpenFlow 1.5.1 §7.3.4.2, OFPGBPT_EXPERIMENTER = 0xffff): 12 bytes
        // (type, length, experimenter id, exp_type) padded to 16.
        byte[] exp = HexFormat.of().parseHex("ffff000c00002320000000070000000000".substring(0, 32));
        Bucket b = new Bucket(3, 10, OfPort.ANY, GroupMod.GROUP_ANY, out(1), exp);
        org.vifd.openflow.stats.GroupDesc d = new org.vifd.openflow.stats.GroupDesc(GroupMod.TYPE_SELECT, 9,
                List.of(b), new byte[0]);
        io.netty.buffer.ByteBuf buf = Unpooled.buffer();
        d.encode(buf, OfVersion.OF_1_5);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(0, bytes);
        List<org.vifd.openflow.stats.GroupDesc> back = org.vifd.openflow.stats.GroupDesc.decodeAll(buf,
                OfVersion.OF_1_5);
        assertThat(back).containsExactly(d);
        assertThat(back.get(0).buckets().get(0).properties()).isEqualTo(exp);
        io.netty.buffer.ByteBuf again = Unpooled.buffer();
        back.get(0).encode(again, OfVersion.OF_1_5);
        byte[] againBytes = new byte[again.readableBytes()];
        again.readBytes(againBytes);
        assertThat(againBytes).isEqualTo(bytes);
        // And in a GROUP_MOD, which shares the bucket codec.
        GroupMod mod = new GroupMod(GroupMod.ADD, GroupMod.TYPE_SELECT, 9, List.of(b), GroupMod.BUCKET_ALL,
                new byte[0]);
        byte[] modBytes = MessageCodec.toBytes(mod, OfVersion.OF_1_5, 1);
        assertThat(MessageCodec.decode(Unpooled.wrappedBuffer(modBytes)).message()).isEqualTo(mod);
    }
}
