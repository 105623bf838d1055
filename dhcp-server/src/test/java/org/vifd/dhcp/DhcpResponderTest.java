package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vifd.dhcp.TestSupport.CLIENT_IP;
import static org.vifd.dhcp.TestSupport.CLIENT_MAC;
import static org.vifd.dhcp.TestSupport.PORT_KEY;
import static org.vifd.dhcp.TestSupport.SERVER_IP;
import static org.vifd.dhcp.TestSupport.SERVER_MAC;
import static org.vifd.dhcp.TestSupport.opts;
import static org.vifd.dhcp.TestSupport.request;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The responder's policy: RFC 2131 §4.3 per message and client state, §4.1 addressing, guards, options. */
class DhcpResponderTest {

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(1_700_000_000_000L);
    private final List<Lease> leases = new ArrayList<>();
    private DhcpResponder responder = responder(DhcpResponderConfig.builder().clock(clock));

    private DhcpResponder responder(DhcpResponderConfig.Builder config) {
        return new DhcpResponder(config.build(), TestSupport.bindings(), leases::add);
    }

    private static final Ipv4Address OTHER_IP = Ipv4Address.parse("20.20.20.99");
    private static final Ipv4Address RELAY = Ipv4Address.parse("20.20.20.1");

    private Optional<Reply> send(DhcpMessage m) {
        return send(PortContext.of(PORT_KEY, CLIENT_MAC), m);
    }

    private Optional<Reply> send(PortContext ctx, DhcpMessage m) {
        return responder.handle(ctx, ByteBuffer.wrap(m.encode()));
    }

    private static DhcpMessage decode(Reply r) {
        try {
            return DhcpMessage.decode(r.payload());
        } catch (DhcpDecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static DhcpMessage discover() {
        return request(DhcpMessageType.DISCOVER, opts()).build();
    }

    private static DhcpOptions.Builder selecting(Ipv4Address serverId, Ipv4Address requested) {
        return opts().put(DhcpOption.SERVER_ID, OptionValue.Addresses.of(serverId))
                .put(DhcpOption.REQUESTED_IP, OptionValue.Addresses.of(requested));
    }

    @Nested
    class Discover {
        @Test
        void isOfferedTheBoundAddressWithLeaseFieldsAndRecorded() {
            Reply r = send(discover()).orElseThrow();
            DhcpMessage m = decode(r);
            assertThat(r.type()).isEqualTo(DhcpMessageType.OFFER);
            assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREPLY);
            assertThat(m.xid()).isEqualTo(0x1234abcd);
            assertThat(m.yiaddr()).isEqualTo(CLIENT_IP);
            assertThat(m.ciaddr()).isEqualTo(Ipv4Address.ANY);
            assertThat(m.options().get(DhcpOption.SERVER_ID)).contains(OptionValue.Addresses.of(SERVER_IP));
            assertThat(m.options().get(DhcpOption.LEASE_TIME)).contains(new OptionValue.Unsigned(86400, 4));
            assertThat(m.options().get(DhcpOption.RENEWAL_TIME)).contains(new OptionValue.Unsigned(43200, 4));
            assertThat(m.options().get(DhcpOption.REBINDING_TIME)).contains(new OptionValue.Unsigned(75600, 4));
            assertThat(r.sourceIp()).isEqualTo(SERVER_IP);
            assertThat(r.sourceMac()).isEqualTo(SERVER_MAC);
            assertThat(leases).singleElement().satisfies(l -> {
                assertThat(l.state()).isEqualTo(LeaseState.OFFERED);
                assertThat(l.ip()).isEqualTo(CLIENT_IP);
                assertThat(l.mac()).isEqualTo(CLIENT_MAC);
                assertThat(l.hostname()).isEqualTo("host-20-20-20-4");
                assertThat(l.expiresAtMillis()).isEqualTo(clock.millis() + 60_000);
            });
        }

        @Test
        void withoutParameterListGetsEverySubnetOptionAndTheForcedMtu() {
            DhcpMessage m = decode(send(discover()).orElseThrow());
            assertThat(m.options().get(DhcpOption.SUBNET_MASK)).contains(OptionValue.Addresses.of(Ipv4Address.parse("255.255.255.0")));
            assertThat(m.options().get(DhcpOption.ROUTER)).contains(OptionValue.Addresses.of(TestSupport.GATEWAY));
            assertThat(m.options().get(DhcpOption.DNS_SERVER)).contains(OptionValue.Addresses.of(SERVER_IP, Ipv4Address.parse("8.8.8.8")));
            assertThat(m.options().get(DhcpOption.HOSTNAME)).contains(new OptionValue.Text("host-20-20-20-4"));
            assertThat(m.options().get(DhcpOption.DOMAIN_NAME)).contains(new OptionValue.Text("openstacklocal"));
            assertThat(m.options().get(DhcpOption.MTU)).contains(new OptionValue.Unsigned(1400, 2));
            assertThat(m.options().get(DhcpOption.BROADCAST_ADDRESS)).contains(OptionValue.Addresses.of(Ipv4Address.parse("20.20.20.255")));
        }

        @Test
        void withParameterListGetsWhatItAskedPlusWhatIsAlwaysSent() {
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.PARAMETER_REQUEST_LIST,
                    new byte[] {3, 6, (byte) 200})).build();
            DhcpMessage m = decode(send(req).orElseThrow());
            assertThat(m.options().options()).extracting(DhcpOption::code).containsExactly(53, 54, 51, 58, 59, 1, 26, 3, 6);
        }

