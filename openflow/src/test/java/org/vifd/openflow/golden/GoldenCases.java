package org.vifd.openflow.golden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.match.OxmEntry;
import org.vifd.openflow.match.OxmField;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.protocol.AsyncConfig;
import org.vifd.openflow.protocol.BundleAddMessage;
import org.vifd.openflow.protocol.BundleControl;
import org.vifd.openflow.protocol.FeaturesRequest;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.GroupMod;
import org.vifd.openflow.protocol.Hello;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.OfMessage;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortMod;
import org.vifd.openflow.protocol.RequestForward;
import org.vifd.openflow.protocol.RoleStatus;
import org.vifd.openflow.protocol.TableStatus;
import org.vifd.openflow.protocol.QueueGetConfig;
import org.vifd.openflow.protocol.Role;
import org.vifd.openflow.protocol.RoleMessage;
import org.vifd.openflow.protocol.SetPacketInFormat;
import org.vifd.openflow.protocol.SimpleMessage;
import org.vifd.openflow.protocol.SwitchConfig;
import org.vifd.openflow.protocol.TableMod;
import org.vifd.openflow.stats.MultipartRequests;

/** The messages whose encodings are checked against `ovs-ofctl ofp-print` (fixtures in golden/ours/). */
final class GoldenCases {
    record Case(OfMessage message, OfVersion version, int xid) {
    }

    static final byte[] UDP_FRAME = org.vifd.openflow.packet.Packets.udp4(MacAddress.parse("02:00:00:00:00:01"),
            MacAddress.BROADCAST, -1, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"), 1234, 9999,
            "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    static FlowMod dhcpPunt() {
        return FlowMod.add().tableId(77).priority(100).cookie(0x1234_0000_0000_0077L).idleTimeout(30)
                .hardTimeout(300).flags(FlowMod.OFPFF_SEND_FLOW_REM)
                .match(Match.builder().inPort(5).ethSrc(MacAddress.parse("fa:16:3e:00:00:01")).ethType(0x0800)
                        .ipProto(17).udpSrc(68).udpDst(67).build())
                .instructions(new Instruction.Meter(7), Instruction.apply(
                        Action.Controller.withUserdata(new byte[] {0, 0, 0, 5}, 1500)))
                .build();
    }

    static FlowMod vlanTranslate() {
        return FlowMod.add().tableId(0).priority(3).cookie(0xabcdefL)
                .match(Match.builder().inPort(1).vlanVid(100).metadata(0x10, 0xff).reg(0, 7).reg(5, 0x100, 0xf00)
                        .build())
                .instructions(Instruction.apply(new Action.SetField(OxmEntry.of(OxmField.VLAN_VID, 0x1000 | 5)),
                        new Action.Resubmit(OfPort.IN_PORT, 60)), new Instruction.WriteMetadata(0x42, 0xffff),
                        new Instruction.GotoTable(23))
                .build();
    }

    static FlowMod arpAndVlanOps() {
        return FlowMod.add().tableId(24).priority(90)
                .match(Match.builder().ethType(0x0806).arpOp(1).arpSpa(Ipv4Address.parse("10.0.0.5"))
                        .arpSha(MacAddress.parse("fa:16:3e:00:00:05")).arpTpa(Ipv4Address.parse("10.0.0.1"))
                        .ethDst(MacAddress.BROADCAST).build())
                .instructions(Instruction.apply(new Action.PushVlan(0x8100), Action.SetField.vlanVid(12),
                        new Action.Output(3), new Action.PopVlan(), Action.normal(),
                        new Action.Output(OfPort.CONTROLLER, 128)))
                .build();
    }

