package org.vifd.ovsdb.replica;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.ConnectionClosedException;
import org.vifd.ovsdb.OutcomeUnknownException;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.Reconnect;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsdbCluster;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A 3-member RAFT cluster: the session follows the leader through a kill; a transaction in flight lands at most once. */
class ClusterFailoverSandboxTest {

    private static final String DB = "Open_vSwitch";

    private static int port(String remote) {
        return Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1));
    }

    private static int connectedPort(OvsdbSession s) {
        return ((InetSocketAddress) s.currentClient().remoteAddress()).getPort();
    }

    @Test
    void sessionFollowsTheLeaderAndAnInFlightTransactionEndsKnownOrUnknownButLandsAtMostOnce() throws Exception {
        try (OvsdbCluster cluster = OvsdbCluster.create(OvsSandbox.VSWITCH_SCHEMA, 3);
             OvsdbSession session = OvsdbSession.builder(cluster.remotes()).database(DB)
                     .reconnect(Reconnect.Options.DEFAULTS.withBackoff(Duration.ofMillis(50), Duration.ofMillis(400))).build();
             Replica replica = Replica.builder(session, DB).table("Bridge", "name").index("Bridge", "name").build()) {
            cluster.awaitHealthy();
            session.start().get(30, TimeUnit.SECONDS);
            int leader = cluster.leaderIndex().orElseThrow();
            assertThat(connectedPort(session)).isEqualTo(port(cluster.member(leader).remote()));

            // Bulk so that the server keeps history for monitor_cond_since (see MonitorCondSinceClusterSandboxTest).
            Map<String, String> bulk = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                bulk.put("key" + i, "value" + i);
            }
            Transaction init = new Transaction(DB);
            NamedUuid br = init.insert("Bridge", Row.builder().put("name", "br-a").build());
            init.insert(DB, Row.builder().put("external_ids", OvsMap.ofStrings(bulk)).put("bridges", OvsSet.of(br)).build());
            session.transact(init).get(30, TimeUnit.SECONDS);

            List<Resync> resyncs = new CopyOnWriteArrayList<>();
            replica.addListener(new RowListener() {
                @Override
                public void onChanges(List<RowChange> changes) {
                }

                @Override
                public void onResync(ReplicaView view, Resync resync) {
                    resyncs.add(resync);
                }
            }, Runnable::run);
            replica.start().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.view().index("Bridge", "name").first("br-a").isPresent());
            long generation = session.generation();

            Transaction inflight = new Transaction(DB);
            NamedUuid b = inflight.insert("Bridge", Row.builder().put("name", "br-inflight").build());
            inflight.mutate(DB, List.of(), List.of(Mutation.insert("bridges", OvsSet.of(b))));
            CompletableFuture<TransactResult> result = session.transact(inflight);
            cluster.member(leader).kill();

            String outcome;
            try {
                result.get(30, TimeUnit.SECONDS);
                outcome = "committed";
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException ce ? ce.getCause() : e.getCause();
                assertThat(cause).isInstanceOf(OvsdbException.class);
                outcome = cause instanceof OutcomeUnknownException u ? "unknown" : "failed";
                if (cause instanceof ConnectionClosedException cc) {
                    assertThat(cc.outcomeKnown()).isEqualTo(!(cause instanceof OutcomeUnknownException));
                }
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> session.isConnected() && session.generation() > generation
                    && cluster.leaderIndex().isPresent() && cluster.leaderIndex().getAsInt() != leader);
            int newLeader = cluster.leaderIndex().orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> connectedPort(session) == port(cluster.member(newLeader).remote()));
            await().atMost(Duration.ofSeconds(30)).until(() -> resyncs.stream().anyMatch(r -> r.generation() == session.generation()));

            int copies = replica.view().index("Bridge", "name").get("br-inflight").size();
            assertThat(copies).as("outcome " + outcome).isLessThanOrEqualTo(1);
            if (outcome.equals("committed")) {
                assertThat(copies).isEqualTo(1);
            }
            if (outcome.equals("failed")) {
                assertThat(copies).isZero();
            }
            // The session still works on the new leader.
            Transaction after = new Transaction(DB);
            after.update("Bridge", List.of(Condition.equal("name", "br-a")), Row.builder().put("external_ids", Map.of("k", "v")).build());
            session.transact(after).get(30, TimeUnit.SECONDS);
        }
    }
}
