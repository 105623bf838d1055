package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpMessageCodecTest {

    private static byte[] header(int... options) {
        byte[] b = new byte[240 + options.length];
        b[0] = 1;
        b[1] = 1;
        b[2] = 6;
        b[4] = 0x12;
        b[7] = 0x34;
        ByteBuffer.wrap(b).putInt(236, DhcpMessage.MAGIC_COOKIE);
        for (int i = 0; i < options.length; i++) {
            b[240 + i] = (byte) options[i];
        }
        return b;
    }

    private static DhcpDecodeException decodeError(byte[] bytes) {
        try {
            DhcpMessage.decode(ByteBuffer.wrap(bytes));
        } catch (DhcpDecodeException e) {
            return e;
        }
        throw new AssertionError("decoded without error: " + HexFormat.of().formatHex(bytes));
    }

    @Test
    void truncatedHeaderIsAnErrorAtItsEnd() {
        DhcpDecodeException e = decodeError(Arrays.copyOf(header(53, 1, 1, 255), 100));
        assertThat(e.offset()).isEqualTo(100);
        assertThat(e.reason()).contains("truncated BOOTP header");
    }

    @Test
    void badMagicCookieIsAnErrorAtOffset236() {
        byte[] b = header(53, 1, 1, 255);
        b[236] = 0;
        assertThat(decodeError(b).offset()).isEqualTo(236);
    }

    @Test
    void lyingOptionLengthIsAnErrorAtTheOption() {
        DhcpDecodeException e = decodeError(header(53, 1, 1, 12, 200, 'a', 'b', 255));
        assertThat(e.offset()).isEqualTo(243);
        assertThat(e.reason()).contains("option 12 claims 200 bytes");
    }

    @Test
    void missingEndOptionIsAnErrorAtTheEndOfTheField() {
        DhcpDecodeException e = decodeError(header(53, 1, 1, 0, 0));
        assertThat(e.offset()).isEqualTo(245);
        assertThat(e.reason()).contains("no end option");
    }

    @Test
    void optionWithoutLengthByteIsAnError() {
        assertThat(decodeError(header(53, 1, 1, 12)).offset()).isEqualTo(243);
    }

    @Test
    void oversizedMessageIsRejectedBeforeReading() {
        DhcpMessageDecoder small = new DhcpMessageDecoder(300);
        byte[] big = Arrays.copyOf(header(53, 1, 1, 255), 301);
        assertThatThrownBy(() -> small.decode(big)).isInstanceOf(DhcpDecodeException.class)
                .hasMessageContaining("exceeds the limit of 300");
    }

    @Test
    void padsAreSkippedAndBufferPositionIsLeftAlone() throws Exception {
        byte[] b = header(0, 0, 53, 1, 3, 0, 50, 4, 20, 20, 20, 4, 255, 0, 0);
        ByteBuffer buf = ByteBuffer.allocate(b.length + 10);
        buf.position(10);
        buf.put(b);
        buf.position(10);
        DhcpMessage m = DhcpMessage.decode(buf);
        assertThat(buf.position()).isEqualTo(10);
        assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
        assertThat(m.options().get(DhcpOption.REQUESTED_IP)).contains(OptionValue.Addresses.of(Ipv4Address.parse("20.20.20.4")));
        assertThat(m.xid()).isEqualTo(0x12000034);
    }

    /** RFC 3396 §7: instances of one option are concatenated in the order they appear. */
    @Test
    void repeatedOptionsAreConcatenated() throws Exception {
        DhcpMessage m = DhcpMessage.decode(ByteBuffer.wrap(header(53, 1, 1, 119, 2, 3, 'f', 12, 1, 'x', 119, 3, 'o', 'o', 0, 255)));
        assertThat(m.options().get(DhcpOption.DOMAIN_SEARCH)).contains(new OptionValue.DomainList(List.of("foo")));
        assertThat(m.options().options()).extracting(DhcpOption::code).containsExactly(53, 119, 12);
    }

    /** RFC 2131 §4.1: with option 52 = 3, options continue in file, then sname; 52 itself is framing. */
    @Test
    void overloadedOptionsAreReadFromFileThenSname() throws Exception {
        byte[] b = header(53, 1, 1, 52, 1, 3, 12, 2, 'a', 'b', 255);
        b[108] = 12;
        b[109] = 2;
        b[110] = 'c';
        b[111] = 'd';
        b[112] = (byte) 255;
        b[44] = 15;
        b[45] = 3;
        b[46] = 'o';
        b[47] = 'r';
        b[48] = 'g';
        b[49] = (byte) 255;
        DhcpMessage m = DhcpMessage.decode(ByteBuffer.wrap(b));
        assertThat(m.options().get(DhcpOption.HOSTNAME)).contains(new OptionValue.Text("abcd"));
        assertThat(m.options().get(DhcpOption.DOMAIN_NAME)).contains(new OptionValue.Text("org"));
        assertThat(m.options().contains(DhcpOption.OVERLOAD)).isFalse();
        assertThat(m.sname()).containsOnly(0);
        assertThat(m.file()).containsOnly(0);
    }

    @Test
    void overloadWithoutEndInFileIsAnError() {
        byte[] b = header(53, 1, 1, 52, 1, 1, 255);
        b[108] = 12;
        b[109] = 126;
        DhcpDecodeException e = decodeError(b);
        assertThat(e.offset()).isEqualTo(236);
        assertThat(e.reason()).contains("no end option", "file field");
    }

    @Test
    void badOverloadValueIsAnError() {
        assertThat(decodeError(header(53, 1, 1, 52, 1, 7, 255)).offset()).isEqualTo(243);
    }

    @Test
    void encodingPadsToTheBootpMinimumAndSplitsLongOptions() throws Exception {
        byte[] longValue = new byte[600];
        Arrays.fill(longValue, (byte) 'a');
        DhcpMessage m = DhcpMessage.builder().xid(7).clientMac(TestSupport.CLIENT_MAC)
                .options(DhcpOptions.builder().put(DhcpOption.MESSAGE_TYPE, new OptionValue.MessageType(DhcpMessageType.DISCOVER)).build())
                .build();
        assertThat(m.encode()).hasSize(300);

        DhcpMessage big = m.toBuilder().options(DhcpOptions.builder().putAll(m.options())
                .put(DhcpOption.valueOf(224), longValue).build()).build();
        byte[] wire = big.encode();
        // 240 header + 3 (type) + 600 in three instances of 255, 255, 90 (RFC 3396 §6) + end
        assertThat(wire).hasSize(240 + 3 + 600 + 6 + 1);
        assertThat(wire[243] & 0xff).isEqualTo(224);
        assertThat(wire[244] & 0xff).isEqualTo(255);
        assertThat(wire[243 + 257] & 0xff).isEqualTo(224);
        assertThat(wire[243 + 514 + 1] & 0xff).isEqualTo(90);
        assertThat(DhcpMessage.decode(ByteBuffer.wrap(wire))).isEqualTo(big);
    }

    @Test
    void encoderOverloadsIntoFileAndSnameWhenTheOptionsFieldIsFull() throws Exception {
        byte[] value = new byte[450];
        new java.util.Random(1).nextBytes(value);
        DhcpMessage m = DhcpMessage.builder().xid(9).clientMac(TestSupport.CLIENT_MAC).options(DhcpOptions.builder()
                .put(DhcpOption.MESSAGE_TYPE, new OptionValue.MessageType(DhcpMessageType.OFFER))
                .put(DhcpOption.valueOf(250), value).build()).build();
        byte[] wire = DhcpMessageEncoder.encode(m, 576 - 28);
        assertThat(wire).hasSize(548);
        assertThat(wire[240] & 0xff).isEqualTo(52);
        assertThat(wire[242] & 0xff).isEqualTo(3);
        assertThat(DhcpMessage.decode(ByteBuffer.wrap(wire))).isEqualTo(m);
    }

    @Test
    void rfc3397ExampleEncodesWithCompression() {
        // RFC 3397 §3's example: "eng.apple.com." and "marketing.apple.com.".
        byte[] encoded = new OptionValue.DomainList(List.of("eng.apple.com", "marketing.apple.com")).encode();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(
                "03656e67056170706c6503636f6d00" + "096d61726b6574696e67c004");
        assertThat(OptionValue.decode(DhcpOption.DOMAIN_SEARCH, encoded))
                .isEqualTo(new OptionValue.DomainList(List.of("eng.apple.com", "marketing.apple.com")));
    }

    @Test
    void domainSearchPointerLoopsAndForwardPointersFallBackToRaw() {
        byte[] loop = {(byte) 0xc0, 0};
        byte[] forward = {3, 'a', 'b', 'c', (byte) 0xc0, 10};
        assertThat(OptionValue.decode(DhcpOption.DOMAIN_SEARCH, loop)).isInstanceOf(OptionValue.Raw.class);
        assertThat(OptionValue.decode(DhcpOption.DOMAIN_SEARCH, forward)).isInstanceOf(OptionValue.Raw.class);
    }

    @Test
    void rfc3442RoutesEncodeOnlySignificantOctets() {
        // RFC 3442 §2 table: 0/0 -> "0", 10.0.0.0/8 -> "8.10", 10.17.0.0/16 -> "16.10.17", 10.229.0.128/25 -> "25.10.229.0.128"
        List<ClasslessRoute> routes = List.of(ClasslessRoute.of("0.0.0.0/0", "1.2.3.4"), ClasslessRoute.of("10.0.0.0/8", "1.2.3.4"),
                ClasslessRoute.of("10.17.0.0/16", "1.2.3.4"), ClasslessRoute.of("10.229.0.128/25", "1.2.3.4"));
        byte[] encoded = new OptionValue.ClasslessRoutes(routes).encode();
        assertThat(HexFormat.of().formatHex(encoded)).isEqualTo("00" + "01020304" + "080a" + "01020304" + "100a11" + "01020304"
                + "190ae50080" + "01020304");
        assertThat(OptionValue.decode(DhcpOption.CLASSLESS_STATIC_ROUTE, encoded)).isEqualTo(new OptionValue.ClasslessRoutes(routes));
    }

    @Test
    void rfc4361ClientIdentifierExposesIaidAndDuid() {
        byte[] duid = {0, 1, 0, 1, 1, 2, 3, 4, 0x52, 0x54, 0, 0x12, 0x34, 0x56};
        OptionValue.ClientIdentifier id = OptionValue.ClientIdentifier.rfc4361(0x00123456, duid);
        OptionValue decoded = OptionValue.decode(DhcpOption.CLIENT_ID, id.encode());
        assertThat(decoded).isEqualTo(id);
        assertThat(((OptionValue.ClientIdentifier) decoded).iaid()).isEqualTo(0x00123456);
        assertThat(((OptionValue.ClientIdentifier) decoded).duid()).isEqualTo(duid);
    }

    @Test
    void optionCodesAreOpenEnded() {
        assertThat(DhcpOption.valueOf(121)).isSameAs(DhcpOption.CLASSLESS_STATIC_ROUTE);
        assertThat(DhcpOption.valueOf(200).isKnown()).isFalse();
        assertThat(DhcpOption.valueOf(200).code()).isEqualTo(200);
        assertThat(DhcpOption.valueOf(-1)).isSameAs(DhcpOption.END);
        assertThat(DhcpMessageType.valueOf(42).name()).isEqualTo("UNKNOWN(42)");
        assertThat(DhcpOption.lookup("bootfile-name")).contains(DhcpOption.BOOTFILE_NAME);
        assertThat(DhcpOption.lookup("option:mtu")).contains(DhcpOption.MTU);
        assertThat(DhcpOption.lookup("66")).contains(DhcpOption.TFTP_SERVER);
        assertThat(DhcpOption.lookup("no-such-option")).isEmpty();
    }

    @Test
    void malformedKnownOptionsStayRaw() {
        assertThat(OptionValue.decode(DhcpOption.SUBNET_MASK, new byte[] {1, 2, 3})).isEqualTo(new OptionValue.Raw(new byte[] {1, 2, 3}));
        assertThat(OptionValue.decode(DhcpOption.RELAY_AGENT_INFORMATION, new byte[] {1, 5, 0})).isInstanceOf(OptionValue.Raw.class);
        assertThat(OptionValue.decode(DhcpOption.RELAY_AGENT_INFORMATION, new byte[] {1, 1, 9, 2, 0}))
                .isEqualTo(new OptionValue.SubOptions(List.of(new OptionValue.SubOption(1, new byte[] {9}),
                        new OptionValue.SubOption(2, new byte[0]))));
    }
}
