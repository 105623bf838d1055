package org.vifd.agent.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vifd.agent.intent.ExtraDhcpOpt;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.HostRoute;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.openflow.packet.MacAddress;

/**
 * The incremental update against the full build: after any sequence of random edits to a random intent and its
 * wired ports, the updater's snapshot, problems and keys equal those of a full build started from the same keys.
 */
class DhcpBindingsUpdaterTest {

    /** A random intent to edit: 3 networks, 5 subnets, 30 ports, about 2/3 of them wired. */
    static final class Model {
        final Random rnd;
        final List<Network> networks = new ArrayList<>();
        final List<Subnet> subnets = new ArrayList<>();
        final List<Port> ports = new ArrayList<>();
        final Map<String, Long> wired = new HashMap<>();
        /** What the edits since {@link #takeDelta} touched, as a source would report it (not found by a diff). */
        final Set<String> touchedNetworks = new HashSet<>();
        final Set<String> touchedSubnets = new HashSet<>();
        final Set<String> touchedPorts = new HashSet<>();
        final Set<String> rewired = new HashSet<>();
        int nextPort;

        Model(long seed) {
            rnd = new Random(seed);
            for (int n = 0; n < 3; n++) {
                networks.add(network("net" + n));
            }
            for (int s = 0; s < 5; s++) {
                subnets.add(subnet("sub" + s, "net" + rnd.nextInt(3), s));
            }
            for (int p = 0; p < 30; p++) {
                addPort();
            }
        }

        Network network(String id) {
            int[] mtus = {0, 1400, 1500, 9000};
            return new Network(id, id, NetworkType.FLAT, "physnet1", 0, mtus[rnd.nextInt(mtus.length)], true);
        }

        Subnet subnet(String id, String net, int index) {
            boolean v6 = rnd.nextInt(8) == 0;
            IpPrefix cidr = v6 ? IpPrefix.parse("fd00:" + index + "::/64") : IpPrefix.parse("10." + index + ".0.0/24");
            Optional<InetAddress> gw = rnd.nextInt(4) == 0 ? Optional.empty()
                    : Optional.of(addr(v6 ? "fd00:" + index + "::1" : "10." + index + ".0.1"));
            List<InetAddress> dns = rnd.nextBoolean() ? List.of(addr("8.8.8.8")) : List.of(addr("1.1.1.1"),
                    addr("9.9.9.9"));
            List<HostRoute> routes = rnd.nextBoolean() || v6 ? List.of()
                    : List.of(new HostRoute(IpPrefix.parse("172.16." + rnd.nextInt(4) + ".0/24"),
                    addr("10." + index + ".0.254")));
            return new Subnet(id, net, cidr, gw, dns, routes, rnd.nextInt(5) != 0, v6 ? 6 : 4);
        }

        Port port(String id, String net) {
            List<FixedIp> fixed = new ArrayList<>();
            for (Subnet s : subnets) {
                if (s.networkId().equals(net) && rnd.nextInt(3) != 0) {
                    int index = Integer.parseInt(s.id().substring(3));
                    fixed.add(new FixedIp(s.id(), addr(s.ipVersion() == 6 ? "fd00:" + index + "::" + (10 + rnd.nextInt(200))
                            : "10." + index + ".0." + (2 + rnd.nextInt(250)))));
                }
            }
            String[] owners = {"compute:nova", "compute:nova", "compute:nova", "network:dhcp", "network:router_interface"};
            List<ExtraDhcpOpt> extra = switch (rnd.nextInt(6)) {
                case 0 -> List.of(new ExtraDhcpOpt("mtu", "1300", 4));
                case 1 -> List.of(new ExtraDhcpOpt("mtu", "not-a-number", 4)); // a problem of this port
                case 2 -> List.of(new ExtraDhcpOpt("53", "1", 4)); // cannot be set per port
                default -> List.of();
            };
            return new Port(id, net, new MacAddress(0xfa163e000000L + rnd.nextInt(1 << 16)), fixed,
                    rnd.nextInt(8) != 0, true, List.of(), extra, owners[rnd.nextInt(owners.length)]);
        }

        void addPort() {
            String id = "p" + nextPort++;
            ports.add(port(id, "net" + rnd.nextInt(3)));
            touchedPorts.add(id);
            if (rnd.nextInt(3) != 0) {
                wired.put(id, 1L + rnd.nextInt(40));
                rewired.add(id);
            }
        }

