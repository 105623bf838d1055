package org.vifd.ovsdb.replica;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.jsonrpc.JsonRpcMessage;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Negotiating down: servers without monitor_cond_since, or with plain monitor only (RFC 7047 §4.1.5). */
class ReplicaFallbackTest {

    private static final String SCHEMA = """
            {"name":"Small","version":"1.0.0","tables":{"Thing":{"columns":{
              "name":{"type":"string"},
              "n":{"type":{"key":"integer","min":0,"max":1}},
              "tags":{"type":{"key":"string","min":0,"max":"unlimited"}}}}}}""";
    private static final String U1 = "11111111-1111-1111-1111-111111111111";
    private static final String U2 = "22222222-2222-2222-2222-222222222222";

    private static Function<JsonRpcMessage.Request, JsonNode> server(Set<String> knownMonitors, String initial) {
        return r -> switch (r.method()) {
            case "get_schema" -> "Small".equals(r.params().get(0).asText()) ? ScriptedServer.result(SCHEMA)
                    : ScriptedServer.error("unknown database");
            case "monitor_cond_since", "monitor_cond", "monitor" ->
                    knownMonitors.contains(r.method()) ? ScriptedServer.result(initial) : ScriptedServer.error("unknown method");
            default -> ScriptedServer.error("unknown method");
        };
    }

    @Test
    void serverWithoutMonitorCondSinceIsMonitoredWithMonitorCondAndItsDiffsAreApplied() throws Exception {
        String initial = "{\"Thing\":{\"" + U1 + "\":{\"initial\":{\"name\":\"a\",\"tags\":[\"set\",[\"x\",\"y\"]]}}}}";
        List<List<RowChange>> batches = new CopyOnWriteArrayList<>();
        try (ScriptedServer srv = new ScriptedServer(server(Set.of("monitor_cond"), initial));
             OvsdbSession session = OvsdbSession.builder(srv.remote()).database("Small").build();
             Replica replica = Replica.builder(session, "Small").table("Thing").listener(batches::add, Runnable::run).build()) {
            ReplicaView v = replica.start().get(10, TimeUnit.SECONDS);
            assertThat(replica.method()).isEqualTo(MonitorMethod.MONITOR_COND);
            assertThat(srv.methods).containsSubsequence("monitor_cond_since", "monitor_cond");
            Row a = v.table("Thing").values().iterator().next();
            assertThat(a.string("name")).isEqualTo("a");
            assertThat(a.set("n")).isEqualTo(OvsSet.empty());   // omitted by update2 "initial": filled with the default
            // update2 "modify" of a set column is a symmetric difference (ovsdb-server(7)): x removed, z added.
            srv.notifyAll("update2", "[\"" + srv.lastMonitorId + "\",{\"Thing\":{\"" + U1
                    + "\":{\"modify\":{\"tags\":[\"set\",[\"x\",\"z\"]],\"n\":7}}}}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() == 2);
            RowChange c = batches.get(1).get(0);
            assertThat(c.kind()).isEqualTo(RowChange.Kind.MODIFY);
            assertThat(c.oldRow().set("tags")).isEqualTo(OvsSet.ofStrings("x", "y"));
            assertThat(c.newRow().set("tags")).isEqualTo(OvsSet.ofStrings("y", "z"));
            assertThat(c.newRow().integer("n")).isEqualTo(7L);
            assertThat(replica.view().table("Thing").get(c.uuid())).isEqualTo(c.newRow());
        }
    }

    @Test
    void serverWithPlainMonitorOnlyIsMonitoredWithMonitorAndConditionsAreAppliedLocally() throws Exception {
        String initial = "{\"Thing\":{\"" + U1 + "\":{\"new\":{\"name\":\"mine\",\"n\":[\"set\",[]],\"tags\":[\"set\",[]]}},"
                + "\"" + U2 + "\":{\"new\":{\"name\":\"other\",\"n\":1,\"tags\":\"t\"}}}}";
        List<RowChange> changes = new CopyOnWriteArrayList<>();
        try (ScriptedServer srv = new ScriptedServer(server(Set.of("monitor"), initial));
             OvsdbSession session = OvsdbSession.builder(srv.remote()).database("Small").build();
             Replica replica = Replica.builder(session, "Small")
                     .table("Thing", List.of("name", "n", "tags"), List.of(Condition.equal("name", "mine")))
                     .listener(changes::addAll, Runnable::run).build()) {
            ReplicaView v = replica.start().get(10, TimeUnit.SECONDS);
            assertThat(replica.method()).isEqualTo(MonitorMethod.MONITOR);
            assertThat(srv.methods).containsSubsequence("monitor_cond_since", "monitor_cond", "monitor");
            assertThat(v.table("Thing")).hasSize(1);
            assertThat(v.index("Thing", "name").get("mine")).hasSize(1);
            // RFC 7047 §4.1.6: a modify carries the changed columns in "old" and the new contents in "new".
            srv.notifyAll("update", "[\"" + srv.lastMonitorId + "\",{\"Thing\":{\"" + U1 + "\":{\"old\":{\"n\":[\"set\",[]]},\"new\":{\"name\":\"mine\",\"n\":5,\"tags\":[\"set\",[]]}},"
                    + "\"" + U2 + "\":{\"old\":{\"n\":1},\"new\":{\"name\":\"other\",\"n\":2,\"tags\":\"t\"}}}}]");
            await().atMost(Duration.ofSeconds(10)).until(() -> changes.size() == 2);
            assertThat(changes.get(1).kind()).isEqualTo(RowChange.Kind.MODIFY);
            assertThat(changes.get(1).newRow().integer("n")).isEqualTo(5L);
            assertThat(changes).extracting(ch -> ch.row().string("name")).doesNotContain("other");
        }
    }
}
