package org.vifd.openflow.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.OpenFlowErrorException;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.Instruction;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.packet.Decoded;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.packet.Packets;
import org.vifd.openflow.packet.UdpDatagram;
import org.vifd.openflow.protocol.ErrorCode;
import org.vifd.openflow.protocol.FeaturesReply;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowRemoved;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.MeterMod;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;
import org.vifd.openflow.protocol.PortDesc;
import org.vifd.openflow.protocol.PortStatus;
import org.vifd.openflow.protocol.Role;
import org.vifd.testkit.Exec;
import org.vifd.testkit.Netns;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/** Against a real ovs-vswitchd (netdev datapath) through the bridge's management socket. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenFlowSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    static final int VM_PORT = 10;
    static final MacAddress GW_MAC = MacAddress.parse("02:00:00:00:00:99");
    static final Ipv4Address GW_IP = Ipv4Address.parse("10.9.0.1");
    static final Ipv4Address VM_IP = Ipv4Address.parse("10.9.0.2");

    static OpenFlowController controller;
    static SwitchConnection sw;
    static Netns vm;
    static MacAddress vmMac;
    static final Queue<PacketIn> packetIns = new ConcurrentLinkedQueue<>();
    static final AtomicInteger connects = new AtomicInteger();
    static final AtomicInteger reconnects = new AtomicInteger();
    static final AtomicInteger disconnects = new AtomicInteger();
    static final Queue<PortStatus> portStatuses = new ConcurrentLinkedQueue<>();
    static final Queue<FlowRemoved> flowsRemoved = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void connect() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        vm = Netns.create("ofvm");
        Netns ovsNs = sb.namespace();
        ovsNs.exec("ip", "link", "add", "ofv0", "type", "veth", "peer", "name", "ofv0p").ok();
        ovsNs.exec("ip", "link", "set", "ofv0p", "netns", vm.name()).ok();
        ovsNs.exec("ip", "link", "set", "ofv0", "up").ok();
        vm.exec("ip", "link", "set", "ofv0p", "up").ok();
        vm.exec("ip", "addr", "add", VM_IP + "/24", "dev", "ofv0p").ok();
        vm.exec("ethtool", "-K", "ofv0p", "tx", "off").ok();
        vm.exec("ip", "neigh", "add", GW_IP.toString(), "lladdr", GW_MAC.toString(), "dev", "ofv0p").ok();
        vmMac = MacAddress.parse(vm.exec("cat", "/sys/class/net/ofv0p/address").ok().stdout().strip());
        sb.vsctl("add-port", "br-int", "ofv0", "--", "set", "interface", "ofv0", "ofport_request=" + VM_PORT).ok();

        controller = OpenFlowController.builder()
                .config(ConnectionConfig.builder().versions(OfVersion.OF_1_3).backoff(Duration.ofMillis(50),
                        Duration.ofMillis(500)).echoInterval(Duration.ofSeconds(1)).build())
                .listener(new SwitchListener() {
                    @Override
                    public void switchConnected(SwitchConnection c, FeaturesReply f) {
                        connects.incrementAndGet();
                    }

                    @Override
                    public void switchReconnected(SwitchConnection c, FeaturesReply f) {
                        reconnects.incrementAndGet();
                    }

                    @Override
                    public void switchDisconnected(SwitchConnection c, String reason) {
                        disconnects.incrementAndGet();
                    }

                    @Override
                    public void portStatus(SwitchConnection c, PortStatus status) {
                        portStatuses.add(status);
                    }

                    @Override
                    public void flowRemoved(SwitchConnection c, FlowRemoved removed) {
                        flowsRemoved.add(removed);
                    }
                })
                .packetInHandler((c, p) -> packetIns.add(p))
                .build();
        sw = controller.connect("unix:" + sb.mgmtSocket("br-int")).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void tearDown() {
        if (controller != null) {
            controller.close();
        }
        if (vm != null) {
            vm.close();
        }
    }

    @BeforeEach
    void clearFlows() throws Exception {
        sw.apply(FlowBatch.of(FlowMod.delete().build())).get(10, TimeUnit.SECONDS);
        packetIns.clear();
    }

    static List<String> ofctlFlows() {
        String out = OVS.sandbox().ofctl("-O", "OpenFlow13", "--no-stats", "dump-flows", "br-int").ok().stdout();
        List<String> lines = new ArrayList<>();
        for (String l : out.split("\n")) {
            if (!l.isBlank() && !l.startsWith("OFPST_FLOW")) {
                lines.add(l.strip());
            }
        }
        return lines;
    }

    static FlowMod flow(int table, int priority, Match match, Instruction... ins) {
        return FlowMod.add().tableId(table).priority(priority).cookie(0x5a5a_0000_0000_0000L | priority).match(match)
                .instructions(ins).build();
    }

    @Test
    @Order(1)
    void handshakeReportsTheBridgeDatapathIdAndVersion() {
        String dpid = OVS.sandbox().vsctl("get", "bridge", "br-int", "datapath_id").ok().stdout().strip()
                .replace("\"", "");
        assertThat(sw.isConnected()).isTrue();
        assertThat(sw.version()).isEqualTo(OfVersion.OF_1_3);
        assertThat(sw.features().datapathIdHex()).isEqualTo(dpid);
        assertThat(connects.get()).isEqualTo(1);
        // This suite runs over Netty's native epoll transport (bundled for Linux x86_64): if it stopped loading,
        // the connection would silently fall back to NIO and cost more CPU per packet-in.
        assertThat(controller.nativeTransport()).as("epoll transport loaded").isTrue();
    }

    @Test
    @Order(2)
    void installedFlowsReadBackThroughOurMultipartAndOvsOfctl() throws Exception {
        List<FlowMod> mods = List.of(
                flow(0, 100, Match.builder().inPort(VM_PORT).build(), new Instruction.GotoTable(25)),
                flow(25, 50, Match.builder().inPort(VM_PORT).ethSrc(vmMac).ethType(0x0800).ipv4Src(VM_IP).build(),
                        new Instruction.WriteMetadata(0x7, 0xff), new Instruction.GotoTable(60)),
                flow(60, 10, Match.builder().ethType(0x0800).ipProto(17).udpSrc(68).udpDst(67).metadata(0x7, 0xff)
                        .build(), Instruction.apply(Action.Controller.withUserdata(new byte[] {1, 2}, 1500))),
                flow(60, 5, Match.builder().reg(3, 0x42).vlanVid(100).build(),
                        Instruction.apply(new Action.PopVlan(), Action.Resubmit.toTable(77), Action.normal())));
        sw.apply(FlowBatch.of(mods)).get(10, TimeUnit.SECONDS);

        List<FlowStats> stats = sw.flowStats(FlowStatsRequest.all()).get(10, TimeUnit.SECONDS);
        assertThat(stats).hasSize(4);
        for (FlowMod m : mods) {
            assertThat(stats).anySatisfy(s -> {
                assertThat(s.tableId()).isEqualTo(m.tableId());
                assertThat(s.priority()).isEqualTo(m.priority());
                assertThat(s.cookie()).isEqualTo(m.cookie());
                assertThat(s.match()).isEqualTo(m.match());
                assertThat(s.instructions()).isEqualTo(m.instructions());
            });
        }
        assertThat(ofctlFlows()).hasSize(4).anySatisfy(l -> assertThat(l).contains("table=60", "priority=10",
                "tp_src=68", "tp_dst=67", "controller(max_len=1500,userdata=01.02)"));
        assertThat(sw.aggregateStats(FlowStatsRequest.all()).get(10, TimeUnit.SECONDS).flowCount()).isEqualTo(4);

        sw.apply(FlowBatch.of(FlowMod.delete().cookie(0x5a5a_0000_0000_0000L | 100, -1L).build()))
                .get(10, TimeUnit.SECONDS);
        assertThat(ofctlFlows()).hasSize(3).noneMatch(l -> l.contains("priority=100"));
    }

    @Test
    @Order(3)
    void aLargeDumpIsReassembledFromManyMultipartParts() throws Exception {
        List<FlowMod> mods = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            mods.add(flow(30, 1000, Match.builder().ethType(0x0800).ipv4Dst(new Ipv4Address(0x0a100000 + i)).build(),
                    Instruction.apply(new Action.Output(1 + i % 7))));
        }
        sw.apply(FlowBatch.of(mods)).get(30, TimeUnit.SECONDS);
        List<FlowStats> stats = sw.flowStats(FlowStatsRequest.all()).get(30, TimeUnit.SECONDS);
        assertThat(stats).hasSize(3000);
        assertThat(stats.stream().map(FlowStats::match)).containsExactlyInAnyOrderElementsOf(
                mods.stream().map(FlowMod::match).toList());
        assertThat(ofctlFlows()).hasSize(3000);
    }

    @Test
    @Order(4)
    void badFlowsInAPipelinedBatchFailWithTheirOwnErrorsAndTheRestIsApplied() {
        FlowMod good1 = flow(0, 1, Match.builder().inPort(1).build(), Instruction.apply(Action.normal()));
        FlowMod missingPrereq = flow(0, 2, Match.builder().udpDst(67).build(), Instruction.apply(Action.normal()));
        FlowMod good2 = flow(0, 3, Match.builder().inPort(2).build(), Instruction.apply(Action.normal()));
        FlowMod badAction = flow(0, 4, Match.builder().inPort(3).build(),
                Instruction.apply(Action.SetField.vlanVid(5)));
        FlowMod backwardsTable = flow(5, 6, Match.builder().inPort(4).build(), new Instruction.GotoTable(2));
        FlowMod good3 = flow(0, 5, Match.builder().inPort(5).build(), Instruction.apply(Action.normal()));

        assertThatThrownBy(() -> sw.apply(FlowBatch.of(good1, missingPrereq, good2, badAction, backwardsTable, good3))
                .get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(FlowBatchException.class, e -> {
                    assertThat(e.failures()).extracting(FlowBatchException.Failure::index).containsExactly(1, 3, 4);
                    assertThat(e.failures().get(0).error().errorCode()).isEqualTo(ErrorCode.BAD_MATCH_BAD_PREREQ);
                    assertThat(e.failures().get(1).error().errorCode())
                            .isEqualTo(ErrorCode.BAD_ACTION_MATCH_INCONSISTENT);
                    assertThat(e.failures().get(2).error().errorCode())
                            .isEqualTo(ErrorCode.BAD_INSTRUCTION_BAD_TABLE_ID);
                    assertThat(e.failures().get(0).message()).isEqualTo(missingPrereq);
                    assertThat(e.failures().get(0).error().data()).hasSizeGreaterThanOrEqualTo(64);
                });
        assertThat(ofctlFlows()).hasSize(3);
    }

    @Test
    @Order(5)
    void aSingleRequestErrorIsAttributedToItsFuture() {
        FlowMod unknownTable = flow(254, 1, Match.ALL, Instruction.apply(Action.normal()));
        assertThatThrownBy(() -> sw.apply(FlowBatch.of(unknownTable)).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(FlowBatchException.class, e ->
                        assertThat(e.failures()).singleElement().satisfies(f ->
                                assertThat(f.error().errorType().toString()).isIn("FLOW_MOD_FAILED", "BAD_REQUEST")));
    }

    @Test
    @Order(6)
    void anAtomicBundleWithOneBadFlowLeavesTheTableUnchanged() throws Exception {
        FlowMod keep = flow(0, 7, Match.builder().inPort(7).build(), Instruction.apply(Action.normal()));
        sw.apply(FlowBatch.of(keep)).get(10, TimeUnit.SECONDS);
        List<String> before = ofctlFlows();

        FlowMod a = flow(0, 8, Match.builder().inPort(8).build(), Instruction.apply(Action.normal()));
        FlowMod b = flow(0, 9, Match.builder().inPort(9).build(), Instruction.apply(Action.normal()));
        FlowMod bad = flow(0, 10, Match.builder().udpDst(67).build(), Instruction.apply(Action.normal()));
        assertThatThrownBy(() -> sw.bundle(FlowBatch.of(a, bad, b), true).get(10, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(FlowBatchException.class, e -> {
                    assertThat(e.failures()).singleElement().satisfies(f -> {
                        assertThat(f.index()).isEqualTo(1);
                        assertThat(f.error().errorCode()).isEqualTo(ErrorCode.BAD_MATCH_BAD_PREREQ);
                    });
                });
        assertThat(ofctlFlows()).isEqualTo(before);

        sw.bundle(FlowBatch.of(a, b), true).get(10, TimeUnit.SECONDS);
        assertThat(ofctlFlows()).hasSize(3);
    }

    @Test
    @Order(7)
    void metersAndMeterInstructionsAreAccepted() throws Exception {
        sw.apply(FlowBatch.of(new MeterMod(MeterMod.Command.ADD, MeterMod.OFPMF_PKTPS | MeterMod.OFPMF_BURST, 1,
                List.of(MeterMod.Band.drop(100, 10))))).get(10, TimeUnit.SECONDS);
        FlowMod metered = flow(77, 10, Match.builder().inPort(VM_PORT).build(), new Instruction.Meter(1),
                Instruction.apply(Action.Controller.withUserdata(new byte[] {9}, 1500)));
        sw.apply(FlowBatch.of(metered)).get(10, TimeUnit.SECONDS);
        assertThat(ofctlFlows()).singleElement().satisfies(l -> assertThat(l).contains("meter:1"));
        assertThat(OVS.sandbox().ofctl("-O", "OpenFlow13", "dump-meters", "br-int").ok().stdout())
                .contains("meter=1", "pktps", "burst", "type=drop rate=100 burst_size=10");
    }

    @Test
    @Order(8)
    void aPacketOutIntoANamespacePortIsReceivedThere() throws Exception {
        Path log = Files.createTempFile("of-tshark-", ".log");
        Process tshark = Exec.start(java.util.Map.of(), log, vm.wrap("tshark", "-l", "-n", "-i", "ofv0p", "-c", "1",
                "-f", "udp port 5555", "-T", "fields", "-e", "udp.payload", "-e", "udp.checksum.status",
                "-o", "udp.check_checksum:TRUE", "-e", "ip.checksum.status", "-o", "ip.check_checksum:TRUE"));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(log).contains("Capturing on"));
            byte[] frame = Packets.udp4(GW_MAC, vmMac, -1, GW_IP, VM_IP, 4444, 5555, "vifd".getBytes());
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
                sw.sendPacketOut(PacketOut.of(OfPort.CONTROLLER, List.of(new Action.Output(VM_PORT)), frame));
                return Files.readString(log).contains("76696664");
            });
            // tshark checksum status 1 = good (0 bad, 2 unverified), for both UDP and IP.
            assertThat(Files.readString(log)).containsPattern("76696664\\s+1\\s+1");
        } finally {
            tshark.destroy();
            Files.deleteIfExists(log);
        }
    }

    @Test
    @Order(9)
    void aUdpPacketFromTheNamespaceArrivesAsPacketIn2WithInPortAndUserdata() throws Exception {
        byte[] userdata = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        sw.apply(FlowBatch.of(flow(0, 200, Match.builder().inPort(VM_PORT).ethType(0x0800).ipProto(17).udpDst(6767)
                .build(), Instruction.apply(Action.Controller.withUserdata(userdata, 1500))))).get(10,
                TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            vm.exec("bash", "-c", "echo -n ping > /dev/udp/" + GW_IP + "/6767");
            return !packetIns.isEmpty();
        });
        PacketIn p = packetIns.peek();
        assertThat(p.format()).isEqualTo(PacketIn.Format.NXT_PACKET_IN2);
        assertThat(p.inPort()).isEqualTo(VM_PORT);
        assertThat(p.userdata()).containsExactly(userdata);
        assertThat(p.tableId()).isZero();
        assertThat(p.cookie()).isEqualTo(0x5a5a_0000_0000_0000L | 200);
        EthernetFrame eth = EthernetFrame.parse(java.nio.ByteBuffer.wrap(p.data())).value();
        assertThat(eth.src()).isEqualTo(vmMac);
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        assertThat(ip.src()).isEqualTo(VM_IP);
        assertThat(ip.checksumValid()).isTrue();
        Decoded<UdpDatagram> udp = UdpDatagram.parse(ip.payload());
        assertThat(udp.value().dstPort()).isEqualTo(6767);
        assertThat(udp.value().checksumValid4(ip.src(), ip.dst())).isTrue();
        assertThat(new String(bytes(udp.value().payload()))).isEqualTo("ping");
    }

    @Test
    @Order(10)
    void aRoleRequestIsAnswered() throws Exception {
        assertThat(sw.requestRole(Role.NOCHANGE, 0).get(10, TimeUnit.SECONDS).reply()).isTrue();
    }

    @Test
    @Order(11)
    void aPassiveListenerIdentifiesTheSwitchThatConnectsToItByDatapathId() throws Exception {
        Path sock = OVS.sandbox().dir().resolve("ofctl.sock");
        java.util.concurrent.CompletableFuture<SwitchConnection> seen = new java.util.concurrent.CompletableFuture<>();
        try (OpenFlowController server = OpenFlowController.builder().listener(new SwitchListener() {
            @Override
            public void switchConnected(SwitchConnection c, FeaturesReply f) {
                seen.complete(c);
            }
        }).build()) {
            server.listen("punix:" + sock).get(10, TimeUnit.SECONDS);
            OVS.sandbox().vsctl("set-controller", "br-int", "unix:" + sock).ok();
            SwitchConnection passive = seen.get(20, TimeUnit.SECONDS);
            assertThat(passive.datapathId()).isEqualTo(sw.datapathId());
            assertThat(server.passiveSwitch(sw.datapathId())).isSameAs(passive);
            assertThat(passive.version()).isEqualTo(OfVersion.OF_1_4);
            passive.barrier().get(10, TimeUnit.SECONDS);
        } finally {
            OVS.sandbox().vsctl("del-controller", "br-int").ok();
        }
    }

    @Test
    @Order(12)
    void addingAndDeletingAPortWithOvsVsctlReachesTheListenerAsPortStatus() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        portStatuses.clear();
        sb.vsctl("add-port", "br-int", "ofps1", "--", "set", "interface", "ofps1", "type=internal",
                "ofport_request=33").ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> portStatuses.stream()
                .anyMatch(p -> p.reason() == PortStatus.ADD && p.port().name().equals("ofps1")));
        PortStatus add = portStatuses.stream().filter(p -> p.reason() == PortStatus.ADD).findFirst().orElseThrow();
        assertThat(add.port().portNo()).isEqualTo(33);
        String ofctlMac = sb.ofctl("-O", "OpenFlow13", "dump-ports-desc", "br-int").ok().stdout()
                .lines().filter(l -> l.contains("33(ofps1)")).findFirst().orElseThrow()
                .replaceAll(".*addr:", "").strip();
        assertThat(add.port().hwAddr()).isEqualTo(MacAddress.parse(ofctlMac));
        List<PortDesc> ports = sw.portDescriptions().get(10, TimeUnit.SECONDS);
        assertThat(ports).extracting(PortDesc::name).contains("ofps1", "ofv0", "br-int");
        assertThat(ports).filteredOn(p -> p.name().equals("ofv0")).singleElement()
                .extracting(PortDesc::portNo).isEqualTo((long) VM_PORT);

        sb.vsctl("del-port", "br-int", "ofps1").ok();
        await().atMost(Duration.ofSeconds(10)).until(() -> portStatuses.stream()
                .anyMatch(p -> p.reason() == PortStatus.DELETE && p.port().name().equals("ofps1")));
        PortStatus del = portStatuses.stream().filter(p -> p.reason() == PortStatus.DELETE).findFirst()
                .orElseThrow();
        assertThat(del.port().portNo()).isEqualTo(33);
        assertThat(sw.portDescriptions().get(10, TimeUnit.SECONDS)).extracting(PortDesc::name)
                .doesNotContain("ofps1");
    }

    @Test
    @Order(13)
    void deletingAFlowInstalledWithSendFlowRemReachesTheListenerAsFlowRemoved() throws Exception {
        flowsRemoved.clear();
        FlowMod f = FlowMod.add().tableId(3).priority(44).cookie(0x5a5a_0000_0000_0044L)
                .flags(FlowMod.OFPFF_SEND_FLOW_REM).match(Match.builder().inPort(VM_PORT).build())
                .instructions(Instruction.apply(Action.normal())).build();
        sw.apply(FlowBatch.of(f)).get(10, TimeUnit.SECONDS);
        sw.apply(FlowBatch.of(FlowMod.delete().tableId(3).build())).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !flowsRemoved.isEmpty());
        FlowRemoved r = flowsRemoved.peek();
        assertThat(r.reason()).isEqualTo(FlowRemoved.DELETE);
        assertThat(r.cookie()).isEqualTo(0x5a5a_0000_0000_0044L);
        assertThat(r.tableId()).isEqualTo(3);
        assertThat(r.priority()).isEqualTo(44);
        assertThat(r.match()).isEqualTo(Match.builder().inPort(VM_PORT).build());
    }

    @Test
    @Order(20)
    void afterVswitchdIsKilledAndRestartedTheLibraryReconnectsAndSaysSo() throws Exception {
        long gen = sw.generation();
        OVS.sandbox().killVswitchd();
        await().atMost(Duration.ofSeconds(20)).until(() -> disconnects.get() >= 1 && !sw.isConnected());
        assertThatThrownBy(() -> sw.barrier().join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(org.vifd.openflow.ConnectionLostException.class);
        OVS.sandbox().startVswitchd();
        await().atMost(Duration.ofSeconds(30)).until(() -> reconnects.get() >= 1 && sw.isConnected());
        assertThat(sw.generation()).isGreaterThan(gen);
        sw.barrier().get(10, TimeUnit.SECONDS);
    }

    static byte[] bytes(java.nio.ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    static void unused(OpenFlowErrorException e) {
    }
}