        /** The delta of the edits since the last call. */
        IntentDelta takeDelta() {
            IntentDelta d = new IntentDelta(touchedNetworks, touchedSubnets, touchedPorts);
            touchedNetworks.clear();
            touchedSubnets.clear();
            touchedPorts.clear();
            return d;
        }

        /** The port ids re-wired since the last call. */
        Set<String> takeRewired() {
            Set<String> r = Set.copyOf(rewired);
            rewired.clear();
            return r;
        }

        /** One random edit, as an operator or Nova would make it. */
        void edit() {
            if (ports.isEmpty()) {
                addPort();
            }
            int i;
            switch (rnd.nextInt(11)) {
                case 0, 1 -> { // a port's address, options, owner... re-drawn (the usual: one port changes)
                    i = rnd.nextInt(ports.size());
                    ports.set(i, port(ports.get(i).id(), ports.get(i).networkId()));
                    touchedPorts.add(ports.get(i).id());
                }
                case 2 -> addPort();
                case 3 -> {
                    if (!ports.isEmpty()) {
                        touchedPorts.add(ports.remove(rnd.nextInt(ports.size())).id());
                    }
                }
                case 4 -> { // plugged, re-plugged or unplugged
                    String id = "p" + rnd.nextInt(nextPort);
                    rewired.add(id);
                    if (rnd.nextInt(3) == 0) {
                        wired.remove(id);
                    } else {
                        wired.put(id, rnd.nextInt(4) == 0 ? -1L : 1L + rnd.nextInt(40));
                    }
                }
                case 5 -> { // a network's MTU
                    if (networks.isEmpty()) {
                        return;
                    }
                    i = rnd.nextInt(networks.size());
                    networks.set(i, network(networks.get(i).id()));
                    touchedNetworks.add(networks.get(i).id());
                }
                case 6, 7 -> { // a subnet's gateway, DNS, routes, enable_dhcp
                    if (subnets.isEmpty()) {
                        return;
                    }
                    i = rnd.nextInt(subnets.size());
                    Subnet s = subnets.get(i);
                    Subnet redrawn = subnet(s.id(), s.networkId(), Integer.parseInt(s.id().substring(3)));
                    // Keep the version and prefix: the ports' fixed IPs must stay inside the subnet.
                    subnets.set(i, new Subnet(s.id(), s.networkId(), s.cidr(), s.ipVersion() == 4
                            ? redrawn.gatewayIp().filter(a -> a.getAddress().length == 4) : s.gatewayIp(),
                            redrawn.dnsNameservers(), s.ipVersion() == 4 ? redrawn.hostRoutes() : List.of(),
                            redrawn.enableDhcp(), s.ipVersion()));
                    touchedSubnets.add(s.id());
                }
                case 8 -> { // a DHCP port comes or goes: the server identity of its network's subnets changes
                    i = rnd.nextInt(ports.size());
                    Port p = ports.get(i);
                    ports.set(i, new Port(p.id(), p.networkId(), p.macAddress(), p.fixedIps(), p.adminStateUp(),
                            p.portSecurityEnabled(), p.allowedAddressPairs(), p.extraDhcpOpts(),
                            p.deviceOwner().equals("network:dhcp") ? "compute:nova" : "network:dhcp"));
                    touchedPorts.add(p.id());
                }
                case 9 -> { // a network goes with its subnets and ports, or comes back
                    String id = "net" + rnd.nextInt(3);
                    touchedNetworks.add(id);
                    if (networks.removeIf(n -> n.id().equals(id))) {
                        subnets.stream().filter(s -> s.networkId().equals(id)).forEach(s -> touchedSubnets.add(s.id()));
                        ports.stream().filter(p -> p.networkId().equals(id)).forEach(p -> touchedPorts.add(p.id()));
                        subnets.removeIf(s -> s.networkId().equals(id));
                        ports.removeIf(p -> p.networkId().equals(id));
                    } else {
                        networks.add(network(id));
                    }
                }
                default -> { // several changes in one intent
                    edit();
                    edit();
                }
            }
        }

        Intent intent() {
            return new Intent(networks, subnets, ports);
        }

        static InetAddress addr(String text) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The updater under test with its keys and settings, as both properties set it up from the seed. */
    record Subject(DhcpSettings settings, DhcpPortKeys keys, DhcpBindingsUpdater updater) {
        static Subject of(long seed) {
            DhcpSettings settings = DhcpSettings.DEFAULTS.withMetadataRoute(seed % 2 == 0);
            DhcpPortKeys keys = new DhcpPortKeys();
            return new Subject(settings, keys, new DhcpBindingsUpdater(keys, settings));
        }

