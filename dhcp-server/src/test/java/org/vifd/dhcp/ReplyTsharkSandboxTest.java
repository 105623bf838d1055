package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our replies, written into a pcap and decoded by tshark (the independent oracle). A missing tshark fails the test.
 */
class ReplyTsharkSandboxTest {

    @TempDir
    Path dir;

    private static final String FIELDS = "dhcp.type dhcp.id dhcp.flags.bc dhcp.ip.client dhcp.ip.your dhcp.ip.server "
            + "dhcp.ip.relay dhcp.hw.mac_addr dhcp.option.dhcp dhcp.option.type dhcp.option.subnet_mask "
            + "dhcp.option.router dhcp.option.domain_name_server dhcp.option.ip_address_lease_time "
            + "dhcp.option.dhcp_server_id dhcp.option.interface_mtu dhcp.option.hostname dhcp.option.domain_name "
            + "dhcp.option.broadcast_address dhcp.option.renewal_time_value dhcp.option.rebinding_time_value "
            + "dhcp.option.agent_information_option.agent_circuit_id dhcp.option.message ip.dst udp.dstport frame.len";

    private static List<String[]> tshark(Path pcap) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=|",
                "-E", "occurrence=a", "-E", "aggregator=,"));
        for (String f : FIELDS.split(" ")) {
            cmd.add("-e");
            cmd.add(f);
        }
        String out = run(cmd);
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\\|", -1));
            }
        }
        return rows;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return fail("tshark is required for this test (apt-get install tshark): " + e.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("tshark did not finish");
        }
        assertThat(p.exitValue()).as("tshark exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String field(String[] row, String name) {
        List<String> names = List.of(FIELDS.split(" "));
        return row[names.indexOf(name)];
    }

    @Test
    void tsharkDecodesOfferAndAckWithTheFieldsWeMeant() throws Exception {
        Subnet subnet = Subnet.builder("s", Ipv4Cidr.parse("20.20.20.0/24")).gateway(TestSupport.GATEWAY)
                .dnsServers(List.of(Ipv4Address.parse("20.20.20.2"), Ipv4Address.parse("8.8.8.8"))).mtu(1400)
                .hostRoutes(List.of(ClasslessRoute.of("10.0.0.0/8", "20.20.20.254")))
                .searchDomains(List.of("eng.example.org", "example.org"))
                .server(TestSupport.SERVER_IP, TestSupport.SERVER_MAC).leaseTime(java.time.Duration.ofSeconds(86400)).build();
        Bindings bindings = Bindings.builder().put(7, PortBinding.of("p", TestSupport.CLIENT_MAC, TestSupport.CLIENT_IP, subnet)).build();
        DhcpResponder responder = new DhcpResponder(DhcpResponderConfig.defaults(), bindings, LeaseRecorder.NONE);
        PortContext ctx = PortContext.of(7, TestSupport.CLIENT_MAC);

        List<Reply> replies = new ArrayList<>();
        replies.add(responder.handle(ctx, TestSupport.buffer(TestSupport.golden("dhclient-discover"))).orElseThrow());
        replies.add(responder.handle(ctx, TestSupport.buffer(TestSupport.golden("dhclient-request"))).orElseThrow());
        // A relayed REQUEST for the wrong address: NAK to the relay with the agent's option 82 echoed last.
        DhcpMessage relayed = TestSupport.request(DhcpMessageType.REQUEST, TestSupport.opts()
                        .put(DhcpOption.REQUESTED_IP, OptionValue.Addresses.of(Ipv4Address.parse("20.20.20.99")))
                        .put(DhcpOption.RELAY_AGENT_INFORMATION, new byte[] {1, 4, 'e', 't', 'h', '0'}))
                .giaddr(Ipv4Address.parse("20.20.20.1")).build();
        replies.add(responder.handle(ctx, TestSupport.buffer(relayed.encode())).orElseThrow());
        Path pcap = dir.resolve("replies.pcap");
        PcapWriter.write(pcap, replies);

        List<String[]> rows = tshark(pcap);
        assertThat(rows).hasSize(3);
        String[] offer = rows.get(0);
        assertThat(field(offer, "dhcp.type")).isEqualTo("2");
        assertThat(field(offer, "dhcp.id")).isEqualTo("0x2e884241");
        assertThat(field(offer, "dhcp.option.dhcp")).isEqualTo("2");
        assertThat(field(offer, "dhcp.ip.your")).isEqualTo("20.20.20.4");
        assertThat(field(offer, "dhcp.hw.mac_addr")).isEqualTo("52:54:00:12:34:56");
        assertThat(field(offer, "dhcp.option.subnet_mask")).isEqualTo("255.255.255.0");
        assertThat(field(offer, "dhcp.option.router")).isEqualTo("20.20.20.1");
        assertThat(field(offer, "dhcp.option.domain_name_server")).isEqualTo("20.20.20.2,8.8.8.8");
        assertThat(field(offer, "dhcp.option.ip_address_lease_time")).isEqualTo("86400");
        assertThat(field(offer, "dhcp.option.renewal_time_value")).isEqualTo("43200");
        assertThat(field(offer, "dhcp.option.rebinding_time_value")).isEqualTo("75600");
        assertThat(field(offer, "dhcp.option.dhcp_server_id")).isEqualTo("20.20.20.2");
        assertThat(field(offer, "dhcp.option.interface_mtu")).isEqualTo("1400");
        assertThat(field(offer, "dhcp.option.hostname")).isEqualTo("host-20-20-20-4");
        assertThat(field(offer, "dhcp.option.domain_name")).isEqualTo("openstacklocal");
        assertThat(field(offer, "dhcp.option.broadcast_address")).isEqualTo("20.20.20.255");
        assertThat(field(offer, "ip.dst")).isEqualTo("20.20.20.4");
        assertThat(field(offer, "udp.dstport")).isEqualTo("68");
        assertThat(List.of(field(offer, "dhcp.option.type").split(","))).contains("119", "121");
        // 300-byte BOOTP minimum: 14 + 20 + 8 + at least 300.
        assertThat(Integer.parseInt(field(offer, "frame.len"))).isGreaterThanOrEqualTo(342);

        String[] ack = rows.get(1);
        assertThat(field(ack, "dhcp.option.dhcp")).isEqualTo("5");
        assertThat(field(ack, "dhcp.ip.your")).isEqualTo("20.20.20.4");

        String[] nak = rows.get(2);
        assertThat(field(nak, "dhcp.option.dhcp")).isEqualTo("6");
        assertThat(field(nak, "dhcp.ip.your")).isEqualTo("0.0.0.0");
        assertThat(field(nak, "dhcp.flags.bc")).isEqualTo("1");
        assertThat(field(nak, "dhcp.ip.relay")).isEqualTo("20.20.20.1");
        assertThat(field(nak, "ip.dst")).isEqualTo("20.20.20.1");
        assertThat(field(nak, "udp.dstport")).isEqualTo("67");
        assertThat(field(nak, "dhcp.option.agent_information_option.agent_circuit_id")).isEqualTo("65746830");
        List<String> nakCodes = List.of(field(nak, "dhcp.option.type").split(","));
        assertThat(nakCodes.get(nakCodes.size() - 2)).as("option 82 is the last before end").isEqualTo("82");

        // The verbose dissection: routes and search list as tshark reads them, and nothing malformed.
        String verbose = run(List.of("tshark", "-r", pcap.toString(), "-O", "dhcp", "-Y", "frame.number==1"));
        assertThat(verbose).doesNotContainIgnoringCase("malformed");
        assertThat(verbose).contains("10.0.0.0/8-20.20.20.254", "default-20.20.20.1");
        assertThat(verbose).contains("FQDN: eng.example.org", "FQDN: example.org");
    }

    /** The encoder's option overload (52) and RFC 3396 splitting, read back by tshark. */
    @Test
    void tsharkReadsOverloadedAndSplitOptions() throws Exception {
        String host = "h".repeat(150);
        String domain = "d".repeat(100);
        String rootPath = "/" + "r".repeat(59);
        DhcpMessage m = DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x0badcafe).clientMac(TestSupport.CLIENT_MAC)
                .yiaddr(TestSupport.CLIENT_IP).options(DhcpOptions.builder()
                        .put(DhcpOption.MESSAGE_TYPE, new OptionValue.MessageType(DhcpMessageType.OFFER))
                        .put(DhcpOption.SERVER_ID, OptionValue.Addresses.of(TestSupport.SERVER_IP))
                        .put(DhcpOption.HOSTNAME, new OptionValue.Text(host))
                        .put(DhcpOption.DOMAIN_NAME, new OptionValue.Text(domain))
                        .put(DhcpOption.ROOT_PATH, new OptionValue.Text(rootPath))
                        .put(DhcpOption.valueOf(224), new byte[260]) // longer than 255: split in two instances
                        .build()).build();
        byte[] wire = DhcpMessageEncoder.encode(m, 700);
        assertThat(wire).hasSize(700);
        Reply r = new Reply(DhcpMessageType.OFFER, java.nio.ByteBuffer.wrap(wire), TestSupport.SERVER_MAC, TestSupport.SERVER_IP,
                MacAddress.BROADCAST, Ipv4Address.BROADCAST, 68, true);
        Path pcap = dir.resolve("overload.pcap");
        PcapWriter.write(pcap, List.of(r));
        String verbose = run(List.of("tshark", "-r", pcap.toString(), "-O", "dhcp"));
        assertThat(verbose).doesNotContainIgnoringCase("malformed");
        assertThat(verbose).contains("Option: (52) Option Overload");
        // Every option is found by tshark, in the options field or in file/sname.
        assertThat(verbose).contains("Host Name: " + host.substring(0, 50), "Domain Name: " + domain.substring(0, 50),
                "Root Path: " + rootPath.substring(0, 50), "Option: (224)");
        assertThat(DhcpMessage.decode(java.nio.ByteBuffer.wrap(wire))).isEqualTo(m);
    }
}
