package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IntentDelta;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

/**
 * The mapper with a {@link OvnNbMapper.Memo}, as the source runs it: rows are replaced copy-on-write as a replica
 * does (an unchanged row stays the same object). After every edit the result must equal a mapping without memo, the
 * delta of the shared intents must equal the delta of two unshared ones, and every record the delta does not name
 * must be the same object as before (what makes the diff a pointer test).
 */
class OvnNbMapperMemoTest {
    private static final String SUBNET_A = "5d0c1b6a-0000-4000-8000-0000000000aa";
    private static final String SUBNET_B = "5d0c1b6a-0000-4000-8000-0000000000bb";

    /** A small Neutron-shaped world: two provider networks, a subnet-wide and per-port DHCP_Options rows. */
    private static final class World {
        final NbRows nb = new NbRows();
        final Uuid net1;
        final Uuid net2;
        final Uuid ln1;
        final Uuid dhcpA;
        final Uuid dhcpB;
        final Uuid dhcpPortRow;
        final List<Uuid> vms = new ArrayList<>();
        final Map<Uuid, Uuid> switchOf = new HashMap<>();
        int nextPort;

        World(int ports) {
            dhcpA = nb.dhcpOptions("10.0.0.0/16", Map.of("server_id", "10.0.0.2", "server_mac", "fa:16:3e:00:00:01",
                    "router", "10.0.0.1", "lease_time", "43200", "dns_server", "{8.8.8.8}"),
                    Map.of("subnet_id", SUBNET_A));
            dhcpB = nb.dhcpOptions("10.1.0.0/16", Map.of("server_id", "10.1.0.1", "server_mac", "fa:16:3e:00:00:02",
                    "router", "10.1.0.1"), Map.of("subnet_id", SUBNET_B));
            dhcpPortRow = nb.dhcpOptions("10.0.0.0/16", Map.of("server_id", "10.0.0.2", "server_mac",
                    "fa:16:3e:00:00:01", "router", "10.0.0.1", "bootfile_name", "\"pxe.0\""),
                    Map.of("subnet_id", SUBNET_A, "port_id", "p0"));
            ln1 = nb.localnet("provnet-1", "physnet1", 101L);
            Uuid ln2 = nb.localnet("provnet-2", "physnet1", 102L);
            net1 = nb.lswitch("neutron-net1", Map.of("neutron:network_name", "one", "neutron:mtu", "1500"), ln1);
            net2 = nb.lswitch("neutron-net2", Map.of("neutron:network_name", "two", "neutron:mtu", "1500"), ln2);
            for (int i = 0; i < ports; i++) {
                addPort(i % 3 == 2 ? net2 : net1);
            }
        }

        void addPort(Uuid ls) {
            int i = nextPort++;
            boolean two = ls.equals(net2);
            String ip = (two ? "10.1." : "10.0.") + (i / 250) + "." + (i % 250 + 3);
            Uuid dhcp = two ? dhcpB : (i == 0 ? dhcpPortRow : dhcpA);
            Uuid u = nb.vmPort("p" + i, mac(i) + " " + ip, mac(i) + " " + ip, null, dhcp,
                    Map.of("neutron:device_owner", "compute:nova"));
            vms.add(u);
            switchOf.put(u, ls);
            setSwitchPorts(ls, +1, u);
        }

        void removePort(Uuid u) {
            nb.ports.remove(u);
            vms.remove(u);
            setSwitchPorts(switchOf.remove(u), -1, u);
        }

        private void setSwitchPorts(Uuid ls, int sign, Uuid port) {
            Row row = nb.switches.get(ls);
            List<Atom> ports = new ArrayList<>(row.set("ports").elements());
            if (sign > 0) {
                ports.add(port);
            } else {
                ports.remove(port);
            }
            set(nb.switches, ls, "ports", OvsSet.of(ports));
        }