        /**
         * One incremental update of the updater to this intent and wiring: it gives what a full build from the keys
         * before it gives, leaves the keys alone, and touches exactly the keys whose port differs from the previous
         * snapshot.
         */
        void assertUpdateIsAFullBuild(Intent intent, Map<String, Long> wired,
                                      Function<DhcpBindingsUpdater, DhcpBindingsBuilder.Result> update) {
            DhcpPortKeys before = keys.copy();
            DhcpSnapshot previous = updater.snapshot();
            DhcpBindingsBuilder.Result incremental = update.apply(updater);
            DhcpBindingsBuilder.Result full = DhcpBindingsBuilder.build(intent, wired, before, settings);

            assertThat(incremental.full()).isFalse();
            assertThat(incremental.snapshot()).isEqualTo(full.snapshot());
            assertThat(incremental.snapshot().bindings().asMap()).isEqualTo(full.snapshot().bindings().asMap());
            assertThat(incremental.problems()).isEqualTo(full.problems());
            assertThat(keys).isEqualTo(before);
            for (int k = 1; k <= 64; k++) {
                boolean differs = !Objects.equals(previous.port(k), incremental.snapshot().port(k));
                assertThat(incremental.touchedKeys().contains(k)).as("key %d touched", k).isEqualTo(differs);
            }
        }
    }

    @Property(tries = 300)
    void anyEditsGiveTheSnapshotAFullBuildGives(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int edits) {
        Model m = new Model(seed);
        Subject s = Subject.of(seed);
        DhcpBindingsBuilder.Result first = s.updater().update(m.intent(), Map.copyOf(m.wired));
        assertThat(first.full()).isTrue();
        for (int e = 0; e < edits; e++) {
            m.edit();
            Intent intent = m.intent();
            Map<String, Long> wired = Map.copyOf(m.wired);
            s.assertUpdateIsAFullBuild(intent, wired, u -> u.update(intent, wired));
        }
    }

    /**
     * The same with what changed handed over, as the agent does (the delta each edit reports, not a diff), several
     * edits sometimes accumulated in one delta (the DHCP side waits while a flow batch is in flight).
     */
    @Property(tries = 300)
    void anyEditsHandedOverAsDeltasGiveTheSnapshotAFullBuildGives(@ForAll long seed,
                                                                 @ForAll @IntRange(min = 1, max = 12) int edits) {
        Model m = new Model(seed);
        Subject s = Subject.of(seed);
        m.takeDelta();
        m.takeRewired();
        Map<String, Long> firstWired = Map.copyOf(m.wired);
        DhcpBindingsBuilder.Result first = s.updater().update(m.intent(), IntentDelta.NONE, firstWired.keySet(),
                firstWired::get);
        assertThat(first.full()).isTrue();
        assertThat(first.snapshot()).isEqualTo(
                DhcpBindingsBuilder.build(m.intent(), firstWired, new DhcpPortKeys(), s.settings()).snapshot());
        for (int e = 0; e < edits; e++) {
            m.edit();
            if (m.rnd.nextInt(4) == 0) {
                m.edit(); // two edits, one hand-over
            }
            Intent intent = m.intent();
            Map<String, Long> wired = Map.copyOf(m.wired);
            s.assertUpdateIsAFullBuild(intent, wired, u -> u.update(intent, m.takeDelta(), m.takeRewired(), wired::get));
        }
    }

    /** 10,000 VM ports and a DHCP port on one /16 subnet; {@code vm7} at {@code vm7Address}. */
    static Intent tenThousand(String vm7Address) {
        Network net = new Network("net1", "n1", NetworkType.FLAT, "physnet1", 0, 1400, true);
        Subnet sub = new Subnet("sub1", "net1", IpPrefix.parse("10.0.0.0/16"), Optional.of(Model.addr("10.0.0.1")),
                List.of(Model.addr("8.8.8.8")), List.of(), true, 4);
        List<Port> ports = new ArrayList<>();
        ports.add(new Port("dhcp-port", "net1", new MacAddress(0xfa163e000002L),
                List.of(new FixedIp("sub1", Model.addr("10.0.0.2"))), true, true, List.of(), List.of(),
                "network:dhcp"));
        for (int i = 0; i < 10_000; i++) {
            String ip = i == 7 ? vm7Address : "10.0." + (1 + i / 250) + "." + (1 + i % 250);
            ports.add(new Port("vm" + i, "net1", new MacAddress(0xfa163e100000L + i),
                    List.of(new FixedIp("sub1", Model.addr(ip))), true, true, List.of(), List.of(), "compute:nova"));
        }
        return new Intent(List.of(net), List.of(sub), ports);
    }

