package org.vifd.agent.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vifd.agent.intent.FixedIp;
import org.vifd.agent.intent.Intent;
import org.vifd.agent.intent.IpPrefix;
import org.vifd.agent.intent.Network;
import org.vifd.agent.intent.NetworkType;
import org.vifd.agent.intent.Port;
import org.vifd.agent.intent.Subnet;
import org.vifd.agent.status.PortStatus;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.replica.Resync;
import org.vifd.ovsdb.replica.RowChange;
import org.vifd.ovsdb.replica.RowListener;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.openflow.packet.MacAddress;
import org.vifd.testkit.Exec;
import org.vifd.testkit.OvsdbCluster;

/**
 * The source against a real 3-member OVN Northbound RAFT cluster populated by the real ovn-nbctl (ovn-central).
 * Networks, ports and DHCP options are created once per test with names of their own, so the tests share the
 * cluster.
 */
class OvnNbIntentSourceSandboxTest {
    private static final Path NB_SCHEMA = Path.of("/usr/share/ovn/ovn-nb.ovsschema");
    private static OvsdbCluster cluster;
    private static Nbctl nbctl;

    @BeforeAll
    static void cluster() {
        Exec.require("ovn-nbctl");
        cluster = OvsdbCluster.create(NB_SCHEMA, 3);
        nbctl = new Nbctl(cluster.remotes());
    }

    @AfterAll
    static void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static OvnNbIntentSource source(String remotes) {
        return OvnNbIntentSource.builder(remotes).reportUp(true).build();
    }

    private static Intent awaitReady(OvnNbIntentSource s) throws Exception {
        return s.ready().get(30, TimeUnit.SECONDS);
    }

    private static Set<String> lspNames(OvnNbIntentSource s) {
        return s.view().table(NbSchema.LOGICAL_SWITCH_PORT).values().stream().map(r -> r.string("name"))
                .collect(Collectors.toSet());
    }

