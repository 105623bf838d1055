package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Packets from real dhclient, udhcpc, dhcpcd and dnsmasq, decoded by us and compared with what tshark decoded. */
class GoldenClientPacketsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dhclient-discover", "dhclient-request", "dhclient-renew", "dhclient-release",
            "dhclient-reboot", "udhcpc-discover", "udhcpc-request", "udhcpc-renew", "udhcpc-release",
            "dhcpcd-discover", "dhcpcd-request", "dhcpcd-renew", "dhcpcd-release", "dhcpcd-inform",
            "dnsmasq-offer", "dnsmasq-ack"})
    void decodesLikeTshark(String name) throws Exception {
        DhcpMessage m = DhcpMessage.decode(TestSupport.buffer(TestSupport.golden(name)));
        Map<String, String> t = TestSupport.tsharkFields(name);

        assertThat(m.op()).isEqualTo(Integer.parseInt(t.get("dhcp.type")));
        assertThat(m.xid()).isEqualTo(Integer.parseUnsignedInt(t.get("dhcp.id").substring(2), 16));
        assertThat(m.broadcastFlag()).isEqualTo(t.get("dhcp.flags.bc").equals("1"));
        assertThat(m.ciaddr()).hasToString(t.get("dhcp.ip.client"));
        assertThat(m.yiaddr()).hasToString(t.get("dhcp.ip.your"));
        assertThat(m.clientMac()).hasToString(t.get("dhcp.hw.mac_addr").split(",")[0]);
        assertThat(m.messageType().code()).isEqualTo(Integer.parseInt(t.get("dhcp.option.dhcp")));

        // Option codes in message order (tshark also lists the end option, printed as 0 here) and their lengths.
        List<Integer> codes = new ArrayList<>();
        for (String c : t.get("dhcp.option.type").split(",")) {
            int code = Integer.parseInt(c);
            if (code != 0 && code != 255) {
                codes.add(code);
            }
        }
        assertThat(m.options().options()).extracting(DhcpOption::code).containsExactlyElementsOf(codes);
        List<Integer> lengths = Arrays.stream(t.get("dhcp.option.length").split(",")).map(Integer::parseInt).toList();
        for (int i = 0; i < codes.size(); i++) {
            assertThat(m.options().raw(DhcpOption.valueOf(codes.get(i))).orElseThrow()).hasSize(lengths.get(i));
        }

        if (!t.get("dhcp.option.request_list_item").isEmpty()) {
            OptionValue.OptionCodes prl = (OptionValue.OptionCodes) m.options().get(DhcpOption.PARAMETER_REQUEST_LIST).orElseThrow();
            assertThat(prl.options()).extracting(DhcpOption::code).containsExactlyElementsOf(
                    Arrays.stream(t.get("dhcp.option.request_list_item").split(",")).map(Integer::parseInt).toList());
        }
        assertAddress(m, DhcpOption.REQUESTED_IP, t.get("dhcp.option.requested_ip_address"));
        assertAddress(m, DhcpOption.SERVER_ID, t.get("dhcp.option.dhcp_server_id"));
        if (!t.get("dhcp.option.dhcp_max_message_size").isEmpty()) {
            assertThat(m.options().get(DhcpOption.MAX_MESSAGE_SIZE)).contains(
                    new OptionValue.Unsigned(Long.parseLong(t.get("dhcp.option.dhcp_max_message_size")), 2));
        }
        if (!t.get("dhcp.option.hostname").isEmpty()) {
            assertThat(m.options().get(DhcpOption.HOSTNAME)).contains(new OptionValue.Text(t.get("dhcp.option.hostname")));
        }
        if (!t.get("dhcp.client_id.iaid").isEmpty()) {
            OptionValue.ClientIdentifier id = (OptionValue.ClientIdentifier) m.options().get(DhcpOption.CLIENT_ID).orElseThrow();
            assertThat(id.isRfc4361()).isTrue();
            assertThat(id.iaid()).isEqualTo(Integer.parseUnsignedInt(t.get("dhcp.client_id.iaid"), 16));
        }
        if (!t.get("dhcp.option.ip_address_lease_time").isEmpty()) {
            assertThat(m.options().get(DhcpOption.LEASE_TIME)).contains(
                    new OptionValue.Unsigned(Long.parseLong(t.get("dhcp.option.ip_address_lease_time")), 4));
        }
        if (!t.get("dhcp.option.interface_mtu").isEmpty()) {
            assertThat(m.options().get(DhcpOption.MTU)).contains(
                    new OptionValue.Unsigned(Long.parseLong(t.get("dhcp.option.interface_mtu")), 2));
        }
        // Re-encoding what we decoded gives the peer's bytes back (none of them pads between options or splits one).
        byte[] original = TestSupport.golden(name);
        byte[] again = m.encode();
        assertThat(again).isEqualTo(Arrays.copyOf(original, Math.max(300, again.length)));
    }

    private static void assertAddress(DhcpMessage m, DhcpOption option, String expected) {
        if (expected.isEmpty()) {
            assertThat(m.options().contains(option)).isFalse();
        } else {
            assertThat(m.options().get(option)).contains(OptionValue.Addresses.of(Ipv4Address.parse(expected)));
        }
    }

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(1_700_000_000_000L);
    private final List<Lease> leases = new ArrayList<>();
    private final DhcpResponder responder = new DhcpResponder(DhcpResponderConfig.builder().clock(clock).build(),
            TestSupport.bindings(), leases::add);

    private Optional<Reply> answer(String name) throws Exception {
        DhcpMessage request = DhcpMessage.decode(TestSupport.buffer(TestSupport.golden(name)));
        Ipv4Address dst = request.ciaddr().isAny() ? Ipv4Address.BROADCAST : TestSupport.SERVER_IP;
        return responder.handle(new PortContext(TestSupport.PORT_KEY, TestSupport.CLIENT_MAC, dst),
                TestSupport.buffer(TestSupport.golden(name)));
    }

    private static DhcpMessage decoded(Reply r) throws DhcpDecodeException {
        return DhcpMessage.decode(r.payload());
    }

    @Test
    void everyRealClientIsOfferedAndAckedItsAddress() throws Exception {
        for (String client : List.of("dhclient", "udhcpc")) {
            Reply offer = answer(client + "-discover").orElseThrow();
            assertThat(offer.type()).isEqualTo(DhcpMessageType.OFFER);
            assertThat(decoded(offer).yiaddr()).isEqualTo(TestSupport.CLIENT_IP);
            Reply ack = answer(client + "-request").orElseThrow();
            assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(decoded(ack).yiaddr()).isEqualTo(TestSupport.CLIENT_IP);
        }
    }

    /** The captured messages name server 20.20.20.2 (dnsmasq then), which is our server id here. */
    @Test
    void dhcpcdDiscoverWithRapidCommitIsAckedWithOption80AndItsClientIdEchoed() throws Exception {
        Reply ack = answer("dhcpcd-discover").orElseThrow();
        DhcpMessage m = decoded(ack);
        DhcpMessage request = DhcpMessage.decode(TestSupport.buffer(TestSupport.golden("dhcpcd-discover")));
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(m.options().contains(DhcpOption.RAPID_COMMIT)).isTrue();
        assertThat(m.options().raw(DhcpOption.CLIENT_ID).orElseThrow())
                .isEqualTo(request.options().raw(DhcpOption.CLIENT_ID).orElseThrow());
        assertThat(leases).extracting(Lease::state).containsExactly(LeaseState.BOUND);
        assertThat(leases.get(0).clientId()).isEqualTo(request.options().raw(DhcpOption.CLIENT_ID).orElseThrow());
    }

    @Test
    void renewalsAreAckedUnicastToCiaddr() throws Exception {
        for (String name : List.of("dhclient-renew", "udhcpc-renew", "dhcpcd-renew")) {
            Reply ack = answer(name).orElseThrow();
            assertThat(ack.type()).as(name).isEqualTo(DhcpMessageType.ACK);
            assertThat(ack.destinationIp()).as(name).isEqualTo(TestSupport.CLIENT_IP);
            assertThat(ack.destinationMac()).as(name).isEqualTo(TestSupport.CLIENT_MAC);
            assertThat(ack.broadcast()).as(name).isFalse();
            assertThat(decoded(ack).ciaddr()).as(name).isEqualTo(TestSupport.CLIENT_IP);
        }
    }

    @Test
    void initRebootRequestIsAcked() throws Exception {
        Reply ack = answer("dhclient-reboot").orElseThrow();
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(decoded(ack).yiaddr()).isEqualTo(TestSupport.CLIENT_IP);
    }

    @Test
    void releasesAreRecordedAndNotAnswered() throws Exception {
        for (String name : List.of("dhclient-release", "udhcpc-release", "dhcpcd-release")) {
            assertThat(answer(name)).as(name).isEmpty();
        }
        assertThat(leases).extracting(Lease::state).containsOnly(LeaseState.RELEASED).hasSize(3);
    }

    @Test
    void dhcpcdInformIsAckedWithoutLeaseFields() throws Exception {
        Reply ack = answer("dhcpcd-inform").orElseThrow();
        DhcpMessage m = decoded(ack);
        assertThat(ack.type()).isEqualTo(DhcpMessageType.ACK);
        assertThat(m.yiaddr()).isEqualTo(Ipv4Address.ANY);
        assertThat(m.ciaddr()).isEqualTo(TestSupport.CLIENT_IP);
        assertThat(m.options().contains(DhcpOption.LEASE_TIME)).isFalse();
        assertThat(m.options().contains(DhcpOption.RENEWAL_TIME)).isFalse();
        assertThat(m.options().contains(DhcpOption.REBINDING_TIME)).isFalse();
        assertThat(m.options().get(DhcpOption.SERVER_ID)).contains(OptionValue.Addresses.of(TestSupport.SERVER_IP));
        assertThat(ack.destinationIp()).isEqualTo(TestSupport.CLIENT_IP);
        assertThat(leases).isEmpty();
    }
}
