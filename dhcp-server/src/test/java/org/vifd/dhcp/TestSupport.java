package org.vifd.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Shared test fixtures: the golden packets, a network like the capture's, a clock the test moves. */
final class TestSupport {

    static final int PORT_KEY = 7;
    static final MacAddress CLIENT_MAC = MacAddress.parse("52:54:00:12:34:56");
    static final Ipv4Address CLIENT_IP = Ipv4Address.parse("20.20.20.4");
    static final Ipv4Address SERVER_IP = Ipv4Address.parse("20.20.20.2");
    static final MacAddress SERVER_MAC = MacAddress.parse("fa:16:3e:00:00:02");
    static final Ipv4Address GATEWAY = Ipv4Address.parse("20.20.20.1");

    private TestSupport() {
    }

    static Subnet subnet() {
        return Subnet.builder("subnet-1", Ipv4Cidr.parse("20.20.20.0/24"))
                .gateway(GATEWAY)
                .dnsServers(List.of(Ipv4Address.parse("20.20.20.2"), Ipv4Address.parse("8.8.8.8")))
                .mtu(1400)
                .server(SERVER_IP, SERVER_MAC)
                .build();
    }

    static PortBinding port() {
        return PortBinding.of("port-1", CLIENT_MAC, CLIENT_IP, subnet());
    }

    static Bindings bindings() {
        return Bindings.builder().put(PORT_KEY, port()).build();
    }

    static byte[] golden(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/golden/" + name + ".bin")) {
            return Objects.requireNonNull(in, "missing fixture " + name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields tshark printed for a golden packet: name → value, from the .tshark file's header and line. */
    static java.util.Map<String, String> tsharkFields(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/golden/" + name + ".tshark")) {
            String[] lines = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8).split("\n");
            String header = lines[0];
            List<String> names = new ArrayList<>();
            for (String word : header.split(" ")) {
                if (word.startsWith("dhcp.")) {
                    names.add(word);
                }
            }
            String[] values = lines[1].split("\\|", -1);
            java.util.Map<String, String> map = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                map.put(names.get(i), values[i]);
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        void advance(long delta) {
            millis += delta;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Builds client messages for policy tests. */
    static DhcpMessage.Builder request(DhcpMessageType type, DhcpOptions.Builder options) {
        options.put(DhcpOption.MESSAGE_TYPE, new OptionValue.MessageType(type));
        return DhcpMessage.builder().xid(0x1234abcd).clientMac(CLIENT_MAC).options(reorderTypeFirst(options.build()));
    }

    private static DhcpOptions reorderTypeFirst(DhcpOptions o) {
        DhcpOptions.Builder b = DhcpOptions.builder();
        b.put(DhcpOption.MESSAGE_TYPE, o.raw(DhcpOption.MESSAGE_TYPE).orElseThrow());
        for (DhcpOption opt : o.options()) {
            if (!opt.equals(DhcpOption.MESSAGE_TYPE)) {
                b.put(opt, o.raw(opt).orElseThrow());
            }
        }
        return b.build();
    }

    static DhcpOptions.Builder opts() {
        return DhcpOptions.builder();
    }
}
