package org.vifd.ovsdb.vswitch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.SessionListener;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** next_cfg/cur_cfg against a real ovs-vswitchd, typed rows, the schema check, and locks between two sessions. */
class VswitchdSyncSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(true).bridges("br-int").build();

    private static void addPort(Transaction tx, String name, String type) {
        Row.Builder iface = Row.builder().put("name", name);
        if (type != null) {
            iface.put("type", type);
        }
        NamedUuid i = tx.insert("Interface", iface.build());
        NamedUuid p = tx.insert("Port", Row.builder().put("name", name).put("interfaces", OvsSet.of(i)).build());
        tx.mutate("Bridge", List.of(Condition.equal("name", "br-int")), List.of(Mutation.insert("ports", OvsSet.of(p))));
    }

    @Test
    void syncWaitsForVswitchdAndReportsInterfacesThatDidNotComeUp() throws Exception {
        try (OvsdbSession session = OvsdbSession.builder(OVS.sandbox().unixRemote()).database("Open_vSwitch").build();
             VswitchdSync sync = VswitchdSync.create(session)) {
            sync.start().get(30, TimeUnit.SECONDS);
            assertThat(VswitchSchemaCheck.problems(session.currentClient().getSchema("Open_vSwitch").get(10, TimeUnit.SECONDS))).isEmpty();
            Transaction tx = new Transaction("Open_vSwitch");
            addPort(tx, "vi-good", "internal");
            addPort(tx, "nodev-xyz", null);      // a system device that does not exist
            VswitchdSync.SyncResult r = sync.apply(tx, Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
            assertThat(r.cfg()).isPositive();
            assertThat(r.problems()).extracting(VswitchdSync.InterfaceProblem::name).containsExactly("nodev-xyz");
            VswitchdSync.InterfaceProblem p = r.problems().get(0);
            assertThat(p.ofport() != null && p.ofport() == -1 || p.error() != null).isTrue();
            assertThat(OVS.sandbox().vsctl("get", "Interface", "vi-good", "ofport").ok().out().trim()).isNotEqualTo("-1");

            Transaction weird = new Transaction("Open_vSwitch");
            addPort(weird, "weird0", "no-such-type");
            VswitchdSync.SyncResult w = sync.apply(weird, Duration.ofSeconds(30)).get(40, TimeUnit.SECONDS);
            assertThat(w.problems()).singleElement().satisfies(x -> {
                assertThat(x.name()).isEqualTo("weird0");
                assertThat(x.unsupportedType()).isTrue();
            });
        }
    }

    @Test
    void typedRowsReadTheRealDatabase() throws Exception {
        try (OvsdbSession session = OvsdbSession.builder(OVS.sandbox().unixRemote()).database("Open_vSwitch").build();
             org.vifd.ovsdb.replica.Replica replica = org.vifd.ovsdb.replica.Replica.builder(session, "Open_vSwitch")
                     .table("Open_vSwitch").table("Bridge").table("Port").table("Interface").table("Controller").table("Manager").build()) {
            var view = replica.start().get(30, TimeUnit.SECONDS);
            VswitchRows.Bridge br = VswitchRows.Bridge.of(view.index("Bridge", "name").first("br-int").orElseThrow());
            assertThat(br.datapathType()).isEqualTo("netdev");
            assertThat(br.ports()).isNotEmpty().allSatisfy(u -> assertThat(view.row("Port", u)).isPresent());
            VswitchRows.OpenVswitch root = VswitchRows.OpenVswitch.of(view.table("Open_vSwitch").values().iterator().next());
            assertThat(root.bridges()).contains(br.uuid());
            assertThat(root.ifaceTypes()).contains("internal");
            VswitchRows.Interface own = VswitchRows.Interface.of(view.index("Interface", "name").first("br-int").orElseThrow());
            assertThat(own.type()).isEqualTo("internal");
            // Tolerant: a row lacking every column reads as empty values, no exception.
            assertThat(VswitchRows.Port.of(Row.empty()).interfaces()).isEmpty();
        }
    }

    @Test
    void lockIsStolenBetweenTwoSessionsAndAskedForAgainAfterReconnect() throws Exception {
        String remote = OVS.sandbox().unixRemote();
        List<String> aEvents = new CopyOnWriteArrayList<>();
        try (OvsdbSession a = OvsdbSession.builder(remote).build(); OvsdbSession b = OvsdbSession.builder(remote).build()) {
            a.addListener(new SessionListener() {
                @Override
                public void onLocked(String lockId) {
                    aEvents.add("locked " + lockId);
                }

                @Override
                public void onStolen(String lockId) {
                    aEvents.add("stolen " + lockId);
                }
            });
            a.start().get(30, TimeUnit.SECONDS);
            b.start().get(30, TimeUnit.SECONDS);
            assertThat(a.lock("vifd_agent").get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.lock("vifd_agent").get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(b.steal("vifd_agent").get(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> aEvents.contains("stolen vifd_agent"));
            assertThat(a.holdsLock("vifd_agent")).isFalse();
            b.unlock("vifd_agent").get(10, TimeUnit.SECONDS);
            // a asked with "lock" and was queued by the server when b stole it: it gets "locked" now.
            await().atMost(Duration.ofSeconds(10)).until(() -> a.holdsLock("vifd_agent"));
            long gen = a.generation();
            a.forceReconnect("test");
            await().atMost(Duration.ofSeconds(20)).until(() -> a.generation() > gen && a.holdsLock("vifd_agent"));
            assertThat(aEvents).containsSubsequence("locked vifd_agent", "stolen vifd_agent", "locked vifd_agent", "locked vifd_agent");
        }
    }
}
