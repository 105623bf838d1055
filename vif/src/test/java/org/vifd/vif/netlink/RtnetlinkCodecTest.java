package org.vifd.vif.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The rtnetlink encoder and parser, against kernel replies captured with an independent client. */
class RtnetlinkCodecTest {
    static ByteBuffer fixture(String name) throws IOException {
        try (InputStream in = RtnetlinkCodecTest.class.getResourceAsStream("/fixtures/rtnetlink/" + name)) {
            byte[] bytes = HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        }
    }

    @Test
    void kernelsBridgeReplyParsesToWhatIpPrinted() throws IOException {
        Link link = Rtnetlink.parseLink(fixture("newlink-bridge-qbrgold.hex")).orElseThrow();
        assertThat(link.name()).isEqualTo("qbrgold");
        assertThat(link.index()).isEqualTo(2);
        assertThat(link.mtu()).isEqualTo(1450);
        assertThat(link.address()).contains(MacAddress.parse("fa:16:3e:aa:bb:cc"));
        assertThat(link.isUp()).isTrue();
        assertThat(link.kind()).isEqualTo("bridge");
        assertThat(link.bridgeAgeingTime()).hasValue(0);
        assertThat(link.hasMaster()).isFalse();
    }

    @Test
    void kernelsTapReplyParsesToWhatIpPrinted() throws IOException {
        Link link = Rtnetlink.parseLink(fixture("newlink-tap-tapgold.hex")).orElseThrow();
        assertThat(link.name()).isEqualTo("tapgold");
        assertThat(link.mtu()).isEqualTo(1442);
        assertThat(link.address()).contains(MacAddress.parse("fa:16:3e:12:34:56"));
        assertThat(link.kind()).isEqualTo("tun");
        assertThat(link.master()).isEqualTo(3);
        assertThat(link.bridgeAgeingTime()).isEmpty();
    }

    @Property
    void attributesWrittenAreReadBack(@ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 15) String name,
                                      @ForAll @IntRange(min = 68, max = 65535) int mtu, @ForAll @Size(6) List<Byte> mac,
                                      @ForAll int ageing) {
        byte[] macBytes = new byte[6];
        for (int i = 0; i < 6; i++) {
            macBytes[i] = mac.get(i);
        }
        NetlinkRequest req = new NetlinkRequest(Rtnetlink.RTM_NEWLINK, 1, 7, 5, Link.IFF_UP, Link.IFF_UP)
                .attrString(Rtnetlink.IFLA_IFNAME, name).attrU32(Rtnetlink.IFLA_MTU, mtu)
                .attr(Rtnetlink.IFLA_ADDRESS, macBytes);
        int info = req.beginNest(Rtnetlink.IFLA_LINKINFO);
        req.attrString(Rtnetlink.IFLA_INFO_KIND, "bridge");
        int data = req.beginNest(Rtnetlink.IFLA_INFO_DATA);
        req.attrU32(Rtnetlink.IFLA_BR_AGEING_TIME, ageing);
        req.endNest(data).endNest(info);
        byte[] bytes = req.toBytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        assertThat(b.getInt(0)).as("nlmsg_len").isEqualTo(bytes.length);
        assertThat(bytes.length % 4).isZero();
        Link link = Rtnetlink.parseLink(b.position(NetlinkRequest.NLMSG_HDRLEN).slice().order(ByteOrder.nativeOrder()))
                .orElseThrow();
        assertThat(link).isEqualTo(new Link(5, name, Link.IFF_UP, mtu, java.util.Optional.of(MacAddress.of(macBytes)), 0,
                "bridge", java.util.OptionalInt.of(ageing)));
    }

    @Property(tries = 500)
    void hostileBytesNeverThrowOrHang(@ForAll @Size(max = 300) byte[] bytes) {
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
            Rtnetlink.parseLink(b);
            NetlinkAttributes.parse(b).nested(Rtnetlink.IFLA_LINKINFO);
        });
    }

    @Property(tries = 200)
    void truncatedKernelRepliesNeverThrow(@ForAll @IntRange(min = 0, max = 1900) int cut) throws IOException {
        ByteBuffer full = fixture("newlink-bridge-qbrgold.hex");
        ByteBuffer truncated = full.limit(Math.min(cut, full.capacity())).slice().order(ByteOrder.nativeOrder());
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> Rtnetlink.parseLink(truncated));
    }

    @Test
    void errnoValuesAreNamedOrUnknownNeverThrown() {
        assertThat(Errno.valueOf(-17)).isSameAs(Errno.EEXIST);
        assertThat(Errno.valueOf(19).name()).isEqualTo("ENODEV");
        assertThat(Errno.valueOf(4242).name()).isEqualTo("E4242");
        assertThat(Errno.valueOf(4242).isKnown()).isFalse();
        assertThat(Errno.valueOf(4242)).isEqualTo(Errno.valueOf(4242));
    }

    @Test
    void macAddressesNormaliseAndRoundTrip() {
        assertThat(MacAddress.parse("FA:16:3E:AA:BB:CC").text()).isEqualTo("fa:16:3e:aa:bb:cc");
        assertThat(MacAddress.of(MacAddress.parse("fa:16:3e:aa:bb:cc").bytes())).isEqualTo(MacAddress.parse("fa:16:3e:aa:bb:cc"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MacAddress.parse("fa:16:3e")).isInstanceOf(IllegalArgumentException.class);
    }
}
