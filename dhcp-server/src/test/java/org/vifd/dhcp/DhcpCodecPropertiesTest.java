package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** encode → decode identity for random valid messages and values; random bytes never escape as an exception. */
class DhcpCodecPropertiesTest {

    @Provide
    Arbitrary<DhcpOptions> options() {
        Arbitrary<Integer> code = Arbitraries.integers().between(1, 254).filter(c -> c != 52);
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
        return Combinators.combine(code, value).as(List::<Object>of).list().ofMaxSize(12).map(pairs -> {
            DhcpOptions.Builder b = DhcpOptions.builder();
            for (List<Object> p : pairs) {
                b.put(DhcpOption.valueOf((Integer) p.get(0)), (byte[]) p.get(1));
            }
            return b.build();
        });
    }

    @Provide
    Arbitrary<DhcpMessage> messages() {
        Arbitrary<byte[]> chaddr = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> sname = Arbitraries.oneOf(Arbitraries.just(new byte[64]), Arbitraries.bytes().array(byte[].class).ofSize(64));
        Arbitrary<byte[]> file = Arbitraries.oneOf(Arbitraries.just(new byte[128]), Arbitraries.bytes().array(byte[].class).ofSize(128));
        Arbitrary<int[]> ints = Arbitraries.integers().array(int[].class).ofSize(8);
        return Combinators.combine(ints, chaddr, sname, file, options(), Arbitraries.integers().between(0, 16))
                .as((i, c, s, f, o, hlen) -> DhcpMessage.builder().op(i[0] & 0xff).htype(i[1] & 0xff).hlen(hlen)
                        .hops(i[2] & 0xff).xid(i[3]).secs(i[4] & 0xffff).flags(i[5] & 0xffff)
                        .ciaddr(Ipv4Address.of(i[6])).yiaddr(Ipv4Address.of(i[7])).siaddr(Ipv4Address.of(i[6] ^ i[7]))
                        .giaddr(Ipv4Address.of(i[3] ^ i[6])).chaddr(c).sname(s).file(f).options(o).build());
    }

    @Property(tries = 500)
    void encodeThenDecodeIsIdentity(@ForAll("messages") DhcpMessage m) throws Exception {
        byte[] wire = m.encode();
        assertThat(wire.length).isGreaterThanOrEqualTo(300);
        assertThat(DhcpMessage.decode(ByteBuffer.wrap(wire))).isEqualTo(m);
    }

    /** With a client-sized limit, long option sets go through option overload and still come back whole. */
    @Property(tries = 300)
    void overloadedEncodingDecodesToTheSameOptions(@ForAll("options") DhcpOptions options) throws Exception {
        DhcpMessage m = DhcpMessage.builder().xid(1).clientMac(TestSupport.CLIENT_MAC).options(options).build();
        byte[] wire;
        try {
            wire = DhcpMessageEncoder.encode(m, 576 - 28);
        } catch (IllegalArgumentException tooBig) {
            return; // more than sname + file + options can carry: the encoder says so instead of truncating
        }
        assertThat(wire.length).isLessThanOrEqualTo(548);
        assertThat(DhcpMessage.decode(ByteBuffer.wrap(wire))).isEqualTo(m);
    }

    @Property(tries = 2000)
    void randomBytesNeverThrowAnythingButADecodeError(@ForAll @Size(max = 1600) byte[] bytes) {
        assertThatCode(() -> {
            try {
                DhcpMessage.decode(ByteBuffer.wrap(bytes));
            } catch (DhcpDecodeException expected) {
                assertThat(expected.offset()).isBetween(0, bytes.length);
            }
        }).doesNotThrowAnyException();
    }

    /** Random option areas behind a valid header reach deeper into the option walker than random bytes do. */
    @Property(tries = 2000)
    void randomOptionAreasNeverThrowAnythingButADecodeError(@ForAll @Size(max = 400) byte[] area,
                                                            @ForAll @IntRange(min = 0, max = 3) int overload) {
        byte[] b = new byte[240 + area.length];
        ByteBuffer.wrap(b).putInt(236, DhcpMessage.MAGIC_COOKIE);
        System.arraycopy(area, 0, b, 240, area.length);
        if (overload > 0 && area.length > 3) {
            b[240] = 52;
            b[241] = 1;
            b[242] = (byte) overload;
            for (int i = 44; i < 236; i++) {
                b[i] = area[i % area.length];
            }
        }
        assertThatCode(() -> {
            try {
                DhcpMessage m = DhcpMessage.decode(ByteBuffer.wrap(b));
                m.options().asMap(); // typed decoding of every option must not throw either
            } catch (DhcpDecodeException expected) {
                assertThat(expected.offset()).isBetween(0, b.length);
            }
        }).doesNotThrowAnyException();
    }

    @Property(tries = 300)
    void classlessRoutesRoundTrip(@ForAll @Size(max = 8) List<@IntRange(min = 0, max = 32) Integer> widths,
                                  @ForAll int seed) {
        java.util.Random r = new java.util.Random(seed);
        List<ClasslessRoute> routes = new ArrayList<>();
        for (int w : widths) {
            routes.add(new ClasslessRoute(new Ipv4Cidr(Ipv4Address.of(r.nextInt()), w), Ipv4Address.of(r.nextInt())));
        }
        OptionValue v = new OptionValue.ClasslessRoutes(routes);
        assertThat(OptionValue.decode(DhcpOption.CLASSLESS_STATIC_ROUTE, v.encode())).isEqualTo(v);
    }

    @Provide
    Arbitrary<List<String>> domains() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
        // Reuse suffixes often so that compression pointers are exercised.
        return Arbitraries.oneOf(name, name.map(n -> n + ".example.org"), Arbitraries.just("example.org"))
                .list().ofMaxSize(6);
    }

    @Property(tries = 500)
    void domainSearchListsRoundTripThroughCompression(@ForAll("domains") List<String> names) {
        OptionValue v = new OptionValue.DomainList(names);
        assertThat(OptionValue.decode(DhcpOption.DOMAIN_SEARCH, v.encode())).isEqualTo(v);
    }

    @Property(tries = 300)
    void typedScalarsRoundTrip(@ForAll int n, @ForAll @Size(min = 1, max = 64) byte[] id, @ForAll @IntRange(max = 255) int type) {
        List<OptionValue> values = List.of(new OptionValue.Unsigned(n & 0xffffffffL, 4), new OptionValue.Signed(n),
                new OptionValue.Unsigned(n & 0xffff, 2), OptionValue.Addresses.of(Ipv4Address.of(n), Ipv4Address.of(~n)),
                new OptionValue.ClientIdentifier(type, id), new OptionValue.SubOptions(List.of(new OptionValue.SubOption(1, id))));
        List<DhcpOption> options = List.of(DhcpOption.LEASE_TIME, DhcpOption.TIME_OFFSET, DhcpOption.MTU,
                DhcpOption.DNS_SERVER, DhcpOption.CLIENT_ID, DhcpOption.RELAY_AGENT_INFORMATION);
        for (int i = 0; i < values.size(); i++) {
            assertThat(OptionValue.decode(options.get(i), values.get(i).encode())).isEqualTo(values.get(i));
        }
    }
}