        static String mac(int i) {
            return String.format("fa:16:3e:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
        }

        /** Replaces one column of a row: a new row object, as a replica applies an update. */
        static void set(Map<Uuid, Row> table, Uuid u, String column, Value v) {
            table.put(u, table.get(u).with(new Row(Map.of(column, v))));
        }

        static void setOption(Map<Uuid, Row> table, Uuid u, String column, String key, String value) {
            Map<String, String> m = new LinkedHashMap<>(table.get(u).map(column).asStrings());
            m.put(key, value);
            set(table, u, column, OvsMap.ofStrings(m));
        }

        MappingResult map(OvnNbMapper.Memo memo) {
            return OvnNbMapper.map(nb.switches, nb.ports, nb.dhcp, memo);
        }

        MappingResult fresh() {
            return OvnNbMapper.map(nb.switches, nb.ports, nb.dhcp);
        }
    }

    /** Maps with the memo and without, checks they agree, and answers the memo's result. */
    private static final class Checker {
        final World w;
        final OvnNbMapper.Memo memo = new OvnNbMapper.Memo();
        Intent shared;
        Intent unshared;

        Checker(World w) {
            this.w = w;
            shared = w.map(memo).intent();
            unshared = w.fresh().intent();
            assertThat(shared).isEqualTo(unshared);
        }

        IntentDelta step(String what) {
            MappingResult viaMemo = w.map(memo);
            MappingResult full = w.fresh();
            assertThat(viaMemo.intent()).as(what).isEqualTo(full.intent());
            assertThat(viaMemo.problems()).as(what).isEqualTo(full.problems());
            IntentDelta fast = IntentDelta.between(shared, viaMemo.intent());
            IntentDelta slow = IntentDelta.between(unshared, full.intent());
            assertThat(fast).as(what).isEqualTo(slow);
            assertUnnamedAreSameObjects(what, shared, viaMemo.intent(), fast);
            shared = viaMemo.intent();
            unshared = full.intent();
            return fast;
        }

        private static void assertUnnamedAreSameObjects(String what, Intent before, Intent after, IntentDelta d) {
            for (Port p : after.ports()) {
                if (!d.ports().contains(p.id())) {
                    assertThat(p).as(what + ": port " + p.id()).isSameAs(before.port(p.id()).orElseThrow());
                }
            }
            for (Subnet s : after.subnets()) {
                if (!d.subnets().contains(s.id())) {
                    assertThat(s).as(what + ": subnet " + s.id()).isSameAs(before.subnet(s.id()).orElseThrow());
                }
            }
            for (Network n : after.networks()) {
                if (!d.networks().contains(n.id())) {
                    assertThat(n).as(what + ": network " + n.id()).isSameAs(before.network(n.id()).orElseThrow());
                }
            }
        }
    }

    @Test
    void eachKindOfChangeNamesWhatChangedAndSharesTheRest() {
        World w = new World(30);
        Checker c = new Checker(w);
        Uuid p4 = w.vms.get(4);

        assertThat(c.step("nothing changed")).isEqualTo(IntentDelta.NONE);

        World.set(w.nb.ports, p4, "addresses", OvsSet.ofStrings(World.mac(4) + " 10.0.9.9"));
        assertThat(c.step("address change").ports()).containsExactly("p4");

        w.addPort(w.net1);
        assertThat(c.step("port added").ports()).containsExactly("p30");

        w.removePort(w.vms.get(7));
        assertThat(c.step("port removed").ports()).containsExactly("p7");

        World.setOption(w.nb.dhcp, w.dhcpA, "options", "lease_time", "600");
        IntentDelta dhcp = c.step("DHCP option of the subnet-wide row");
        // lease_time is per port (extra_dhcp_opts): every port on dhcpA changes, the subnet does not.
        assertThat(dhcp.ports()).hasSizeGreaterThan(15).doesNotContain("p0", "p2", "p5");
        assertThat(dhcp.subnets()).isEmpty();

        World.setOption(w.nb.dhcp, w.dhcpA, "options", "dns_server", "{1.1.1.1}");
        IntentDelta dns = c.step("DNS server of the subnet");
        assertThat(dns.subnets()).containsExactly(SUBNET_A);
        assertThat(dns.ports()).isEmpty();

        World.setOption(w.nb.switches, w.net1, "external_ids", "neutron:network_name", "renamed");
        IntentDelta renamed = c.step("switch renamed");
        assertThat(renamed.networks()).containsExactly("net1");
        assertThat(renamed.ports()).isEmpty();

        World.set(w.nb.ports, w.ln1, "tag", OvsSet.of(Atom.of(300L)));
        assertThat(c.step("VLAN changed").networks()).containsExactly("net1");

        World.setOption(w.nb.dhcp, w.dhcpPortRow, "options", "bootfile_name", "\"other.0\"");
        assertThat(c.step("per-port DHCP row").ports()).containsExactly("p0");

        World.set(w.nb.ports, p4, "addresses", OvsSet.ofStrings(World.mac(4) + " 192.168.0.1"));
        assertThat(c.step("address outside every cidr").ports()).containsExactly("p4");
        World.set(w.nb.ports, p4, "addresses", OvsSet.ofStrings(World.mac(4) + " 10.0.9.10"));
        assertThat(c.step("and back in").ports()).containsExactly("p4");
    }