    static Map<String, Case> all() {
        Map<String, Case> m = new LinkedHashMap<>();
        m.put("hello-of13-of14", new Case(new Hello(List.of(OfVersion.OF_1_3, OfVersion.OF_1_4)), OfVersion.OF_1_4, 1));
        m.put("features-request-of13", new Case(new FeaturesRequest(), OfVersion.OF_1_3, 2));
        m.put("set-config-of13", new Case(SwitchConfig.set(0, 0xffff), OfVersion.OF_1_3, 3));
        m.put("barrier-request-of13", new Case(SimpleMessage.BARRIER_REQUEST, OfVersion.OF_1_3, 4));
        m.put("set-packet-in-format-of13", new Case(new SetPacketInFormat(SetPacketInFormat.NXT_PACKET_IN2),
                OfVersion.OF_1_3, 5));
        m.put("role-request-of13", new Case(RoleMessage.request(Role.MASTER, 42), OfVersion.OF_1_3, 6));
        m.put("set-async-of13", new Case(AsyncConfig.PACKET_IN_AND_PORT_STATUS, OfVersion.OF_1_3, 7));
        m.put("set-async-of14", new Case(AsyncConfig.PACKET_IN_AND_PORT_STATUS, OfVersion.OF_1_4, 7));
        m.put("flow-mod-dhcp-punt-of13", new Case(dhcpPunt(), OfVersion.OF_1_3, 8));
        m.put("flow-mod-vlan-translate-of13", new Case(vlanTranslate(), OfVersion.OF_1_3, 9));
        m.put("flow-mod-arp-vlan-ops-of13", new Case(arpAndVlanOps(), OfVersion.OF_1_3, 10));
        m.put("flow-mod-dhcp-punt-of14", new Case(dhcpPunt().toBuilder().importance(5).build(), OfVersion.OF_1_4,
                11));
        m.put("flow-mod-dhcp-punt-of15", new Case(dhcpPunt(), OfVersion.OF_1_5, 11));
        m.put("flow-mod-delete-cookie-of13", new Case(FlowMod.delete().cookie(0x1234_0000_0000_0000L,
                0xffff_ffff_0000_0000L).build(), OfVersion.OF_1_3, 12));
        m.put("flow-mod-modify-strict-of13", new Case(FlowMod.builder(FlowModCommand.MODIFY_STRICT).tableId(60)
                .priority(10).match(Match.builder().ethType(0x0800).ipv4Dst(Ipv4Address.parse("10.1.0.0"), 16).build())
                .instructions(Instruction.apply(Action.normal())).build(), OfVersion.OF_1_3, 13));
        m.put("flow-mod-delete-strict-of13", new Case(FlowMod.builder(FlowModCommand.DELETE_STRICT).tableId(0)
                .priority(3).match(Match.builder().inPort(1).noVlan().build()).build(), OfVersion.OF_1_3, 14));
        m.put("packet-out-of13", new Case(PacketOut.of(OfPort.CONTROLLER, List.of(new Action.Output(2)), UDP_FRAME),
                OfVersion.OF_1_3, 15));
        m.put("packet-out-of15", new Case(PacketOut.of(3, List.of(new Action.Output(OfPort.IN_PORT)), UDP_FRAME),
                OfVersion.OF_1_5, 16));
        m.put("meter-mod-of13", new Case(new MeterMod(MeterMod.Command.ADD, MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST,
                7, List.of(MeterMod.Band.drop(100, 50))), OfVersion.OF_1_3, 17));
        m.put("meter-mod-kbps-of13", new Case(new MeterMod(MeterMod.Command.MODIFY, MeterMod.OFPMF_KBPS, 8,
                List.of(MeterMod.Band.drop(1000, 0))), OfVersion.OF_1_3, 18));
        m.put("flow-stats-request-of13", new Case(FlowStatsRequest.byCookie(77, 0x1234_0000_0000_0000L,
                0xffff_ffff_0000_0000L), OfVersion.OF_1_3, 19));
        m.put("aggregate-request-of13", new Case(FlowStatsRequest.all().asAggregate(), OfVersion.OF_1_3, 20));
        m.put("bundle-open-of13", new Case(new BundleControl(1, BundleControl.OPEN_REQUEST,
                BundleControl.FLAG_ATOMIC | BundleControl.FLAG_ORDERED), OfVersion.OF_1_3, 21));
        m.put("bundle-add-of13", new Case(new BundleAddMessage(1, BundleControl.FLAG_ATOMIC, 22, vlanTranslate()),
                OfVersion.OF_1_3, 22));
        m.put("bundle-commit-of14", new Case(new BundleControl(9, BundleControl.COMMIT_REQUEST,
                BundleControl.FLAG_ATOMIC), OfVersion.OF_1_4, 23));
        m.put("bundle-add-of14", new Case(new BundleAddMessage(9, BundleControl.FLAG_ATOMIC, 24, dhcpPunt()),
                OfVersion.OF_1_4, 24));
        // Issue 5: group/port/table mods (the group-mod and port-mod cases use ovs-ofctl's xid: their .hex must
        // equal the bytes ovs-ofctl itself sent, golden/ofctl/), multipart requests, queue config.
        m.put("group-mod-all-of13", new Case(GroupMod.add(GroupMod.TYPE_ALL, 1,
                List.of(GroupMod.Bucket.of(List.of(new Action.Output(6))))), OfVersion.OF_1_3, 6));
        m.put("group-mod-select-of13", new Case(GroupMod.add(GroupMod.TYPE_SELECT, 2,
                List.of(GroupMod.Bucket.weighted(10, List.of(new Action.Output(6))),
                        GroupMod.Bucket.weighted(20, List.of(new Action.Output(OfPort.LOCAL))))), OfVersion.OF_1_3, 6));
        m.put("group-mod-delete-all-of13", new Case(GroupMod.delete(GroupMod.GROUP_ALL), OfVersion.OF_1_3, 30));
        m.put("group-mod-ff-of14", new Case(new GroupMod(GroupMod.MODIFY, GroupMod.TYPE_FAST_FAILOVER, 9,
                List.of(new GroupMod.Bucket(0, 3, GroupMod.GROUP_ANY, List.of(new Action.Output(3))),
                        new GroupMod.Bucket(0, 4, GroupMod.GROUP_ANY, List.of(new Action.Output(4))))),
                OfVersion.OF_1_4, 31));
        m.put("port-mod-of13", new Case(new PortMod(5, MacAddress.parse("c6:7e:d5:42:67:5c"), 0, 0, 0),
                OfVersion.OF_1_3, 4));
        m.put("port-mod-down-of13", new Case(new PortMod(7, MacAddress.parse("fa:16:3e:00:00:07"),
                PortMod.OFPPC_PORT_DOWN | PortMod.OFPPC_NO_PACKET_IN, PortMod.OFPPC_PORT_DOWN
                | PortMod.OFPPC_NO_PACKET_IN, 0), OfVersion.OF_1_3, 32));
        m.put("port-mod-down-of14", new Case(new PortMod(7, MacAddress.parse("fa:16:3e:00:00:07"),
                PortMod.OFPPC_PORT_DOWN, PortMod.OFPPC_PORT_DOWN, 0x820), OfVersion.OF_1_4, 33));
        m.put("table-mod-of13", new Case(new TableMod(3, 0), OfVersion.OF_1_3, 34));
        m.put("table-mod-eviction-of14", new Case(new TableMod(5, TableMod.OFPTC_EVICTION), OfVersion.OF_1_4, 35));
        m.put("multipart-desc-of13", new Case(MultipartRequests.desc(), OfVersion.OF_1_3, 40));
        m.put("multipart-table-stats-of13", new Case(MultipartRequests.tableStats(), OfVersion.OF_1_3, 41));
        m.put("multipart-table-features-of13", new Case(MultipartRequests.tableFeatures(), OfVersion.OF_1_3, 42));
        m.put("multipart-port-stats-of13", new Case(MultipartRequests.portStats(OfPort.ANY), OfVersion.OF_1_3, 43));
        m.put("multipart-port-stats-one-of14", new Case(MultipartRequests.portStats(6), OfVersion.OF_1_4, 44));
        m.put("multipart-port-desc-of13", new Case(MultipartRequests.portDesc(), OfVersion.OF_1_3, 45));
        m.put("multipart-queue-stats-of13", new Case(MultipartRequests.queueStats(6, MultipartRequests.ALL),
                OfVersion.OF_1_3, 46));
        m.put("multipart-group-stats-of13", new Case(MultipartRequests.groupStats(MultipartRequests.GROUP_ALL),
                OfVersion.OF_1_3, 47));
        m.put("multipart-group-desc-of13", new Case(MultipartRequests.groupDesc(), OfVersion.OF_1_3, 48));
        m.put("multipart-group-features-of13", new Case(MultipartRequests.groupFeatures(), OfVersion.OF_1_3, 49));
        m.put("multipart-meter-stats-of13", new Case(MultipartRequests.meterStats(1), OfVersion.OF_1_3, 50));
        m.put("multipart-meter-config-of13", new Case(MultipartRequests.meterConfig(MultipartRequests.ALL),
                OfVersion.OF_1_3, 51));
        m.put("multipart-meter-features-of13", new Case(MultipartRequests.meterFeatures(), OfVersion.OF_1_3, 52));
        m.put("queue-get-config-request-of13", new Case(QueueGetConfig.request(6), OfVersion.OF_1_3, 53));
        // OpenFlow 1.4/1.5 messages of issue 5 (second pass).
        m.put("role-status-config-of14", new Case(new RoleStatus(Role.MASTER, RoleStatus.REASON_CONFIG, 7,
                new byte[0]), OfVersion.OF_1_4, 0));
        m.put("table-status-vacancy-of15", new Case(new TableStatus(TableStatus.REASON_VACANCY_DOWN, 3,
                TableStatus.OFPTC_VACANCY_EVENTS, java.util.HexFormat.of().parseHex("000300080a5a0500")),
                OfVersion.OF_1_5, 0));
        m.put("requestforward-meter-mod-of15", new Case(new RequestForward(77, new MeterMod(MeterMod.Command.ADD,
                MeterMod.OFPMF_KBPS, 4, List.of(MeterMod.Band.drop(1000, 0)))), OfVersion.OF_1_5, 0));
        m.put("group-mod-ff-watch-group-of15", new Case(new GroupMod(GroupMod.ADD, GroupMod.TYPE_FAST_FAILOVER, 9,
                List.of(new GroupMod.Bucket(0, 0, 3, 5, List.of(new Action.Output(3))),
                        new GroupMod.Bucket(1, 0, OfPort.ANY, 6, List.of(new Action.Output(4))))),
                OfVersion.OF_1_5, 60));
        m.put("group-mod-insert-bucket-last-of15", new Case(GroupMod.insertBuckets(9, GroupMod.BUCKET_LAST,
                List.of(GroupMod.Bucket.of(List.of(new Action.Output(7))).withId(4))), OfVersion.OF_1_5, 61));
        m.put("packet-out-pipeline-of15", new Case(PacketOut.of(Match.builder().inPort(5).reg(3, 0x77)
                .set(OxmEntry.of(OxmField.TUN_ID, 0x99)).build(), List.of(new Action.Resubmit(OfPort.IN_PORT, 60)),
                UDP_FRAME), OfVersion.OF_1_5, 62));
        m.put("flow-mod-reg-load2-of13", new Case(regLoad2(), OfVersion.OF_1_3, 63));
        return m;
    }

    /** NXAST_REG_LOAD2 actions: a non-contiguous mask on a register, a masked 128-bit field, an unmasked one. */
    static FlowMod regLoad2() {
        return FlowMod.add().tableId(2).priority(40).match(Match.builder().ethType(0x86dd).build())
                .instructions(Instruction.apply(
                        new org.vifd.openflow.action.NxAction.RegLoad2(OxmEntry.of(OxmField.reg(0), 1, 5)),
                        new org.vifd.openflow.action.NxAction.RegLoad2(new OxmEntry(OxmField.NXM_NX_IPV6_SRC,
                                java.util.HexFormat.of().parseHex("fd000000000000000000000000000001"),
                                java.util.HexFormat.of().parseHex("ffff000000000000000000000000ffff"))),
                        new org.vifd.openflow.action.NxAction.RegLoad2(OxmEntry.of(OxmField.PKT_MARK, 0x42))))
                .build();
    }

    private GoldenCases() {
    }
}