        @Test
        void withRapidCommitIsAckedWithOption80AndBound() {
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.RAPID_COMMIT, new byte[0])).build();
            Reply r = send(req).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(decode(r).options().contains(DhcpOption.RAPID_COMMIT)).isTrue();
            assertThat(leases).extracting(Lease::state).containsExactly(LeaseState.BOUND);
        }

        @Test
        void clientIdentifierIsEchoedPerRfc6842() {
            byte[] id = {(byte) 255, 0, 0x12, 0x34, 0x56, 0, 1, 0, 1, 9, 9, 9, 9};
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.CLIENT_ID, id)).build();
            assertThat(decode(send(req).orElseThrow()).options().raw(DhcpOption.CLIENT_ID)).hasValueSatisfying(v -> assertThat(v).isEqualTo(id));
            assertThat(leases.get(0).clientId()).isEqualTo(id);
        }
    }

    @Nested
    class RequestStates {
        @Test
        void selectingOurServerIsAcked() {
            Reply r = send(request(DhcpMessageType.REQUEST, selecting(SERVER_IP, CLIENT_IP)).build()).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(decode(r).yiaddr()).isEqualTo(CLIENT_IP);
            assertThat(leases).singleElement().satisfies(l -> {
                assertThat(l.state()).isEqualTo(LeaseState.BOUND);
                assertThat(l.expiresAtMillis()).isEqualTo(clock.millis() + 86_400_000L);
            });
        }

        @Test
        void selectingAnotherServerIsDroppedSilently() {
            assertThat(send(request(DhcpMessageType.REQUEST, selecting(Ipv4Address.parse("20.20.20.3"), CLIENT_IP)).build())).isEmpty();
            assertThat(leases).isEmpty();
        }

        @Test
        void selectingOurServerForAnotherAddressIsNaked() {
            Reply r = send(request(DhcpMessageType.REQUEST, selecting(SERVER_IP, OTHER_IP)).build()).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.NAK);
        }

        @Test
        void initRebootForTheRightAddressIsAcked() {
            DhcpMessage req = request(DhcpMessageType.REQUEST, opts().put(DhcpOption.REQUESTED_IP, OptionValue.Addresses.of(CLIENT_IP))).build();
            assertThat(send(req).orElseThrow().type()).isEqualTo(DhcpMessageType.ACK);
        }

        @Test
        void initRebootForAWrongAddressIsNakedBroadcastWithoutLeaseFields() {
            DhcpMessage req = request(DhcpMessageType.REQUEST, opts().put(DhcpOption.REQUESTED_IP, OptionValue.Addresses.of(OTHER_IP))).build();
            Reply r = send(req).orElseThrow();
            DhcpMessage m = decode(r);
            assertThat(r.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(m.yiaddr()).isEqualTo(Ipv4Address.ANY);
            assertThat(m.options().contains(DhcpOption.LEASE_TIME)).isFalse();
            assertThat(m.options().get(DhcpOption.SERVER_ID)).contains(OptionValue.Addresses.of(SERVER_IP));
            assertThat(m.options().contains(DhcpOption.MESSAGE)).isTrue();
            assertThat(r.broadcast()).isTrue();
            assertThat(r.destinationIp()).isEqualTo(Ipv4Address.BROADCAST);
            assertThat(r.destinationMac()).isEqualTo(MacAddress.BROADCAST);
            assertThat(leases).isEmpty();
        }

        @Test
        void renewingUnicastIsAckedToCiaddr() {
            DhcpMessage req = request(DhcpMessageType.REQUEST, opts()).ciaddr(CLIENT_IP).build();
            Reply r = send(new PortContext(PORT_KEY, CLIENT_MAC, SERVER_IP), req).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(decode(r).ciaddr()).isEqualTo(CLIENT_IP);
            assertThat(r.destinationIp()).isEqualTo(CLIENT_IP);
            assertThat(r.destinationMac()).isEqualTo(CLIENT_MAC);
            assertThat(r.destinationPort()).isEqualTo(68);
        }

        @Test
        void rebindingWithAnAddressThatIsNoLongerTheirsIsNaked() {
            DhcpMessage req = request(DhcpMessageType.REQUEST, opts()).ciaddr(OTHER_IP).build();
            Reply r = send(req).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(r.destinationIp()).isEqualTo(Ipv4Address.BROADCAST);
        }

        @Test
        void requestWithNothingToIdentifyTheStateIsDropped() {
            assertThat(send(request(DhcpMessageType.REQUEST, opts()).build())).isEmpty();
        }
    }

    @Nested
    class DeclineReleaseInform {
        private DhcpMessage decline() {
            return request(DhcpMessageType.DECLINE, selecting(SERVER_IP, CLIENT_IP)).build();
        }

        @Test
        void declineHoldsTheAddressInConflictUntilTheHoldEnds() {
            assertThat(send(decline())).isEmpty();
            assertThat(responder.inConflict(CLIENT_IP)).isTrue();
            assertThat(leases).extracting(Lease::state).containsExactly(LeaseState.DECLINED);
            assertThat(send(discover())).as("no offer while in conflict").isEmpty();
            Reply nak = send(request(DhcpMessageType.REQUEST, selecting(SERVER_IP, CLIENT_IP)).build()).orElseThrow();
            assertThat(nak.type()).isEqualTo(DhcpMessageType.NAK);
            clock.advance(Duration.ofMinutes(10).toMillis());
            assertThat(responder.inConflict(CLIENT_IP)).isFalse();
            assertThat(send(discover()).orElseThrow().type()).isEqualTo(DhcpMessageType.OFFER);
        }

        @Test
        void declineNakAndSpoofAreReportedAsPortEventsAndRequestsCountedByType() {
            List<PortEventListener.PortEvent> events = new ArrayList<>();
            responder.events(events::add);
            send(discover());
            send(decline());
            send(request(DhcpMessageType.REQUEST, selecting(SERVER_IP, CLIENT_IP)).build()); // NAK: in conflict
            send(PortContext.of(PORT_KEY, MacAddress.parse("52:54:00:00:00:01")), discover()); // spoofed source
            String portId = TestSupport.port().portId();
            assertThat(events).extracting(PortEventListener.PortEvent::kind).containsExactly(
                    PortEventListener.Kind.DECLINE, PortEventListener.Kind.NAK, PortEventListener.Kind.SPOOFED);
            assertThat(events).allSatisfy(e -> assertThat(e.portId()).isEqualTo(portId));
            assertThat(events.get(0).detail()).contains(CLIENT_IP.toString(), CLIENT_MAC.toString(), "600 s");
            assertThat(events.get(1).detail()).contains("held in conflict");
            assertThat(responder.received(DhcpMessageType.DISCOVER)).isEqualTo(2);
            assertThat(responder.received(DhcpMessageType.DECLINE)).isEqualTo(1);
            assertThat(responder.received(DhcpMessageType.REQUEST)).isEqualTo(1);
            assertThat(responder.received(DhcpMessageType.INFORM)).isZero();
        }

        @Test
        void declinesReplayedFromTheJournalAreRestored() {
            responder.restore(List.of(new Lease(LeaseState.DECLINED, CLIENT_MAC, CLIENT_IP, null, "", clock.millis() + 1000)));
            assertThat(send(discover())).isEmpty();
            clock.advance(1000);
            assertThat(send(discover())).isPresent();
        }

        @Test
        void releaseIsRecordedWithoutAnswer() {
            assertThat(send(request(DhcpMessageType.RELEASE, opts().put(DhcpOption.SERVER_ID, OptionValue.Addresses.of(SERVER_IP)))
                    .ciaddr(CLIENT_IP).build())).isEmpty();
            assertThat(leases).singleElement().satisfies(l -> {
                assertThat(l.state()).isEqualTo(LeaseState.RELEASED);
                assertThat(l.expiresAtMillis()).isEqualTo(clock.millis());
            });
        }

        @Test
        void releaseOfAnotherAddressIsIgnored() {
            assertThat(send(request(DhcpMessageType.RELEASE, opts()).ciaddr(OTHER_IP).build())).isEmpty();
            assertThat(leases).isEmpty();
        }

        @Test
        void informIsAckedWithConfigurationButNoLease() {
            Reply r = send(request(DhcpMessageType.INFORM, opts()).ciaddr(CLIENT_IP).build()).orElseThrow();
            DhcpMessage m = decode(r);
            assertThat(r.type()).isEqualTo(DhcpMessageType.ACK);
            assertThat(m.yiaddr()).isEqualTo(Ipv4Address.ANY);
            assertThat(m.options().contains(DhcpOption.LEASE_TIME)).isFalse();
            assertThat(m.options().contains(DhcpOption.ROUTER)).isTrue();
            assertThat(r.destinationIp()).isEqualTo(CLIENT_IP);
            assertThat(leases).isEmpty();
        }
    }

    /** RFC 2131 §4.1, the paragraph on where the server sends its reply. */
    @Nested
    class Addressing {
        @Test
        void giaddrSetGoesToTheRelayOnPort67() {
            Reply r = send(request(DhcpMessageType.DISCOVER, opts()).giaddr(RELAY).flags(DhcpMessage.FLAG_BROADCAST).build()).orElseThrow();
            assertThat(r.destinationIp()).isEqualTo(RELAY);
            assertThat(r.destinationPort()).isEqualTo(67);
            assertThat(r.destinationMac()).isEqualTo(CLIENT_MAC); // the frame's source
            assertThat(r.broadcast()).isFalse();
            assertThat(decode(r).giaddr()).isEqualTo(RELAY);
        }

        @Test
        void nakThroughARelaySetsTheBroadcastBit() {
            DhcpMessage req = request(DhcpMessageType.REQUEST, selecting(SERVER_IP, OTHER_IP)).giaddr(RELAY).build();
            Reply r = send(req).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(r.destinationIp()).isEqualTo(RELAY);
            assertThat(decode(r).broadcastFlag()).isTrue();
        }

        @Test
        void ciaddrSetGoesUnicastToCiaddr() {
            Reply r = send(request(DhcpMessageType.INFORM, opts()).ciaddr(CLIENT_IP).flags(DhcpMessage.FLAG_BROADCAST).build()).orElseThrow();
            assertThat(r.destinationIp()).isEqualTo(CLIENT_IP);
            assertThat(r.broadcast()).isFalse();
        }

        @Test
        void broadcastBitGoesToTheLimitedBroadcast() {
            Reply r = send(request(DhcpMessageType.DISCOVER, opts()).flags(DhcpMessage.FLAG_BROADCAST).build()).orElseThrow();
            assertThat(r.destinationIp()).isEqualTo(Ipv4Address.BROADCAST);
            assertThat(r.destinationMac()).isEqualTo(MacAddress.BROADCAST);
            assertThat(r.broadcast()).isTrue();
            assertThat(decode(r).broadcastFlag()).isTrue();
        }

        @Test
        void otherwiseUnicastToYiaddrAndChaddr() {
            Reply r = send(discover()).orElseThrow();
            assertThat(r.destinationIp()).isEqualTo(CLIENT_IP);
            assertThat(r.destinationMac()).isEqualTo(CLIENT_MAC);
            assertThat(r.destinationPort()).isEqualTo(68);
            assertThat(r.broadcast()).isFalse();
        }

        @Test
        void nakWithoutRelayIsBroadcastEvenToARenewingClient() {
            Reply r = send(request(DhcpMessageType.REQUEST, opts()).ciaddr(OTHER_IP).build()).orElseThrow();
            assertThat(r.destinationIp()).isEqualTo(Ipv4Address.BROADCAST);
            assertThat(r.broadcast()).isTrue();
        }
    }

    @Nested
    class Guards {
        @Test
        void frameFromAnotherMacIsDropped() {
            assertThat(send(PortContext.of(PORT_KEY, MacAddress.parse("52:54:00:00:00:01")), discover())).isEmpty();
            assertThat(responder.counters().spoofed()).isEqualTo(1);
        }

        @Test
        void chaddrOfAnotherMacIsDropped() {
            DhcpMessage m = discover().toBuilder().clientMac(MacAddress.parse("52:54:00:00:00:01")).build();
            assertThat(send(m)).isEmpty();
        }

        @Test
        void allowedAddressPairMacIsAnsweredOnlyWhenConfigured() {
            MacAddress pairMac = MacAddress.parse("52:54:00:aa:bb:cc");
            Bindings withPair = Bindings.builder().put(PORT_KEY, TestSupport.port().withAllowedAddressPairs(
                    List.of(new AllowedAddressPair(pairMac, Ipv4Cidr.parse("20.20.20.50/32"))))).build();
            DhcpMessage m = discover().toBuilder().clientMac(pairMac).build();
            responder.bindings(withPair);
            assertThat(send(PortContext.of(PORT_KEY, pairMac), m)).isEmpty();
            responder = responder(DhcpResponderConfig.builder().clock(clock).allowAddressPairMacs(true));
            responder.bindings(withPair);
            assertThat(send(PortContext.of(PORT_KEY, pairMac), m)).isPresent();
        }

        @Test
        void unknownPortIsIgnoredByDefault() {
            assertThat(send(PortContext.of(99, CLIENT_MAC), discover())).isEmpty();
            assertThat(responder.counters().unknownClients()).isEqualTo(1);
        }

        @Test
        void unknownPortRequestIsNakedWhenConfigured() {
            responder = responder(DhcpResponderConfig.builder().clock(clock).nakUnknownClients(SERVER_IP, SERVER_MAC));
            Reply r = send(PortContext.of(99, CLIENT_MAC), request(DhcpMessageType.REQUEST, selecting(SERVER_IP, CLIENT_IP)).build()).orElseThrow();
            assertThat(r.type()).isEqualTo(DhcpMessageType.NAK);
            assertThat(decode(r).options().get(DhcpOption.SERVER_ID)).contains(OptionValue.Addresses.of(SERVER_IP));
            assertThat(send(PortContext.of(99, CLIENT_MAC), discover())).as("no NAK for a DISCOVER").isEmpty();
        }

        @Test
        void perPortRateLimitRefillsWithTime() {
            responder = responder(DhcpResponderConfig.builder().clock(clock).perPortRate(1, 3));
            for (int i = 0; i < 3; i++) {
                assertThat(send(discover())).isPresent();
            }
            assertThat(send(discover())).isEmpty();
            assertThat(responder.counters().rateLimited()).isEqualTo(1);
            clock.advance(1000);
            assertThat(send(discover())).isPresent();
            assertThat(send(discover())).isEmpty();
        }

        @Test
        void globalRateLimitCoversAllPorts() {
            responder = responder(DhcpResponderConfig.builder().clock(clock).globalRate(1, 2));
            assertThat(send(discover())).isPresent();
            assertThat(send(PortContext.of(99, CLIENT_MAC), discover())).isEmpty();
            assertThat(send(discover())).as("the unknown port's message spent the second token").isEmpty();
        }

        @Test
        void messagesOverTheDecoderLimitAreDropped() {
            responder = responder(DhcpResponderConfig.builder().clock(clock).maxMessageBytes(300));
            DhcpMessage big = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.valueOf(224), new byte[200])).build();
            assertThat(send(big)).isEmpty();
            assertThat(responder.counters().decodeErrors()).isEqualTo(1);
        }

        @Test
        void bootpRepliesAndMessagesWithoutTypeAreDropped() {
            assertThat(send(discover().toBuilder().op(DhcpMessage.BOOTREPLY).build())).isEmpty();
            assertThat(send(DhcpMessage.builder().clientMac(CLIENT_MAC).build())).isEmpty();
        }
    }

    @Nested
    class BindingChanges {
        @Test
        void aNewAddressTakesEffectOnTheNextPacket() {
            assertThat(send(request(DhcpMessageType.REQUEST, opts()).ciaddr(CLIENT_IP).build()).orElseThrow().type())
                    .isEqualTo(DhcpMessageType.ACK);
            Ipv4Address moved = Ipv4Address.parse("20.20.20.5");
            responder.bindings(responder.bindings().with(PORT_KEY, TestSupport.port().withIp(moved)));
            assertThat(send(request(DhcpMessageType.REQUEST, opts()).ciaddr(CLIENT_IP).build()).orElseThrow().type())
                    .isEqualTo(DhcpMessageType.NAK);
            assertThat(decode(send(discover()).orElseThrow()).yiaddr()).isEqualTo(moved);
        }

        @Test
        void aRemovedPortIsNoLongerAnswered() {
            assertThat(send(discover())).isPresent();
            responder.bindings(responder.bindings().without(PORT_KEY));
            assertThat(send(discover())).isEmpty();
        }
    }

    @Nested
    class Options {
        private Reply sendWith(Bindings b, DhcpMessage m) {
            responder.bindings(b);
            return send(m).orElseThrow();
        }

        @Test
        void hostRoutesAreSentAs121And249WithTheDefaultRouteAdded() {
            Subnet s = Subnet.builder("s", Ipv4Cidr.parse("20.20.20.0/24")).gateway(TestSupport.GATEWAY)
                    .hostRoutes(List.of(ClasslessRoute.of("10.0.0.0/8", "20.20.20.254"))).server(SERVER_IP, SERVER_MAC).build();
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {121, (byte) 249, 3})).build();
            DhcpMessage m = decode(sendWith(Bindings.builder().put(PORT_KEY, PortBinding.of("p", CLIENT_MAC, CLIENT_IP, s)).build(), req));
            OptionValue expected = new OptionValue.ClasslessRoutes(List.of(ClasslessRoute.of("10.0.0.0/8", "20.20.20.254"),
                    ClasslessRoute.of("0.0.0.0/0", "20.20.20.1")));
            assertThat(m.options().get(DhcpOption.CLASSLESS_STATIC_ROUTE)).contains(expected);
            assertThat(m.options().get(DhcpOption.MS_CLASSLESS_STATIC_ROUTE)).contains(expected);
        }

        @Test
        void extraDhcpOptsOverrideAndAdd() {
            PortBinding p = TestSupport.port().withExtraOptions(List.of(new ExtraDhcpOption("bootfile-name", "pxelinux.0"),
                    new ExtraDhcpOption("tftp-server", "20.20.20.9"), new ExtraDhcpOption("server-ip-address", "20.20.20.9"),
                    new ExtraDhcpOption("mtu", "9000"), new ExtraDhcpOption("router", "20.20.20.254"),
                    new ExtraDhcpOption("dns-server", "1.1.1.1,9.9.9.9"), new ExtraDhcpOption("42", "20.20.20.3"),
                    new ExtraDhcpOption("lease-time", "600")));
            DhcpMessage m = decode(sendWith(Bindings.builder().put(PORT_KEY, p).build(), discover()));
            assertThat(m.options().get(DhcpOption.BOOTFILE_NAME)).contains(new OptionValue.Text("pxelinux.0"));
            assertThat(new String(m.file(), 0, 10, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("pxelinux.0");
            assertThat(m.options().get(DhcpOption.TFTP_SERVER)).contains(new OptionValue.Text("20.20.20.9"));
            assertThat(m.siaddr()).isEqualTo(Ipv4Address.parse("20.20.20.9"));
            assertThat(m.options().get(DhcpOption.MTU)).contains(new OptionValue.Unsigned(9000, 2));
            assertThat(m.options().get(DhcpOption.ROUTER)).contains(OptionValue.Addresses.of(Ipv4Address.parse("20.20.20.254")));
            assertThat(m.options().get(DhcpOption.DNS_SERVER)).contains(OptionValue.Addresses.of(Ipv4Address.parse("1.1.1.1"), Ipv4Address.parse("9.9.9.9")));
            assertThat(m.options().get(DhcpOption.NTP_SERVER)).contains(OptionValue.Addresses.of(Ipv4Address.parse("20.20.20.3")));
            assertThat(m.options().get(DhcpOption.LEASE_TIME)).contains(new OptionValue.Unsigned(600, 4));
            assertThat(m.options().get(DhcpOption.RENEWAL_TIME)).contains(new OptionValue.Unsigned(300, 4));
        }

        @Test
        void badExtraOptionIsRejectedNamingThePortsOption() {
            PortBinding p = TestSupport.port().withExtraOptions(List.of(new ExtraDhcpOption("router", "not-an-ip")));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Bindings.builder().put(PORT_KEY, p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("router").hasMessageContaining("not-an-ip");
        }

        @Test
        void relayAgentInformationIsEchoedVerbatimAsTheLastOption() throws Exception {
            byte[] agent = {1, 3, 'p', 'o', 'r', 2, 2, 7, 7};
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.RELAY_AGENT_INFORMATION, agent)).giaddr(RELAY).build();
            Reply r = send(req).orElseThrow();
            DhcpMessage m = decode(r);
            List<DhcpOption> order = m.options().options();
            assertThat(order.get(order.size() - 1)).isEqualTo(DhcpOption.RELAY_AGENT_INFORMATION);
            assertThat(m.options().raw(DhcpOption.RELAY_AGENT_INFORMATION)).hasValueSatisfying(v -> assertThat(v).isEqualTo(agent));
        }

        @Test
        void repliesFitTheClientsMaximumMessageSizeWhichCountsIpAndUdpHeaders() {
            // Many long search domains: more than 576 bytes' worth of options.
            List<String> domains = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                domains.add("a-rather-long-search-domain-number-" + i + ".example" + i + ".org");
            }
            Subnet s = Subnet.builder("s", Ipv4Cidr.parse("20.20.20.0/24")).searchDomains(domains).mtu(9000)
                    .server(SERVER_IP, SERVER_MAC).build();
            Bindings b = Bindings.builder().put(PORT_KEY, PortBinding.of("p", CLIENT_MAC, CLIENT_IP, s)).build();
            byte[] agent = {1, 4, 'e', 't', 'h', '0'};

            DhcpMessage small = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.MAX_MESSAGE_SIZE, new byte[] {1, 0})
                    .put(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1, 119, 15}).put(DhcpOption.RELAY_AGENT_INFORMATION, agent)).build();
            Reply r = sendWith(b, small);
            assertThat(r.payload().remaining()).as("57 below 576 counts as 576, minus 28 of IP and UDP").isLessThanOrEqualTo(548);
            DhcpMessage m = decode(r);
            assertThat(m.options().contains(DhcpOption.DOMAIN_SEARCH)).as("too long for 548 bytes: left out").isFalse();
            assertThat(m.options().contains(DhcpOption.DOMAIN_NAME)).isTrue();
            assertThat(m.options().contains(DhcpOption.RELAY_AGENT_INFORMATION)).as("82 space is reserved").isTrue();

            DhcpMessage large = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.MAX_MESSAGE_SIZE, new byte[] {5, (byte) 0xdc})
                    .put(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1, 119, 15})).build();
            Reply big = sendWith(b, large);
            assertThat(big.payload().remaining()).isGreaterThan(548).isLessThanOrEqualTo(1500 - 28);
            assertThat(decode(big).options().get(DhcpOption.DOMAIN_SEARCH)).contains(new OptionValue.DomainList(domains));
        }

        @Test
        void repliesArePaddedToTheBootpMinimum() {
            DhcpMessage req = request(DhcpMessageType.DISCOVER, opts().put(DhcpOption.PARAMETER_REQUEST_LIST, new byte[] {1})).build();
            assertThat(send(req).orElseThrow().payload().remaining()).isEqualTo(300);
        }
    }
}