    /** The ports of {@link #tenThousand}, each wired: {@code vmN} at ofport 10 + N. */
    static Map<String, Long> tenThousandWired() {
        Map<String, Long> wired = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            wired.put("vm" + i, 10L + i);
        }
        return wired;
    }

    @Test
    void aOnePortChangeToTenThousandPortsSharesEveryOtherCompiledBinding() {
        Map<String, Long> wired = tenThousandWired();
        DhcpBindingsUpdater updater = new DhcpBindingsUpdater(new DhcpPortKeys(), DhcpSettings.DEFAULTS);
        DhcpSnapshot before = updater.update(tenThousand("10.0.1.8"), wired).snapshot();
        int key = before.ports().stream().filter(p -> p.portId().equals("vm7")).findFirst().orElseThrow().portKey();

        DhcpBindingsBuilder.Result r = updater.update(tenThousand("10.0.200.200"), wired);

        assertThat(r.touchedKeys()).containsExactly(key);
        assertThat(r.snapshot().port(key).binding().ip()).isEqualTo(Ipv4Address.parse("10.0.200.200"));
        assertThat(r.snapshot().bindings().get(key).orElseThrow().ip()).isEqualTo(Ipv4Address.parse("10.0.200.200"));
        assertThat(before.port(key).binding().ip()).isEqualTo(Ipv4Address.parse("10.0.1.8"));
        for (DhcpPort p : before.ports()) {
            if (p.portKey() != key) {
                assertThat(r.snapshot().port(p.portKey())).isSameAs(p);
                assertThat(r.snapshot().output(p.portKey())).isSameAs(before.output(p.portKey()));
            }
        }
        assertThat(r.snapshot().size()).isEqualTo(10_000);
    }

    @Test
    void aOnePortDeltaToTenThousandPortsAsksForNothingElse() {
        Map<String, Long> wired = tenThousandWired();
        DhcpBindingsUpdater updater = new DhcpBindingsUpdater(new DhcpPortKeys(), DhcpSettings.DEFAULTS);
        Intent intent = tenThousand("10.0.1.8");
        DhcpSnapshot before = updater.update(intent, IntentDelta.NONE, wired.keySet(), wired::get).snapshot();
        Set<String> asked = new HashSet<>();
        // vm7 gets a new address and vm9 is re-plugged at another ofport: only they are looked at.
        DhcpBindingsBuilder.Result r = updater.update(tenThousand("10.0.200.200"), IntentDelta.ofPorts(Set.of("vm7")),
                Set.of("vm9"), id -> {
                    asked.add(id);
                    return 99_999L;
                });

        assertThat(asked).containsExactly("vm9");
        assertThat(r.touchedKeys()).hasSize(2);
        DhcpPort vm7 = r.snapshot().ports().stream().filter(p -> p.portId().equals("vm7")).findFirst().orElseThrow();
        DhcpPort vm9 = r.snapshot().ports().stream().filter(p -> p.portId().equals("vm9")).findFirst().orElseThrow();
        assertThat(vm7.binding().ip()).isEqualTo(Ipv4Address.parse("10.0.200.200"));
        assertThat(vm9.ofport()).isEqualTo(99_999L);
        assertThat(r.snapshot().size()).isEqualTo(before.size());
    }

    @Test
    void aSubnetChangeRebuildsItsPortsAndALeaseTimeStaysTheSettings() {
        IntentFixture f = new IntentFixture().port("vm1", "fa:16:3e:00:01:04", "20.20.20.4")
                .port("vm2", "fa:16:3e:00:01:05", "20.20.20.5");
        DhcpBindingsUpdater updater = new DhcpBindingsUpdater(new DhcpPortKeys(), DhcpSettings.DEFAULTS);
        updater.update(f.intent(), Map.of("vm1", 3L, "vm2", 4L));
        // The DHCP port goes: the gateway becomes the server identifier of both ports.
        DhcpBindingsBuilder.Result r = updater.update(f.withoutDhcpPort().intent(), Map.of("vm1", 3L, "vm2", 4L));
        assertThat(r.touchedKeys()).hasSize(2);
        assertThat(r.snapshot().ports()).allSatisfy(p -> {
            assertThat(p.serverIp()).isEqualTo(Ipv4Address.parse(IntentFixture.GATEWAY));
            assertThat(p.arpResponder()).isFalse();
            assertThat(p.binding().subnet().leaseTime()).isEqualTo(Duration.ofDays(1));
        });
    }
}
