package org.vifd.ovsdb.replica;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.Reconnect;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.testkit.Exec;
import org.vifd.testkit.ExecResult;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standalone ovsdb-server keeps no transaction history, so after a reconnect the replica must reload and diff.
 * The server is killed (SIGKILL), the database file is changed behind our back with ovsdb-tool while it is down,
 * and the server is started again: listeners must see exactly those changes — nothing lost, nothing duplicated, no
 * delete-then-insert of rows that did not change — and the replica must equal a fresh load.
 */
class ReplicaResyncSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().withVswitchd(false).build();

    private static final Reconnect.Options FAST = Reconnect.Options.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(300));

    private static Replica replica(OvsdbSession session) {
        return Replica.builder(session, "Open_vSwitch")
                .table("Bridge", "name", "ports")
                .table("Port", "name", "tag", "interfaces", "external_ids")
                .table("Interface", "name", "type")
                .index("Port", "name")
                .build();
    }

    private static String describe(RowChange c) {
        return c.kind() + " " + c.table() + " " + c.row().string("name");
    }

    @Test
    void killedStandaloneServerChangedBehindOurBackResyncsWithExactlyTheRealChanges() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("add-br", "br0").ok();
        for (String p : List.of("p1", "p2", "p3")) {
            sb.vsctl("add-port", "br0", p).ok();
        }
        sb.vsctl("set", "Port", "p1", "tag=1").ok();

        List<String> events = new CopyOnWriteArrayList<>();
        List<Resync> resyncs = new CopyOnWriteArrayList<>();
        ExecutorService agentLoop = Executors.newSingleThreadExecutor();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").reconnect(FAST).build();
             Replica replica = replica(session)) {
            replica.addListener(new RowListener() {
                @Override
                public void onChanges(List<RowChange> changes) {
                    changes.forEach(c -> events.add(describe(c)));
                }

                @Override
                public void onResync(ReplicaView view, Resync resync) {
                    resyncs.add(resync);
                }
            }, agentLoop);
            ReplicaView first = replica.start().get(30, TimeUnit.SECONDS);
            assertThat(first.index("Port", "name").first("p1").orElseThrow().integer("tag")).isEqualTo(1L);
            assertThat(replica.method()).isEqualTo(MonitorMethod.MONITOR_COND_SINCE);
            await().atMost(Duration.ofSeconds(10)).until(() -> resyncs.size() == 1);
            assertThat(resyncs.get(0).kind()).isEqualTo(Resync.Kind.INITIAL);
            assertThat(events).hasSize(1 + 4 + 4).contains("INSERT Bridge br0", "INSERT Port p3", "INSERT Interface p2");
            events.clear();

            Uuid br0 = first.index("Bridge", "name").first("br0").orElseThrow().uuid();
            Uuid p2 = first.index("Port", "name").first("p2").orElseThrow().uuid();
            long generation = session.generation();

            sb.killOvsdbServer();
            await().atMost(Duration.ofSeconds(10)).until(() -> !session.isConnected());
            String tx = "[\"Open_vSwitch\","
                    + "{\"op\":\"update\",\"table\":\"Port\",\"where\":[[\"name\",\"==\",\"p1\"]],\"row\":{\"tag\":2}},"
                    + "{\"op\":\"mutate\",\"table\":\"Bridge\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + br0 + "\"]]],"
                    + "\"mutations\":[[\"ports\",\"delete\",[\"uuid\",\"" + p2 + "\"]],[\"ports\",\"insert\",[\"named-uuid\",\"p4\"]]]},"
                    + "{\"op\":\"insert\",\"table\":\"Interface\",\"row\":{\"name\":\"p4\"},\"uuid-name\":\"i4\"},"
                    + "{\"op\":\"insert\",\"table\":\"Port\",\"row\":{\"name\":\"p4\",\"interfaces\":[\"named-uuid\",\"i4\"]},\"uuid-name\":\"p4\"}]";
            // SIGKILL is asynchronous: retry until the dead server's lock on the file is gone.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                ExecResult r = Exec.run(Duration.ofSeconds(10), "ovsdb-tool", "transact", sb.dbFile().toString(), tx);
                return r.exitCode() == 0 && !r.stdout().contains("\"error\"");
            });
            sb.startOvsdbServer();

            await().atMost(Duration.ofSeconds(30)).until(() -> resyncs.size() == 2);
            assertThat(resyncs.get(1).kind()).isEqualTo(Resync.Kind.RELOAD_DIFF);
            assertThat(resyncs.get(1).generation()).isGreaterThan(generation);
            assertThat(events).containsExactlyInAnyOrder("MODIFY Port p1", "DELETE Port p2", "DELETE Interface p2",
                    "INSERT Port p4", "INSERT Interface p4", "MODIFY Bridge br0");
            assertThat(resyncs.get(1).changes()).isEqualTo(6);

            ReplicaView after = replica.view();
            assertThat(after.index("Port", "name").first("p1").orElseThrow().integer("tag")).isEqualTo(2L);
            assertThat(after.index("Port", "name").get("p2")).isEmpty();
            // The replica equals an independent fresh load of the database.
            try (OvsdbSession other = OvsdbSession.builder(sb.tcpRemote()).database("Open_vSwitch").build();
                 Replica fresh = replica(other)) {
                ReplicaView truth = fresh.start().get(30, TimeUnit.SECONDS);
                for (String t : List.of("Bridge", "Port", "Interface")) {
                    assertThat(after.table(t)).as(t).isEqualTo(truth.table(t));
                }
            }

            // Live changes after the resync still arrive, one batch per transaction.
            events.clear();
            sb.vsctl("set", "Port", "p3", "external_ids:k=v").ok();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);
            assertThat(events).containsExactly("MODIFY Port p3");
            Row p3 = replica.view().index("Port", "name").first("p3").orElseThrow();
            assertThat(p3.map("external_ids").asStrings()).containsEntry("k", "v");
        } finally {
            agentLoop.shutdownNow();
        }
    }
}