    @Test
    void twoNetworksWrittenByOvnNbctlBecomeTheIntent() throws Exception {
        String d1 = nbctl.network("a1", "private-a", "physnet1", 101, "10.1.0.0/24", "sub-a1", "10.1.0.1", "10.1.0.1");
        String d2 = nbctl.network("a2", "flat-a", "physnet2", null, "10.2.0.0/24", "sub-a2", "10.2.0.1", "10.2.0.2");
        nbctl.vmPort("a1", "a-vm1", "fa:16:3e:0a:00:01", "10.1.0.11", d1);
        nbctl.vmPort("a2", "a-vm2", "fa:16:3e:0a:00:02", "10.2.0.12", d2);
        nbctl.run("lsp-set-enabled", "a-vm2", "disabled");

        try (OvnNbIntentSource s = source(cluster.remotes())) {
            s.start();
            s.setLocalPorts(Set.of("a-vm1", "a-vm2"));
            Intent i = awaitReady(s);

            assertThat(i.networks()).containsExactly(
                    new Network("a1", "private-a", NetworkType.VLAN, "physnet1", 101, 1450, true),
                    new Network("a2", "flat-a", NetworkType.FLAT, "physnet2", 0, 1450, true));
            Subnet a1 = i.subnet("sub-a1").orElseThrow();
            assertThat(a1.cidr()).isEqualTo(IpPrefix.parse("10.1.0.0/24"));
            assertThat(a1.gatewayIp()).contains(InetAddress.getByName("10.1.0.1"));
            assertThat(a1.dnsNameservers()).containsExactly(InetAddress.getByName("8.8.8.8"));
            assertThat(a1.enableDhcp()).isTrue();
            assertThat(i.subnet("sub-a2").orElseThrow().networkId()).isEqualTo("a2");

            Port vm1 = i.port("a-vm1").orElseThrow();
            assertThat(vm1.macAddress()).isEqualTo(MacAddress.parse("fa:16:3e:0a:00:01"));
            assertThat(vm1.fixedIps()).containsExactly(new FixedIp("sub-a1", InetAddress.getByName("10.1.0.11")));
            assertThat(vm1.adminStateUp()).isTrue();
            assertThat(vm1.portSecurityEnabled()).isTrue();
            assertThat(vm1.deviceOwner()).isEqualTo("compute:nova");
            assertThat(vm1.extraDhcpOpts()).extracting(o -> o.optName() + "=" + o.optValue())
                    .containsExactly("domain-name=openstacklocal", "lease-time=43200");
            assertThat(i.port("a-vm2").orElseThrow().adminStateUp()).isFalse();
            assertThat(i.port(OvnNbMapper.DHCP_PORT_PREFIX + "sub-a2")).as("server_id 10.2.0.2 is not the gateway")
                    .hasValueSatisfying(p -> assertThat(p.fixedIps().get(0).ipAddress().getHostAddress())
                            .isEqualTo("10.2.0.2"));
            assertThat(i.port(OvnNbMapper.DHCP_PORT_PREFIX + "sub-a1")).as("server_id is the gateway").isEmpty();

            // A change made with ovn-nbctl arrives as a new intent.
            nbctl.run("lsp-set-addresses", "a-vm1", "fa:16:3e:0a:00:99 10.1.0.99");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(s.current().port("a-vm1").orElseThrow().macAddress())
                            .isEqualTo(MacAddress.parse("fa:16:3e:0a:00:99")));
        }
    }

    @Test
    void anotherHostsPortsNeverReachThisReplica() throws Exception {
        String d = nbctl.network("b1", "shared-b", "physnet1", 102, "10.3.0.0/24", "sub-b1", "10.3.0.1", "10.3.0.1");
        nbctl.vmPort("b1", "b-here", "fa:16:3e:0b:00:01", "10.3.0.11", d);
        nbctl.vmPort("b1", "b-there", "fa:16:3e:0b:00:02", "10.3.0.12", d);
        String d2 = nbctl.network("b2", "other-b", "physnet1", 103, "10.4.0.0/24", "sub-b2", "10.4.0.1", "10.4.0.1");
        nbctl.vmPort("b2", "b-there2", "fa:16:3e:0b:00:03", "10.4.0.13", d2);

        try (OvnNbIntentSource s = source(cluster.remotes())) {
            s.start();
            s.setLocalPorts(Set.of("b-here"));
            Intent i = awaitReady(s);

            assertThat(i.ports()).extracting(Port::id).containsExactly("b-here");
            assertThat(lspNames(s)).contains("b-here").doesNotContain("b-there", "b-there2");
            assertThat(s.view().table(NbSchema.LOGICAL_SWITCH).values()).extracting(r -> r.string("name"))
                    .containsExactly("neutron-b1");
            assertThat(s.view().table(NbSchema.DHCP_OPTIONS)).hasSize(1);

            // Changes to the other host's ports send nothing here: the next update this replica gets is ours.
            long version = s.view().version();
            nbctl.run("lsp-set-addresses", "b-there", "fa:16:3e:0b:00:22 10.3.0.22");
            nbctl.run("lsp-set-addresses", "b-there2", "fa:16:3e:0b:00:33 10.4.0.33");
            nbctl.run("set", "Logical_Switch_Port", "b-there", "up=true");
            nbctl.run("lsp-set-addresses", "b-here", "fa:16:3e:0b:00:11 10.3.0.11");
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("b-here").orElseThrow().macAddress()
                    .equals(MacAddress.parse("fa:16:3e:0b:00:11")));
            assertThat(s.view().version()).as("one update: the change to this host's port").isEqualTo(version + 1);
            assertThat(lspNames(s)).doesNotContain("b-there", "b-there2");

            // A port plugged here later is monitored from then on, and dropped when it goes.
            s.setLocalPorts(Set.of("b-here", "b-there"));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("b-there").isPresent());
            s.setLocalPorts(Set.of("b-here"));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("b-there").isEmpty()
                    && !lspNames(s).contains("b-there"));
        }
    }

    @Test
    void wiredPortsAreReportedUpInTheNorthbound() throws Exception {
        String d = nbctl.network("c1", "net-c", "physnet1", 104, "10.5.0.0/24", "sub-c1", "10.5.0.1", "10.5.0.1");
        nbctl.vmPort("c1", "c-vm", "fa:16:3e:0c:00:01", "10.5.0.11", d);

        try (OvnNbIntentSource s = source(cluster.remotes())) {
            s.start();
            s.setLocalPorts(Set.of("c-vm"));
            awaitReady(s);
            assertThat(nbctl.run("get", "Logical_Switch_Port", "c-vm", "up")).isEqualTo("[]");

            s.statusSink().report(PortStatus.up("c-vm", Instant.now(), "wired"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    nbctl.run("get", "Logical_Switch_Port", "c-vm", "up").equals("true"));
            s.statusSink().report(PortStatus.down("c-vm", Instant.now(), "no ofport"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    nbctl.run("get", "Logical_Switch_Port", "c-vm", "up").equals("false"));
        }
        try (OvnNbIntentSource off = OvnNbIntentSource.builder(cluster.remotes()).reportUp(false).build()) {
            off.start();
            off.setLocalPorts(Set.of("c-vm"));
            awaitReady(off);
            off.statusSink().report(PortStatus.up("c-vm", Instant.now(), "wired"));
            // A marker write made after the report has been applied once the replica shows it; up must be unchanged.
            nbctl.run("set", "Logical_Switch_Port", "c-vm", "external_ids:marker=1");
            await().atMost(Duration.ofSeconds(10)).until(() -> off.view().table(NbSchema.LOGICAL_SWITCH_PORT).values()
                    .stream().anyMatch(r -> "1".equals(r.map("external_ids").getString("marker"))));
            assertThat(nbctl.run("get", "Logical_Switch_Port", "c-vm", "up")).as("ovn_report_up false").isEqualTo("false");
        }
    }

    @Test
    void portsComingAndGoingChangeTheConditionsInPlace() throws Exception {
        String d1 = nbctl.network("f1", "net-f1", "physnet1", 106, "10.9.0.0/24", "sub-f1", "10.9.0.1", "10.9.0.1");
        String d2 = nbctl.network("f2", "net-f2", "physnet1", 107, "10.10.0.0/24", "sub-f2", "10.10.0.1",
                "10.10.0.1");
        nbctl.vmPort("f1", "f-here", "fa:16:3e:0f:00:01", "10.9.0.11", d1);
        nbctl.vmPort("f1", "f-new", "fa:16:3e:0f:00:02", "10.9.0.12", d1);
        nbctl.vmPort("f2", "f-other", "fa:16:3e:0f:00:03", "10.10.0.13", d2);

        try (OvnNbIntentSource s = source(cluster.remotes())) {
            s.start();
            s.setLocalPorts(Set.of("f-here"));
            awaitReady(s);
            List<RowChange> changes = new CopyOnWriteArrayList<>();
            List<Resync> resyncs = new CopyOnWriteArrayList<>();
            s.replica().addListener(new RowListener() {
                @Override
                public void onChanges(List<RowChange> batch) {
                    changes.addAll(batch);
                }

                @Override
                public void onResync(ReplicaView view, Resync resync) {
                    resyncs.add(resync);
                }
            }, Runnable::run);
            await().atMost(Duration.ofSeconds(10)).until(() -> resyncs.size() == 1);
            Uuid here = s.view().table(NbSchema.LOGICAL_SWITCH_PORT).entrySet().stream()
                    .filter(e -> "f-here".equals(e.getValue().string("name"))).findFirst().orElseThrow().getKey();
            changes.clear(); // the listener's first batch: the rows already here
            long requests = s.conditionChanges();

            s.setLocalPorts(Set.of("f-here", "f-new"));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("f-new").isPresent());
            assertThat(s.conditionChanges()).as("a port on a network already here: one monitor_cond_change")
                    .isEqualTo(requests + 1);
            s.setLocalPorts(Set.of("f-here", "f-new", "f-other"));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("f-other").isPresent()
                    && s.current().network("f2").isPresent());
            s.setLocalPorts(Set.of("f-here"));
            await().atMost(Duration.ofSeconds(10)).until(() -> s.current().port("f-new").isEmpty()
                    && s.current().port("f-other").isEmpty() && !lspNames(s).contains("f-other")
                    && s.view().table(NbSchema.DHCP_OPTIONS).size() == 1);

            assertThat(s.replicasCreated()).as("one replica for the source's lifetime").isEqualTo(1);
            assertThat(resyncs).as("no reload: the initial load only").hasSize(1);
            assertThat(s.conditionChanges()).as("monitor_cond_change requests").isGreaterThan(requests);
            assertThat(changes).as("the row already here never travels again").noneMatch(c -> c.uuid().equals(here));
            assertThat(changes.stream().filter(c -> c.kind() == RowChange.Kind.INSERT
                    && c.table().equals(NbSchema.LOGICAL_SWITCH_PORT)).map(c -> c.newRow().string("name")))
                    .as("only the ports entering the conditions arrive").containsExactlyInAnyOrder("f-new", "f-other");
            assertThat(changes.stream().filter(c -> c.kind() == RowChange.Kind.INSERT
                    && c.table().equals(NbSchema.LOGICAL_SWITCH)).map(c -> c.newRow().string("name")))
                    .as("the switch already here is not sent again").containsExactly("neutron-f2");
            assertThat(changes.stream().filter(c -> c.kind() == RowChange.Kind.DELETE
                    && c.table().equals(NbSchema.LOGICAL_SWITCH_PORT)).map(c -> c.oldRow().string("name")))
                    .containsExactlyInAnyOrder("f-new", "f-other");
            assertThat(s.current().port("f-here")).isPresent();
        }
    }

    @Test
    void aPortPluggedWhileDisconnectedArrivesAfterTheCatchUp() throws Exception {
        String d = nbctl.network("g1", "net-g1", "physnet1", 108, "10.11.0.0/24", "sub-g1", "10.11.0.1", "10.11.0.1");
        nbctl.vmPort("g1", "g-here", "fa:16:3e:10:00:01", "10.11.0.11", d);
        nbctl.vmPort("g1", "g-later", "fa:16:3e:10:00:02", "10.11.0.12", d);
        int member = (cluster.leaderIndex().orElseThrow() + 1) % 3;
        // One member only: while it is down the source is disconnected; it catches up with monitor_cond_since.
        try (OvnNbIntentSource s = source(cluster.member(member).remote())) {
            s.start();
            s.setLocalPorts(Set.of("g-here"));
            awaitReady(s);
            cluster.member(member).kill();
            await().atMost(Duration.ofSeconds(15)).until(() -> !s.session().isConnected());
            s.setLocalPorts(Set.of("g-here", "g-later"));
            cluster.member(member).restart();

            // g-later did not change since the last transaction id the replica saw: only a reload brings it.
            await().atMost(Duration.ofSeconds(30)).until(() -> s.current().port("g-later").isPresent());
            assertThat(s.current().port("g-here")).as("nothing unwired").isPresent();
            assertThat(s.replicasCreated()).as("the same replica throughout").isEqualTo(1);
            assertThat(s.replica().lastResync().kind()).as("the replica reloaded and diffed instead of catching up")
                    .isEqualTo(org.vifd.ovsdb.replica.Resync.Kind.RELOAD_DIFF);
        } finally {
            if (!cluster.member(member).running()) {
                cluster.member(member).restart();
            }
            cluster.awaitHealthy();
        }
    }

    @Test
    void leaderKillDuringChurnUnwiresNothingAndLaterChangesArrive() throws Exception {
        String d = nbctl.network("d1", "net-d", "physnet1", 105, "10.6.0.0/24", "sub-d1", "10.6.0.1", "10.6.0.1");
        List<String> names = IntStream.range(0, 20).mapToObj(n -> "d-vm" + n).toList();
        for (int n = 0; n < names.size(); n++) {
            nbctl.vmPort("d1", names.get(n), String.format("fa:16:3e:0d:00:%02x", n), "10.6.0." + (10 + n), d);
        }
        int leader = cluster.leaderIndex().orElseThrow();
        // The leader first: the source's session connects to it, so the kill also takes away the member it reads.
        String remotes = cluster.member(leader).remote() + "," + IntStream.range(0, 3).filter(m -> m != leader)
                .mapToObj(m -> cluster.member(m).remote()).collect(Collectors.joining(","));
        try (OvnNbIntentSource s = source(remotes)) {
            List<Intent> seen = new CopyOnWriteArrayList<>();
            s.addListener(seen::add);
            s.start();
            s.setLocalPorts(Set.copyOf(names));
            Intent first = awaitReady(s);
            assertThat(first.ports()).extracting(Port::id).containsAll(names);
            long generation = s.session().generation();

            AtomicBoolean churn = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            Thread churner = new Thread(() -> {
                int round = 0;
                while (churn.get()) {
                    String p = names.get(round++ % names.size());
                    if (nbctl.tryRun("set", "Logical_Switch_Port", p,
                            "external_ids:\"neutron:device_owner\"=\"compute:r" + round + "\"").succeeded()) {
                        written.incrementAndGet();
                    }
                }
            }, "ovn-churn");
            churner.start();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> written.get() >= 5);
                cluster.member(leader).kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> s.session().generation() > generation
                        && s.session().isConnected());
                int after = written.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= after + 5);
            } finally {
                churn.set(false);
                churner.join(TimeUnit.SECONDS.toMillis(20));
            }

            nbctl.run("set", "Logical_Switch_Port", "d-vm3", "external_ids:\"neutron:device_owner\"=\"after-failover\"");
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    s.current().port("d-vm3").map(Port::deviceOwner).equals(Optional.of("after-failover")));
            assertThat(seen).as("every intent published keeps every port").allSatisfy(i ->
                    assertThat(i.ports()).extracting(Port::id).containsAll(names));
            Set<String> owners = new HashSet<>();
            seen.forEach(i -> i.ports().forEach(p -> owners.add(p.deviceOwner())));
            assertThat(owners.size()).as("churn reached the source").isGreaterThan(5);
        } finally {
            if (!cluster.member(leader).running()) {
                cluster.member(leader).restart();
            }
            cluster.awaitHealthy();
        }
    }
}
