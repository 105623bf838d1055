package org.vifd.openflow.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PacketCodecTest {
    static final MacAddress A = MacAddress.parse("02:00:00:00:00:01");
    static final byte[] V6_SRC = HexFormat.of().parseHex("fe800000000000000000000000000001");
    static final byte[] V6_DST = HexFormat.of().parseHex("ff0200000000000000000001ff000002");

    @Test
    void ourUdpFrameIsByteForByteTheOneOvsCarriedInItsPacketIn() {
        // The frame inside golden/ovs-nxt-packet-in2-userdata-of13.hex (OVS printed udp_csum:7c1e for it).
        byte[] fromOvs = java.util.Arrays.copyOfRange(
                org.vifd.openflow.golden.GoldenFixtures.packetIn2WithUserdata(), 20, 20 + 47);
        byte[] ours = Packets.udp4(A, MacAddress.BROADCAST, -1, Ipv4Address.parse("10.0.0.1"),
                Ipv4Address.parse("10.0.0.2"), 1234, 9999, "hello".getBytes());
        ours[19] = 1; // the capture's IP identification was 1
        ByteBuffer b = ByteBuffer.wrap(ours);
        b.putShort(24, (short) 0);
        b.putShort(24, (short) Checksum.fold(Checksum.add(0, b, 14, 20)));
        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(fromOvs));
    }

    @Property(tries = 300)
    void udp4RoundTripsWithValidChecksums(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 65535) int sp,
                                          @ForAll @IntRange(max = 65535) int dp, @ForAll @Size(max = 600) byte[] payload,
                                          @ForAll @IntRange(min = -1, max = 4095) int vlan) {
        byte[] f = Packets.udp4(A, MacAddress.BROADCAST, vlan, new Ipv4Address(src), new Ipv4Address(dst), sp, dp,
                payload);
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(f)).value();
        assertThat(eth.vlanId()).isEqualTo(vlan);
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.ETH_TYPE_IPV4);
        Ipv4Packet ip = Ipv4Packet.parse(eth.payload()).value();
        assertThat(ip.checksumValid()).isTrue();
        assertThat(ip.src().value()).isEqualTo(src);
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        assertThat(udp.checksumValid4(ip.src(), ip.dst())).isTrue();
        assertThat(udp.srcPort()).isEqualTo(sp);
        assertThat(udp.dstPort()).isEqualTo(dp);
        byte[] got = new byte[udp.payload().remaining()];
        udp.payload().duplicate().get(got);
        assertThat(got).isEqualTo(payload);
    }

    @Property(tries = 200)
    void aFlippedBitIsCaughtByTheUdpChecksum(@ForAll @Size(min = 1, max = 100) byte[] payload,
                                             @ForAll @IntRange(min = 0, max = 7) int bit) {
        byte[] f = Packets.udp4(A, MacAddress.BROADCAST, -1, Ipv4Address.parse("10.0.0.1"),
                Ipv4Address.parse("10.0.0.2"), 68, 67, payload);
        f[f.length - 1] ^= (byte) (1 << bit);
        Ipv4Packet ip = Ipv4Packet.parse(EthernetFrame.parse(ByteBuffer.wrap(f)).value().payload()).value();
        assertThat(UdpDatagram.parse(ip.payload()).value().checksumValid4(ip.src(), ip.dst())).isFalse();
    }

    @Property(tries = 200)
    void udp6RoundTrips(@ForAll @Size(max = 300) byte[] payload) {
        byte[] f = Packets.udp6(A, MacAddress.BROADCAST, V6_SRC, V6_DST, 546, 547, payload);
        Ipv6Packet ip = Ipv6Packet.parse(EthernetFrame.parse(ByteBuffer.wrap(f)).value().payload()).value();
        assertThat(ip.nextHeader()).isEqualTo(Ipv6Packet.NEXT_UDP);
        assertThat(ip.src()).isEqualTo(V6_SRC);
        UdpDatagram udp = UdpDatagram.parse(ip.payload()).value();
        assertThat(udp.checksumValid6(ip.src(), ip.dst())).isTrue();
        assertThat(udp.dstPort()).isEqualTo(547);
    }

    @Property(tries = 200)
    void arpRoundTrips(@ForAll int spa, @ForAll int tpa, @ForAll @IntRange(min = 1, max = 2) int op) {
        ArpPacket arp = new ArpPacket(op, A, new Ipv4Address(spa), MacAddress.ZERO, new Ipv4Address(tpa));
        byte[] f = Packets.arp(A, MacAddress.BROADCAST, 7, arp);
        EthernetFrame eth = EthernetFrame.parse(ByteBuffer.wrap(f)).value();
        assertThat(eth.etherType()).isEqualTo(EthernetFrame.ETH_TYPE_ARP);
        assertThat(ArpPacket.parse(eth.payload()).value()).isEqualTo(arp);
    }

    @Test
    void neighbourSolicitationAndAdvertisementRoundTripWithChecksum() {
        byte[] target = HexFormat.of().parseHex("fe800000000000000000000000000002");
        for (NeighborDiscovery nd : new NeighborDiscovery[] {
            new NeighborDiscovery(NeighborDiscovery.SOLICITATION, 0, target, A),
            new NeighborDiscovery(NeighborDiscovery.ADVERTISEMENT,
                    NeighborDiscovery.FLAG_SOLICITED | NeighborDiscovery.FLAG_OVERRIDE, target, null)}) {
            byte[] f = Packets.neighborDiscovery(A, MacAddress.BROADCAST, V6_SRC, V6_DST, nd);
            Ipv6Packet ip = Ipv6Packet.parse(EthernetFrame.parse(ByteBuffer.wrap(f)).value().payload()).value();
            assertThat(ip.hopLimit()).isEqualTo(255);
            NeighborDiscovery back = NeighborDiscovery.parse(ip.payload(), ip.src(), ip.dst()).value();
            assertThat(back.type()).isEqualTo(nd.type());
            assertThat(back.flags()).isEqualTo(nd.flags());
            assertThat(back.target()).isEqualTo(target);
            assertThat(back.linkLayer()).isEqualTo(nd.linkLayer());
            f[f.length - 1] ^= 1;
            Ipv6Packet bad = Ipv6Packet.parse(EthernetFrame.parse(ByteBuffer.wrap(f)).value().payload()).value();
            assertThat(NeighborDiscovery.parse(bad.payload(), bad.src(), bad.dst()).error().getMessage())
                    .contains("checksum");
        }
    }

    @Test
    void icmpEchoHasAValidChecksum() {
        byte[] f = Packets.icmp4(A, MacAddress.BROADCAST, Ipv4Address.parse("1.2.3.4"), Ipv4Address.parse("5.6.7.8"),
                IcmpMessage.ECHO_REQUEST, 0, new byte[] {0, 1, 0, 1, 'x'});
        Ipv4Packet ip = Ipv4Packet.parse(EthernetFrame.parse(ByteBuffer.wrap(f)).value().payload()).value();
        IcmpMessage icmp = IcmpMessage.parse(ip.payload()).value();
        assertThat(icmp.type()).isEqualTo(IcmpMessage.ECHO_REQUEST);
        assertThat(icmp.checksumValid4()).isTrue();
    }

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.of(
                Packets.udp4(A, MacAddress.BROADCAST, 5, Ipv4Address.parse("10.0.0.1"), Ipv4Address.parse("10.0.0.2"),
                        68, 67, new byte[40]),
                Packets.udp6(A, MacAddress.BROADCAST, V6_SRC, V6_DST, 546, 547, new byte[30]),
                Packets.arp(A, MacAddress.BROADCAST, -1, new ArpPacket(1, A, new Ipv4Address(1), MacAddress.ZERO,
                        new Ipv4Address(2))));
    }

    /** Every prefix and every corrupted length field gives a value or an error value, never an exception. */
    @Property(tries = 500)
    void truncatedOrLyingFramesNeverThrow(@ForAll("frames") byte[] frame, @ForAll @IntRange(max = 200) int cut,
                                          @ForAll @IntRange(max = 80) int at, @ForAll byte lie) {
        byte[] f = Arrays.copyOf(frame, Math.min(cut, frame.length));
        if (at < f.length) {
            f[at] = lie;
        }
        parseAll(f);
    }

    @Property(tries = 500)
    void randomBytesNeverThrow(@ForAll @Size(max = 120) byte[] junk) {
        parseAll(junk);
    }

    static void parseAll(byte[] f) {
        Decoded<EthernetFrame> eth = EthernetFrame.parse(ByteBuffer.wrap(f));
        if (!eth.isOk()) {
            assertThat(eth.error().offset()).isGreaterThanOrEqualTo(0);
            return;
        }
        ByteBuffer p = eth.value().payload();
        Decoded<Ipv4Packet> ip = Ipv4Packet.parse(p);
        if (ip.isOk()) {
            Decoded<UdpDatagram> udp = UdpDatagram.parse(ip.value().payload());
            if (udp.isOk()) {
                udp.value().checksumValid4(ip.value().src(), ip.value().dst());
            }
            IcmpMessage.parse(ip.value().payload());
        }
        Decoded<Ipv6Packet> ip6 = Ipv6Packet.parse(p);
        if (ip6.isOk()) {
            UdpDatagram.parse(ip6.value().payload());
            NeighborDiscovery.parse(ip6.value().payload(), ip6.value().src(), ip6.value().dst());
        }
        ArpPacket.parse(p);
    }
}
