package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.vifd.dhcp.DhcpDecodeException;
import org.vifd.dhcp.DhcpMessage;
import org.vifd.dhcp.DhcpMessageType;
import org.vifd.dhcp.DhcpOption;
import org.vifd.dhcp.DhcpOptions;
import org.vifd.dhcp.DhcpResponder;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.dhcp.Lease;
import org.vifd.dhcp.LeaseRecorder;
import org.vifd.dhcp.LeaseState;
import org.vifd.openflow.action.Action;
import org.vifd.openflow.action.OfPort;
import org.vifd.openflow.match.Match;
import org.vifd.openflow.packet.EthernetFrame;
import org.vifd.openflow.packet.Ipv4Address;
import org.vifd.openflow.packet.Ipv4Packet;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.openflow.packet.Packets;
import org.vifd.openflow.packet.UdpDatagram;
import org.vifd.openflow.protocol.PacketIn;
import org.vifd.openflow.protocol.PacketOut;

/**
 * The hot path with real clients' messages (fixtures in {@code dhcp-golden/}) wrapped as a VM sends them and
 * handed over as NXT_PACKET_IN2, against a recording switch.
 */
class DhcpServiceTest {
    static final MacAddress CLIENT = MacAddress.parse("52:54:00:12:34:56");
    static final long OFPORT = 7;
    static final String PORT = "vm1";

    final IntentFixture intent = new IntentFixture().port(PORT, CLIENT.toString(), "20.20.20.4");
    final DhcpPortKeys keys = new DhcpPortKeys();
    final DhcpLeaseTable leases = new DhcpLeaseTable(List.of(), LeaseRecorder.NONE);
    final DhcpService service = new DhcpService(new DhcpResponder(DhcpResponderConfig.defaults(), DhcpSnapshot.EMPTY
            .bindings(), leases));
    final RecordingSwitch sw = new RecordingSwitch();
    final int key;

