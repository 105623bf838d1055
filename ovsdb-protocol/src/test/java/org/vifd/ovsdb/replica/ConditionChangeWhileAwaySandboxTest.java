package org.vifd.ovsdb.replica;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.Reconnect;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsdbCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A condition widened while the replica is disconnected: the rows it now matches did not change, so a catch-up
 * from the last transaction id (monitor_cond_since, found=true on a cluster) would never send them. The replica
 * must notice that the server never saw its new condition, reload in full and diff: the listener then sees exactly
 * the newly matching rows as inserts, nothing else.
 */
class ConditionChangeWhileAwaySandboxTest {
    private static final String DB = "Open_vSwitch";
    private static final Reconnect.Options FAST = Reconnect.Options.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private static TreeSet<String> names(ReplicaView v) {
        TreeSet<String> out = new TreeSet<>();
        v.table("Bridge").values().forEach(r -> out.add(r.string("name")));
        return out;
    }

    @Test
    void aConditionWidenedWhileDisconnectedBringsTheRowsItNowMatches() throws Exception {
        try (OvsdbCluster cluster = OvsdbCluster.create(OvsSandbox.VSWITCH_SCHEMA, 3);
             OvsdbSession writer = OvsdbSession.builder(cluster.remotes()).name("writer").database(DB).reconnect(FAST).build();
             OvsdbSession session = OvsdbSession.builder(cluster.remotes()).name("replica").database(DB).reconnect(FAST).build();
             Replica replica = Replica.builder(session, DB)
                     .table("Bridge", List.of("name"), List.of(Condition.equal("name", "br-0"))).build()) {
            cluster.awaitHealthy();
            writer.start().get(30, TimeUnit.SECONDS);
            // Bulk, so that the cluster keeps history for monitor_cond_since (see ClusterResumeSandboxTest).
            Map<String, String> bulk = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                bulk.put("key" + i, "value" + i);
            }
            Transaction init = new Transaction(DB);
            List<NamedUuid> brs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                brs.add(init.insert("Bridge", Row.builder().put("name", "br-" + i).build()));
            }
            init.insert(DB, Row.builder().put("external_ids", OvsMap.ofStrings(bulk)).put("bridges", OvsSet.of(brs)).build());
            writer.transact(init).get(30, TimeUnit.SECONDS);

            List<String> changes = new CopyOnWriteArrayList<>();
            List<Resync> resyncs = new CopyOnWriteArrayList<>();
            replica.addListener(new RowListener() {
                @Override
                public void onChanges(List<RowChange> batch) {
                    batch.forEach(c -> changes.add(c.kind() + " " + c.row().string("name")));
                }

                @Override
                public void onResync(ReplicaView view, Resync resync) {
                    resyncs.add(resync);
                }
            }, Runnable::run);
            replica.start().get(30, TimeUnit.SECONDS);
            assertThat(names(replica.view())).containsExactly("br-0");
            changes.clear();

            for (int i = 0; i < cluster.size(); i++) {
                cluster.member(i).kill();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !session.isConnected());
            long away = session.generation();
            replica.setConditions("Bridge", List.of(Condition.notEqual("name", new org.vifd.ovsdb.value.Atom.Str("none"))))
                    .get(10, TimeUnit.SECONDS);
            for (int i = 0; i < cluster.size(); i++) {
                cluster.member(i).restart();
            }

            await().atMost(Duration.ofSeconds(90)).until(() -> session.isConnected() && session.generation() > away
                    && resyncs.stream().anyMatch(r -> r.generation() == session.generation()));
            assertThat(names(replica.view())).as("rows the widened condition matches").containsExactly("br-0", "br-1", "br-2");
            assertThat(replica.lastResync().kind()).as("a reload diffed, not a catch-up").isEqualTo(Resync.Kind.RELOAD_DIFF);
            assertThat(changes).as("only the newly matching rows, no delete-then-insert of br-0")
                    .containsExactlyInAnyOrder("INSERT br-1", "INSERT br-2");
        }
    }
}
