package org.vifd.ovsdb.client;

import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsdbCluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * monitor_cond_since against a 3-member RAFT cluster, which keeps transaction history (ovsdb-server(7)).
 * <p>
 * The server drops history once it holds more atoms than the database itself (then answering the whole database is
 * cheaper), so a nearly empty database always answers found=false. The test first gives the database some bulk
 * (a thousand external_ids on the root row), then changes only small rows.
 */
class MonitorCondSinceClusterSandboxTest {

    private static final String DB = "Open_vSwitch";

    private static <V> V get(CompletableFuture<V> f) {
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static void setMark(OvsdbClient c, String bridge, String mark) {
        Transaction tx = new Transaction(DB);
        tx.update("Bridge", List.of(Condition.equal("name", bridge)), Row.builder().put("external_ids", Map.of("mark", mark)).build());
        get(c.transact(tx));
    }

    @Test
    void askingAgainWithTheLastTransactionIdAnswersOnlyTheChangesSince() throws Exception {
        try (OvsdbCluster cluster = OvsdbCluster.create(OvsSandbox.VSWITCH_SCHEMA, 3);
             OvsdbClient c = OvsdbClient.connect(cluster.remotes()).get(30, TimeUnit.SECONDS)) {
            Map<String, String> bulk = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                bulk.put("key" + i, "value" + i);
            }
            Transaction init = new Transaction(DB);
            NamedUuid a = init.insert("Bridge", Row.builder().put("name", "br-a").build());
            NamedUuid b = init.insert("Bridge", Row.builder().put("name", "br-b").build());
            init.insert(DB, Row.builder().put("external_ids", OvsMap.ofStrings(bulk)).put("bridges", org.vifd.ovsdb.value.OvsSet.of(a, b)).build());
            get(c.transact(init));

            AtomicReference<Uuid> lastSeen = new AtomicReference<>();
            c.addListener(new OvsdbListener() {
                @Override
                public void onUpdate3(String monitorId, Uuid lastTxnId, TableUpdates<RowUpdate2> updates) {
                    lastSeen.set(lastTxnId);
                }
            });
            Map<String, MonitorRequest> req = Map.of("Bridge", MonitorRequest.columns("name", "external_ids"));
            MonitorSinceResult first = get(c.monitorCondSince(DB, "since", req, null));
            assertThat(first.found()).isFalse();
            assertThat(first.lastTxnId()).isNotEqualTo(Uuid.ZERO);
            assertThat(first.updates().table("Bridge").values()).extracting(u -> u.row().string("name")).containsExactlyInAnyOrder("br-a", "br-b");

            setMark(c, "br-a", "1");
            await().atMost(Duration.ofSeconds(30)).until(() -> lastSeen.get() != null);
            Uuid last = lastSeen.get();
            assertThat(last).isNotEqualTo(first.lastTxnId());
            get(c.monitorCancel("since"));

            setMark(c, "br-b", "2");
            MonitorSinceResult again = get(c.monitorCondSince(DB, "since2", req, last));
            assertThat(again.found()).isTrue();
            assertThat(again.lastTxnId()).isNotEqualTo(last);
            // Only br-b's change since `last`; br-a's earlier change is not repeated.
            assertThat(again.updates().table("Bridge").values()).singleElement().satisfies(u -> {
                assertThat(u.kind()).isEqualTo(RowUpdate2.Kind.MODIFY);
                assertThat(u.row().map("external_ids").getString("mark")).isEqualTo("2");
            });

            // Nothing changed since: found, and no updates.
            MonitorSinceResult same = get(c.monitorCondSince(DB, "since3", req, again.lastTxnId()));
            assertThat(same.found()).isTrue();
            assertThat(same.updates().isEmpty()).isTrue();

            // An id the cluster never had: the full contents again, found=false.
            MonitorSinceResult unknown = get(c.monitorCondSince(DB, "since4", req, Uuid.random()));
            assertThat(unknown.found()).isFalse();
            assertThat(unknown.updates().table("Bridge")).hasSize(2);
        }
    }
}
