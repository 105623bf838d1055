package org.vifd.bench.dhcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.vifd.dhcp.Bindings;
import org.vifd.dhcp.ClasslessRoute;
import org.vifd.dhcp.DhcpMessage;
import org.vifd.dhcp.DhcpMessageType;
import org.vifd.dhcp.DhcpOption;
import org.vifd.dhcp.DhcpOptions;
import org.vifd.dhcp.DhcpResponder;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.Ipv4Cidr;
import org.vifd.dhcp.LeaseJournal;
import org.vifd.dhcp.MacAddress;
import org.vifd.dhcp.OptionValue;
import org.vifd.dhcp.PortBinding;
import org.vifd.dhcp.PortContext;
import org.vifd.dhcp.Reply;
import org.vifd.dhcp.Subnet;

/**
 * In-process DHCP hot path: decode + policy + encode + lease journal (group commit on its own thread, a real file),
 * with 10,000 bindings. {@code dora} is one full exchange (DISCOVER→OFFER, then REQUEST→ACK) for the next port in
 * turn; {@code discoverOffer} and {@code requestAck} are the halves. Requests look like dhclient's (13 requested
 * options, hostname, max message size) plus an RFC 4361 client identifier.
 *
 * <p>Run: {@code java -jar bench/target/vifd-bench.jar jmh DhcpDora -prof gc -f 1 -wi 3 -i 5}. Exchanges per second
 * is the {@code dora} score; bytes allocated per message is {@code gc.alloc.rate.norm} of {@code dora} / 2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DhcpDoraBenchmark {

    private static final int PORTS = 10_000;
    private static final byte[] PARAMETER_REQUEST_LIST = {1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42};

    private Path dir;
    private LeaseJournal journal;
    private DhcpResponder responder;
    private PortContext[] contexts;
    private ByteBuffer[] discovers;
    private ByteBuffer[] requests;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Subnet subnet = Subnet.builder("subnet-1", Ipv4Cidr.parse("10.0.0.0/16"))
                .gateway(Ipv4Address.parse("10.0.0.1"))
                .dnsServers(List.of(Ipv4Address.parse("10.0.0.2"), Ipv4Address.parse("8.8.8.8")))
                .hostRoutes(List.of(ClasslessRoute.of("169.254.169.254/32", "10.0.0.2")))
                .searchDomains(List.of("openstacklocal"))
                .mtu(1450)
                .server(Ipv4Address.parse("10.0.0.2"), MacAddress.parse("fa:16:3e:00:00:02"))
                .build();
        Bindings.Builder bindings = Bindings.builder();
        contexts = new PortContext[PORTS];
        discovers = new ByteBuffer[PORTS];
        requests = new ByteBuffer[PORTS];
        for (int i = 0; i < PORTS; i++) {
            int portKey = 1000 + i;
            MacAddress mac = new MacAddress(0xfa163e000000L + i);
            Ipv4Address ip = Ipv4Address.of(0x0a000000 + 10 + i);
            bindings.put(portKey, PortBinding.of("port-" + i, mac, ip, subnet));
            contexts[i] = PortContext.of(portKey, mac);
            discovers[i] = ByteBuffer.wrap(message(mac, i, DhcpMessageType.DISCOVER, null));
            requests[i] = ByteBuffer.wrap(message(mac, i, DhcpMessageType.REQUEST, ip));
        }
        dir = Files.createTempDirectory("dhcp-bench-");
        journal = LeaseJournal.open(dir.resolve("leases"));
        DhcpResponderConfig config = DhcpResponderConfig.builder()
                .perPortRate(1e9, 1_000_000_000).globalRate(1e9, 1_000_000_000).build();
        responder = new DhcpResponder(config, bindings.build(), journal);
    }

    private static byte[] message(MacAddress mac, int i, DhcpMessageType type, Ipv4Address requested) {
        DhcpOptions.Builder o = DhcpOptions.builder()
                .put(DhcpOption.MESSAGE_TYPE, new OptionValue.MessageType(type));
        if (requested != null) {
            o.put(DhcpOption.SERVER_ID, OptionValue.Addresses.of(Ipv4Address.parse("10.0.0.2")));
            o.put(DhcpOption.REQUESTED_IP, OptionValue.Addresses.of(requested));
        }
        byte[] duid = {0, 1, 0, 1, 0x32, (byte) 0x99, (byte) 0xdc, 0x68, (byte) 0xfa, 0x16, 0x3e, 0, (byte) (i >>> 8), (byte) i};
        o.put(DhcpOption.CLIENT_ID, OptionValue.ClientIdentifier.rfc4361(i, duid))
                .put(DhcpOption.MAX_MESSAGE_SIZE, new OptionValue.Unsigned(1500, 2))
                .put(DhcpOption.HOSTNAME, new OptionValue.Text("vm-" + i))
                .put(DhcpOption.PARAMETER_REQUEST_LIST, PARAMETER_REQUEST_LIST);
        return DhcpMessage.builder().xid(0x2e880000 + i).clientMac(mac).options(o.build()).build().encode();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        journal.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private int nextPort() {
        int i = next;
        next = i + 1 == PORTS ? 0 : i + 1;
        return i;
    }

    /** One full exchange: DISCOVER → OFFER, REQUEST → ACK. */
    @Benchmark
    public void dora(Blackhole bh) {
        int i = nextPort();
        Optional<Reply> offer = responder.handle(contexts[i], discovers[i]);
        Optional<Reply> ack = responder.handle(contexts[i], requests[i]);
        if (offer.isEmpty() || ack.isEmpty()) {
            throw new IllegalStateException("no answer for port " + i);
        }
        bh.consume(offer.get());
        bh.consume(ack.get());
    }

    @Benchmark
    public Optional<Reply> discoverOffer() {
        int i = nextPort();
        return responder.handle(contexts[i], discovers[i]);
    }

    @Benchmark
    public Optional<Reply> requestAck() {
        int i = nextPort();
        return responder.handle(contexts[i], requests[i]);
    }
}
