package org.vifd.ovsdb.replica;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.Reconnect;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsdbCluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica on a 3-member RAFT cluster loses the member it is connected to: on the next member it resumes with
 * monitor_cond_since found=true (the cluster keeps transaction history, ovsdb-server(7)) and applies only the
 * changes made since, not a reload of every row.
 */
class ClusterResumeSandboxTest {

    private static final String DB = "Open_vSwitch";
    private static final Reconnect.Options FAST = Reconnect.Options.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(400));

    private static int port(String remote) {
        return Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1));
    }

    /** Sends tx until it commits (only idempotent transactions: a retry after an unknown outcome must not double them). */
    private static void commit(OvsdbSession s, Transaction tx) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            s.transact(tx).get(10, TimeUnit.SECONDS);
            return true;
        });
    }

    private static Transaction setMark(String bridge, String mark) {
        Transaction tx = new Transaction(DB);
        tx.update("Bridge", List.of(Condition.equal("name", bridge)), Row.builder().put("external_ids", Map.of("mark", mark)).build());
        return tx;
    }

    /** name → external_ids of every bridge, as the replica holds them. */
    private static Map<String, Map<String, String>> bridges(ReplicaView v) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        v.table("Bridge").values().forEach(r -> out.put(r.string("name"), new TreeMap<>(r.map("external_ids").asStrings())));
        return out;
    }

    private static boolean allApplied(OvsdbCluster cluster) {
        java.util.Set<String> logs = new java.util.HashSet<>();
        for (int i = 0; i < cluster.size(); i++) {
            String status = cluster.member(i).status();
            if (!status.contains("Entries not yet committed: 0") || !status.contains("Entries not yet applied: 0")) {
                return false;
            }
            status.lines().filter(l -> l.startsWith("Log: ")).forEach(logs::add);
        }
        return logs.size() == 1;
    }

    @Test
    void afterLosingItsMemberTheReplicaResumesWithOnlyTheChangesSince() throws Exception {
        try (OvsdbCluster cluster = OvsdbCluster.create(OvsSandbox.VSWITCH_SCHEMA, 3);
             OvsdbSession writer = OvsdbSession.builder(cluster.remotes()).name("writer").database(DB).reconnect(FAST).build();
             OvsdbSession session = OvsdbSession.builder(cluster.remotes()).name("replica").database(DB).reconnect(FAST).build();
             Replica replica = Replica.builder(session, DB).table("Bridge", "name", "external_ids").build()) {
            cluster.awaitHealthy();
            writer.start().get(30, TimeUnit.SECONDS);
            // Bulk, so that the server keeps history for monitor_cond_since (see MonitorCondSinceClusterSandboxTest).
            Map<String, String> bulk = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                bulk.put("key" + i, "value" + i);
            }
            Transaction init = new Transaction(DB);
            List<NamedUuid> brs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                brs.add(init.insert("Bridge", Row.builder().put("name", "br-" + i).build()));
            }
            init.insert(DB, Row.builder().put("external_ids", OvsMap.ofStrings(bulk)).put("bridges", OvsSet.of(brs)).build());
            writer.transact(init).get(30, TimeUnit.SECONDS);

            List<RowChange> changes = new CopyOnWriteArrayList<>();
            List<Resync> resyncs = new CopyOnWriteArrayList<>();
            replica.addListener(new RowListener() {
                @Override
                public void onChanges(List<RowChange> batch) {
                    changes.addAll(batch);
                }

                @Override
                public void onResync(ReplicaView view, Resync resync) {
                    resyncs.add(resync);
                }
            }, Runnable::run);
            replica.start().get(30, TimeUnit.SECONDS);
            assertThat(replica.lastResync().kind()).isEqualTo(Resync.Kind.INITIAL);

            commit(writer, setMark("br-0", "1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(bridges(replica.view()).getOrDefault("br-0", Map.of()).get("mark")));
            // Every member has applied everything (same log, nothing uncommitted or unapplied): a member elected
            // right after the kill could otherwise still be applying the replica's last transaction and answer
            // found=false (raft: an entry is in its log before it is applied), which the replica survives by a
            // reload but which is not what this test shows.
            await().atMost(Duration.ofSeconds(30)).until(() -> allApplied(cluster));
            long generation = session.generation();
            int connected = ((InetSocketAddress) session.currentClient().remoteAddress()).getPort();
            int victim = -1;
            for (int i = 0; i < cluster.size(); i++) {
                if (port(cluster.member(i).remote()) == connected) {
                    victim = i;
                }
            }
            assertThat(victim).as("the member the replica is connected to").isNotNegative();
            changes.clear();

            cluster.member(victim).kill();
            // More changes, through another member, while the replica is away or just back.
            commit(writer, setMark("br-0", "2"));
            Transaction del = new Transaction(DB);
            del.delete("Bridge", List.of(Condition.equal("name", "br-1")));
            del.mutate(DB, List.of(), List.of(Mutation.delete("bridges", OvsSet.of(
                    replica.view().index("Bridge", "name").first("br-1").orElseThrow().uuid()))));
            commit(writer, del);
            commit(writer, setMark("br-2", "x"));

            await().atMost(Duration.ofSeconds(60)).until(() -> session.isConnected() && session.generation() > generation
                    && resyncs.stream().anyMatch(r -> r.generation() == session.generation()));
            Map<String, Map<String, String>> expected = new TreeMap<>();
            expected.put("br-0", Map.of("mark", "2"));
            expected.put("br-2", Map.of("mark", "x"));
            expected.put("br-3", Map.of());
            expected.put("br-4", Map.of());
            await().atMost(Duration.ofSeconds(30)).until(() -> bridges(replica.view()).equals(expected));

            Resync resumed = resyncs.get(resyncs.size() - 1);
            assertThat(resumed.kind()).as("resume on the new member").isEqualTo(Resync.Kind.CHANGES_SINCE);
            assertThat(replica.resyncCount(Resync.Kind.CHANGES_SINCE)).isEqualTo(1);
            assertThat(replica.resyncCount(Resync.Kind.RELOAD_DIFF)).isZero();
            assertThat(replica.resyncCount(Resync.Kind.INITIAL)).isEqualTo(1);
            // Only the real changes reached the listener, whether they came in the resume reply or after it:
            // no reload (five inserts), no delete-then-insert of unchanged rows.
            assertThat(resumed.changes()).isLessThanOrEqualTo(3);
            assertThat(changes).extracting(c -> c.kind() + " " + c.row().string("name"))
                    .containsExactlyInAnyOrder("MODIFY br-0", "DELETE br-1", "MODIFY br-2");
        }
    }
}