    DhcpServiceTest() {
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent.intent(), Map.of(PORT, OFPORT), keys,
                DhcpSettings.DEFAULTS);
        service.publish(r.snapshot());
        key = keys.peek(PORT).orElseThrow();
    }

    static byte[] golden(String name) {
        try (InputStream in = DhcpServiceTest.class.getResourceAsStream("/dhcp-golden/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The frame a VM sends: from its MAC, 0.0.0.0 (or its address) to {@code dst}, port 68 → 67. */
    static byte[] frame(MacAddress src, Ipv4Address srcIp, Ipv4Address dst, byte[] dhcp) {
        MacAddress dstMac = dst.equals(Ipv4Address.BROADCAST) ? MacAddress.BROADCAST
                : MacAddress.parse(IntentFixture.SERVER_MAC);
        return Packets.udp4(src, dstMac, -1, srcIp, dst, 68, 67, dhcp);
    }

    static PacketIn packetIn(int key, long inPort, byte[] frame) {
        return new PacketIn(PacketIn.Format.NXT_PACKET_IN2, PacketIn.REASON_ACTION, DhcpFlows.TABLE_PUNT,
                DhcpFlows.cookie(1, key), PacketIn.NO_BUFFER, frame.length, Match.builder().inPort(inPort).build(), frame,
                DhcpFlows.userdata(key));
    }

    void send(byte[] frame) {
        service.packetIn(sw, packetIn(key, OFPORT, frame));
    }

    /** The one reply sent: its frame checked layer by layer, and its DHCP message. */
    record Sent(EthernetFrame eth, Ipv4Packet ip, UdpDatagram udp, DhcpMessage dhcp) {
    }

    Sent onlyReply() throws DhcpDecodeException {
        assertThat(sw.packetOuts).hasSize(1);
        PacketOut out = sw.packetOuts.get(0);
        assertThat(out.inPort()).isEqualTo(OfPort.CONTROLLER);
        assertThat(out.actions()).containsExactly(new Action.Output(OFPORT, 0));
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(out.data())).value();
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.ETH_TYPE_IPV4);
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        assertThat(ip.checksumValid()).isTrue();
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        // A real checksum (not 0, "none"), and right: receivers drop datagrams with a wrong one.
        assertThat(udp.checksum()).isNotZero();
        assertThat(udp.checksumValid4(ip.src(), ip.dst())).isTrue();
        assertThat(udp.srcPort()).isEqualTo(67);
        assertThat(udp.dstPort()).isEqualTo(68);
        assertThat(eth.src()).isEqualTo(MacAddress.parse(IntentFixture.SERVER_MAC));
        assertThat(ip.src()).isEqualTo(Ipv4Address.parse(IntentFixture.SERVER_IP));
        return new Sent(eth, ip, udp, DhcpMessage.decode(udp.payload()));
    }

    @Test
    void dhclientDiscoverGetsAnOfferUnicastToItsNewAddressOutOfItsPort() throws Exception {
        byte[] discover = golden("dhclient-discover.bin");
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, discover));
        Sent s = onlyReply();
        assertThat(s.dhcp().messageType()).isEqualTo(DhcpMessageType.OFFER);
        assertThat(s.dhcp().xid()).isEqualTo(DhcpMessage.decode(ByteBuffer.wrap(discover)).xid());
        assertThat(s.dhcp().yiaddr()).isEqualTo(org.vifd.dhcp.Ipv4Address.parse("20.20.20.4"));
        // RFC 2131 §4.1: no broadcast bit, no ciaddr: unicast to chaddr and yiaddr.
        assertThat(s.eth().dst()).isEqualTo(CLIENT);
        assertThat(s.ip().dst()).isEqualTo(Ipv4Address.parse("20.20.20.4"));
        assertThat(service.counters().offers()).isEqualTo(1);
        assertThat(leases.lease(org.vifd.dhcp.Ipv4Address.parse("20.20.20.4")).state()).isEqualTo(LeaseState.OFFERED);
    }

    @Test
    void eachAnsweredExchangeIsTimedAndDropsAreNot() {
        List<Long> times = new java.util.ArrayList<>();
        service.observeExchanges(times::add);
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhclient-discover.bin")));
        service.packetIn(sw, packetIn(key, OFPORT + 1, frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST,
                golden("dhclient-discover.bin")))); // wrong in_port: dropped, not timed
        assertThat(times).singleElement().satisfies(t -> assertThat(t).isPositive().isLessThan(10_000_000_000L));
        assertThat(service.responder().received(DhcpMessageType.DISCOVER)).isEqualTo(1);
    }

    @Test
    void dhcpcdRapidCommitDiscoverGetsAnAck() throws Exception {
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhcpcd-discover.bin")));
        Sent s = onlyReply();
        assertThat(s.dhcp().messageType()).isEqualTo(DhcpMessageType.ACK);
        assertThat(s.dhcp().options().contains(DhcpOption.RAPID_COMMIT)).isTrue();
    }

    @Test
    void unicastRenewalToTheServerIsAckedToCiaddr() throws Exception {
        send(frame(CLIENT, Ipv4Address.parse("20.20.20.4"), Ipv4Address.parse(IntentFixture.SERVER_IP),
                golden("dhclient-renew.bin")));
        Sent s = onlyReply();
        assertThat(s.dhcp().messageType()).isEqualTo(DhcpMessageType.ACK);
        assertThat(s.ip().dst()).isEqualTo(Ipv4Address.parse("20.20.20.4"));
        assertThat(s.eth().dst()).isEqualTo(CLIENT);
    }

    @Test
    void informGetsAnAckWithoutALease() throws Exception {
        send(frame(CLIENT, Ipv4Address.parse("20.20.20.4"), Ipv4Address.BROADCAST, golden("dhcpcd-inform.bin")));
        Sent s = onlyReply();
        assertThat(s.dhcp().messageType()).isEqualTo(DhcpMessageType.ACK);
        assertThat(s.dhcp().yiaddr().isAny()).isTrue();
        assertThat(s.dhcp().options().contains(DhcpOption.LEASE_TIME)).isFalse();
        assertThat(s.ip().dst()).isEqualTo(Ipv4Address.parse("20.20.20.4"));
    }

    @Test
    void aBindingChangeAppliesToTheVeryNextPacketUnderTheSameKey() throws Exception {
        intent.port(PORT, CLIENT.toString(), "20.20.20.14");
        DhcpBindingsBuilder.Result r = DhcpBindingsBuilder.build(intent.intent(), Map.of(PORT, OFPORT), keys,
                DhcpSettings.DEFAULTS);
        assertThat(r.snapshot().ports()).singleElement().extracting(DhcpPort::portKey).isEqualTo(key);
        service.publish(r.snapshot());

        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhclient-reboot.bin")));
        Sent nak = onlyReply();
        assertThat(nak.dhcp().messageType()).isEqualTo(DhcpMessageType.NAK);
        assertThat(nak.eth().dst()).isEqualTo(MacAddress.BROADCAST); // RFC 2131 §4.1: a NAK is broadcast
        sw.packetOuts.clear();
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("udhcpc-discover.bin")));
        assertThat(onlyReply().dhcp().yiaddr()).isEqualTo(org.vifd.dhcp.Ipv4Address.parse("20.20.20.14"));
    }

    @Test
    void aSpoofedChaddrGetsNoAnswer() throws Exception {
        DhcpMessage m = DhcpMessage.decode(ByteBuffer.wrap(golden("dhclient-discover.bin"))).toBuilder()
                .clientMac(org.vifd.dhcp.MacAddress.parse("52:54:00:66:66:66")).build();
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, m.encode()));
        assertThat(sw.packetOuts).isEmpty();
        assertThat(service.responder().counters().spoofed()).isEqualTo(1);
    }

    @Test
    void declineHoldsTheAddressAndGetsNoAnswer() {
        DhcpOptions o = DhcpOptions.builder()
                .put(DhcpOption.MESSAGE_TYPE, new byte[] {(byte) DhcpMessageType.DECLINE.code()})
                .put(DhcpOption.REQUESTED_IP, org.vifd.dhcp.Ipv4Address.parse("20.20.20.4").toBytes())
                .put(DhcpOption.SERVER_ID, org.vifd.dhcp.Ipv4Address.parse(IntentFixture.SERVER_IP).toBytes())
                .build();
        DhcpMessage decline = DhcpMessage.builder().xid(0x1234).clientMac(org.vifd.dhcp.MacAddress.parse(
                CLIENT.toString())).options(o).build();
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, decline.encode()));
        assertThat(sw.packetOuts).isEmpty();
        Lease l = leases.lease(org.vifd.dhcp.Ipv4Address.parse("20.20.20.4"));
        assertThat(l.state()).isEqualTo(LeaseState.DECLINED);
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhclient-discover.bin")));
        assertThat(sw.packetOuts).isEmpty(); // RFC 2131 §4.3.3: not offered again while held
    }

    @Test
    void packetsThatAreNotForThisPortAreDroppedAndCounted() {
        byte[] ok = frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhclient-discover.bin"));
        service.packetIn(sw, packetIn(key, OFPORT + 1, ok)); // stale flow after a re-plug
        service.packetIn(sw, packetIn(key + 1, OFPORT, ok)); // a key no port has
        service.packetIn(sw, new PacketIn(PacketIn.Format.NXT_PACKET_IN2, 1, 77, 0, PacketIn.NO_BUFFER, ok.length,
                Match.builder().inPort(OFPORT).build(), ok, new byte[] {1, 2})); // not our userdata
        service.packetIn(sw, new PacketIn(PacketIn.Format.NXT_PACKET_IN2, 1, 77, 0, PacketIn.NO_BUFFER,
                ok.length + 100, Match.builder().inPort(OFPORT).build(), ok, DhcpFlows.userdata(key))); // truncated
        assertThat(sw.packetOuts).isEmpty();
        DhcpService.Counters c = service.counters();
        assertThat(c.packetIns()).isEqualTo(4);
        assertThat(c.wrongInPort()).isEqualTo(1);
        assertThat(c.unknownKey()).isEqualTo(2);
        assertThat(c.malformed()).isEqualTo(1);
    }

    @Test
    void malformedFramesAreCountedNotAnswered() {
        byte[] dhcp = golden("dhclient-discover.bin");
        byte[] arp = EthernetFrame.build(MacAddress.BROADCAST, CLIENT, -1, EthernetFrame.ETH_TYPE_ARP, new byte[28]);
        byte[] toClientPort = Packets.udp4(CLIENT, MacAddress.BROADCAST, -1, Ipv4Address.ANY, Ipv4Address.BROADCAST,
                68, 68, dhcp);
        byte[] badIpChecksum = frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, dhcp);
        badIpChecksum[14 + 10] ^= 0x55;
        byte[] fragment = frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, dhcp);
        fragment[14 + 6] = 0x20; // more fragments
        fixIpChecksum(fragment);
        byte[] shortUdp = frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, dhcp);
        shortUdp[14 + 20 + 4] = 0x7f; // UDP length beyond the packet
        byte[] tiny = new byte[10];
        for (byte[] f : List.of(arp, toClientPort, badIpChecksum, fragment, shortUdp, tiny)) {
            send(f);
        }
        assertThat(sw.packetOuts).isEmpty();
        assertThat(service.counters().malformed()).isEqualTo(6);
    }

    @Test
    void aReplyToADisconnectedSwitchIsCountedAsNotSent() {
        sw.connected = false;
        send(frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhclient-discover.bin")));
        assertThat(service.counters().sendFailed()).isEqualTo(1);
        assertThat(service.counters().replies()).isZero();
    }

    @Test
    void randomAndTruncatedInputNeverThrowsNorHangs() {
        byte[] good = frame(CLIENT, Ipv4Address.ANY, Ipv4Address.BROADCAST, golden("dhcpcd-discover.bin"));
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] f = java.util.Arrays.copyOf(good, random.nextInt(good.length + 1));
                int flips = random.nextInt(8);
                for (int j = 0; j < flips && f.length > 0; j++) {
                    f[random.nextInt(f.length)] = (byte) random.nextInt(256);
                }
                service.packetIn(sw, packetIn(key, OFPORT, f));
            }
        });
        assertThat(service.counters().packetIns()).isEqualTo(20_000);
    }

    @Property(tries = 300)
    void anyBytesAsFrameAndUserdataAreHandledWithoutThrowing(@ForAll @Size(max = 700) byte[] data,
                                                             @ForAll @Size(max = 8) byte[] userdata) {
        DhcpService s = new DhcpService(new DhcpResponder(DhcpResponderConfig.defaults(),
                DhcpSnapshot.EMPTY.bindings(), LeaseRecorder.NONE));
        s.publish(DhcpBindingsBuilder.build(new IntentFixture().port(PORT, CLIENT.toString(), "20.20.20.4")
                .intent(), Map.of(PORT, OFPORT), new DhcpPortKeys(), DhcpSettings.DEFAULTS).snapshot());
        RecordingSwitch rs = new RecordingSwitch();
        s.packetIn(rs, new PacketIn(PacketIn.Format.NXT_PACKET_IN2, 1, 77, 0, PacketIn.NO_BUFFER, data.length,
                Match.builder().inPort(OFPORT).build(), data, userdata));
        assertThat(s.counters().packetIns()).isEqualTo(1);
        assertThat(rs.packetOuts.size()).isLessThanOrEqualTo(1);
    }

    private static void fixIpChecksum(byte[] f) {
        f[14 + 10] = 0;
        f[14 + 11] = 0;
        long sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        int c = (int) (~sum & 0xffff);
        f[14 + 10] = (byte) (c >>> 8);
        f[14 + 11] = (byte) c;
    }
}