    @Property(tries = 60)
    void randomEditsGiveWhatAMappingWithoutMemoGives(@ForAll long seed) {
        Random r = new Random(seed);
        World w = new World(12);
        Checker c = new Checker(w);
        for (int step = 0; step < 25; step++) {
            String what = "seed " + seed + " step " + step;
            Uuid port = w.vms.isEmpty() ? null : w.vms.get(r.nextInt(w.vms.size()));
            switch (r.nextInt(10)) {
                case 0 -> {
                    if (port != null) {
                        String[] ips = {"10.0.5." + r.nextInt(9), "10.1.5." + r.nextInt(9), "172.16.0.1", "bad",
                                "10.0.5.1 10.1.5.1"};
                        World.set(w.nb.ports, port, "addresses", OvsSet.ofStrings(World.mac(r.nextInt(4)) + " "
                                + ips[r.nextInt(ips.length)]));
                    }
                }
                case 1 -> w.addPort(r.nextBoolean() ? w.net1 : w.net2);
                case 2 -> {
                    if (port != null) {
                        w.removePort(port);
                    }
                }
                case 3 -> World.setOption(w.nb.dhcp, r.nextBoolean() ? w.dhcpA : w.dhcpPortRow, "options",
                        "lease_time", String.valueOf(60 + r.nextInt(3)));
                case 4 -> World.setOption(w.nb.dhcp, w.dhcpA, "options", "router", "10.0.0." + (1 + r.nextInt(2)));
                case 5 -> World.setOption(w.nb.switches, r.nextBoolean() ? w.net1 : w.net2, "external_ids",
                        "neutron:network_name", "n" + r.nextInt(3));
                case 6 -> {
                    if (port != null) {
                        Uuid[] rows = {w.dhcpA, w.dhcpB, w.dhcpPortRow};
                        World.set(w.nb.ports, port, "dhcpv4_options", OvsSet.of(rows[r.nextInt(3)]));
                    }
                }
                case 7 -> World.set(w.nb.dhcp, r.nextBoolean() ? w.dhcpA : w.dhcpB, "cidr",
                        Atom.of(r.nextBoolean() ? "10.0.0.0/16" : "10.1.0.0/16"));
                case 8 -> {
                    if (port != null) {
                        World.set(w.nb.ports, port, "external_ids", OvsMap.ofStrings(Map.of("neutron:cidrs",
                                "10.0.5.1/24 172.16.0.1/24", "neutron:device_owner", "compute:nova")));
                    }
                }
                default -> {
                    if (port != null) {
                        World.set(w.nb.ports, port, "enabled", OvsSet.of(Atom.of(r.nextBoolean())));
                    }
                }
            }
            c.step(what);
        }
    }

    @Test
    void tenThousandPortsOneAddressChangeIsOnePortAndTheRestIsShared() {
        World w = new World(10_000);
        Checker c = new Checker(w);
        for (int i = 0; i < 5; i++) {
            Uuid u = w.vms.get(100 + i);
            World.set(w.nb.ports, u, "addresses", OvsSet.ofStrings(World.mac(100 + i) + " 10.0.200." + i));
            assertThat(c.step("change " + i).ports()).isEqualTo(Set.of("p" + (100 + i)));
        }
    }
}
