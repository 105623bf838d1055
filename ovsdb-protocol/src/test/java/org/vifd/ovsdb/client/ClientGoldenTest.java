package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vifd.ovsdb.Golden;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.ValueJson;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vifd.ovsdb.client.FakeServer.byId;
import static org.vifd.ovsdb.client.FakeServer.byMethod;
import static org.vifd.ovsdb.client.FakeServer.withoutId;
import static org.vifd.ovsdb.client.FakeServer.withoutIds;

/**
 * Every method and operation against what a real ovsdb-server answered (fixtures in src/test/resources/golden):
 * our requests are compared with the captured ones, the captured replies and notifications are played back.
 */
class ClientGoldenTest {

    private static final String DB = "Open_vSwitch";
    private static final OvsdbClientOptions NO_VALIDATION = OvsdbClientOptions.builder().validateBeforeSend(false).build();

    private static FakeServer server() {
        FakeServer s = new FakeServer(NO_VALIDATION);
        s.primeSchema(DB, "get_schema.s2c.json");
        return s;
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        return f.handle((v, e) -> e).join();
    }

    @Test
    void listDbs() {
        try (FakeServer s = new FakeServer(NO_VALIDATION)) {
            CompletableFuture<List<String>> f = s.client.listDbs();
            JsonNode req = s.sentOne();
            assertThat(withoutId(req)).isEqualTo(withoutId(Golden.messages("list_dbs.c2s.json").get(0)));
            JsonNode reply = byId("list_dbs.s2c.json", 0);
            s.play(reply, req);
            assertThat(f.join()).containsExactlyElementsOf(Golden.JSON.convertValue(reply.get("result"), List.class))
                    .contains(DB, "_Server");
        }
    }

    @Test
    void getSchemaAnswersTheSchemaTheServerWasCreatedWith() throws Exception {
        try (FakeServer s = new FakeServer(NO_VALIDATION)) {
            CompletableFuture<Schema> f = s.client.getSchema(DB);
            JsonNode req = s.sentOne();
            assertThat(withoutId(req)).isEqualTo(withoutId(byMethod("get_schema.c2s.json", "get_schema").get(0)));
            JsonNode reply = byId("get_schema.s2c.json", 1);
            s.play(reply, req);
            Schema schema = f.join();
            // The capture server was created from this file: ovsdb-server must answer the same schema.
            assertThat(schema).isEqualTo(Schema.read(Path.of("/usr/share/openvswitch/vswitch.ovsschema")));
            assertThat(schema.tables().keySet()).containsExactlyInAnyOrderElementsOf(() -> reply.get("result").get("tables").fieldNames());
            // Answered from the cache the second time: nothing sent.
            assertThat(s.client.getSchema(DB).join()).isSameAs(schema);
            assertThat(s.sent()).isEmpty();
        }
    }

    @Test
    void theServerDatabaseSchemaAndItsRows() {
        try (FakeServer s = new FakeServer(NO_VALIDATION)) {
            s.primeSchema("_Server", "get_schema_server.s2c.json");
            Schema server = s.client.cachedSchema("_Server");
            JsonNode modelEnum = byId("get_schema_server.s2c.json", 1).at("/result/tables/Database/columns/model/type/key/enum/1");
            assertThat(server.table("Database").column("model").type().key().enumValues().elements())
                    .containsExactlyInAnyOrderElementsOf(Golden.JSON.convertValue(modelEnum, List.class).stream().map(x -> (Atom) Atom.of((String) x)).toList());
            // ovs-vsctl monitors _Server.Database with monitor_cond (vsctl_add_port.c2s.json, id 2).
            JsonNode vsctlRequest = byId("vsctl_add_port.c2s.json", 2);
            Map<String, MonitorRequest> req = Map.of("Database", MonitorRequest.columns(
                    "name", "model", "connected", "leader", "schema", "cid", "index"));
            CompletableFuture<TableUpdates<RowUpdate2>> f = s.client.monitorCond("_Server", "db", req);
            JsonNode ours = s.sentOne();
            assertThat(withoutIds(ours)).isEqualTo(withoutIds(vsctlRequest));
            s.play(byId("vsctl_add_port.s2c.json", 2), ours);
            Map<Uuid, RowUpdate2> rows = f.join().table("Database");
            assertThat(rows).hasSize(byId("vsctl_add_port.s2c.json", 2).get("result").get("Database").size());
            Row ovs = rows.values().stream().map(RowUpdate2::row).filter(r -> DB.equals(r.string("name"))).findFirst().orElseThrow();
            assertThat(ovs.string("model")).isEqualTo("standalone");
            assertThat(ovs.bool("connected")).isTrue();
            assertThat(Schema.parse(ovs.string("schema")).name()).isEqualTo(DB);
            assertThat(ovs.set("cid").isEmpty()).isTrue();
        }
    }

    /** The transactions of transact_ops.c2s.json, built with our API. */
    private static Map<Integer, Transaction> transactOps() {
        Map<Integer, Transaction> t = new LinkedHashMap<>();
        List<Condition> brx = List.of(Condition.equal("name", "brx"));
        Transaction tx = new Transaction(DB);
        NamedUuid nb = tx.insert("Bridge", Row.builder().put("name", "brx").put("external_ids", Map.of("k", "v")).build(), "nb");
        tx.mutate(DB, List.of(), List.of(Mutation.insert("bridges", OvsSet.of(nb))));
        tx.comment("golden");
        t.put(1, tx);
        tx = new Transaction(DB);
        tx.select("Bridge", brx, List.of("_uuid", "name", "external_ids", "ports", "stp_enable", "datapath_type", "flood_vlans"));
        t.put(2, tx);
        tx = new Transaction(DB);
        tx.update("Bridge", brx, Row.builder().put("stp_enable", true).put("other_config", Map.of("a", "1"))
                .put("flood_vlans", OvsSet.ofIntegers(10, 20)).build());
        t.put(3, tx);
        tx = new Transaction(DB);
        tx.mutate(DB, List.of(), List.of(Mutation.add("next_cfg", 1)));
        t.put(4, tx);
        tx = new Transaction(DB);
        tx.wait("Bridge", brx, List.of("name"), true, List.of(Row.builder().put("name", "brx").build()), 0L);
        tx.commit(false);
        t.put(5, tx);
        tx = new Transaction(DB);
        tx.wait("Bridge", brx, List.of("name"), false, List.of(Row.builder().put("name", "brx").build()), 0L);
        t.put(6, tx);
        tx = new Transaction(DB);
        tx.comment("abort test");
        tx.abort();
        t.put(7, tx);
        tx = new Transaction(DB);
        tx.assertLock("mylock");
        t.put(8, tx);
        tx = new Transaction(DB);
        tx.add(new Operation.Insert("Bridge", Row.builder().put("name", "brx").build(), null));
        t.put(9, tx);
        tx = new Transaction(DB);
        nb = tx.insert("Bridge", Row.builder().put("name", "bry").put("ports", Uuid.parse("2a7a1b36-8d46-4b4b-9a24-0c7e0a9f2f2e")).build(), "nb");
        tx.mutate(DB, List.of(), List.of(Mutation.insert("bridges", nb)));
        t.put(10, tx);
        tx = new Transaction(DB);
        tx.select("NoSuchTable", List.of());
        t.put(11, tx);
        tx = new Transaction("NoSuchDb");
        tx.comment("x");
        t.put(12, tx);
        tx = new Transaction(DB);
        tx.delete("Bridge", brx);
        tx.mutate(DB, List.of(), List.of(Mutation.delete("bridges", OvsSet.empty())));
        t.put(13, tx);
        tx = new Transaction(DB);
        tx.add(new Operation.Insert("Bridge", Row.builder().put("name", "brz").put("stp_enable", "yes").build(), null));
        t.put(14, tx);
        return t;
    }

    @Test
    void everyTransactOperationAndTheServersAnswers() {
        try (FakeServer s = server()) {
            Map<Integer, CompletableFuture<TransactResult>> results = new LinkedHashMap<>();
            for (Map.Entry<Integer, Transaction> e : transactOps().entrySet()) {
                CompletableFuture<TransactResult> f = s.client.transact(e.getValue());
                JsonNode ours = s.sentOne();
                assertThat(withoutId(ours)).as("request %d", e.getKey()).isEqualTo(withoutId(byId("transact_ops.c2s.json", e.getKey())));
                s.play(byId("transact_ops.s2c.json", e.getKey()), ours);
                results.put(e.getKey(), f);
            }
            JsonNode golden1 = byId("transact_ops.s2c.json", 1).get("result");
            TransactResult r1 = results.get(1).join();
            Uuid brx = Uuid.parse(golden1.get(0).get("uuid").get(1).asText());
            assertThat(r1.get(0).uuid()).isEqualTo(brx);
            assertThat(r1.uuidOf(new NamedUuid("nb"))).isEqualTo(brx);
            assertThat(r1.get(1).count()).isEqualTo(1);
            assertThat(r1.results()).hasSize(3);

            TransactResult r2 = results.get(2).join();
            Row row = r2.get(0).rows().get(0);
            assertThat(row.uuid()).isEqualTo(brx);
            assertThat(row.string("name")).isEqualTo("brx");
            assertThat(row.map("external_ids")).isEqualTo(OvsMap.of("k", "v"));
            assertThat(row.set("ports")).isEqualTo(OvsSet.empty());
            assertThat(row.bool("stp_enable")).isFalse();
            // Our encoding of every value equals ovsdb-server's.
            JsonNode goldenRow = byId("transact_ops.s2c.json", 2).at("/result/0/rows/0");
            assertThat(ValueJson.encodeRow(row)).isEqualTo(goldenRow);

            assertThat(results.get(3).join().get(0).count()).isEqualTo(1);
            assertThat(results.get(4).join().get(0).count()).isEqualTo(1);
            assertThat(results.get(5).join().results()).hasSize(2).allMatch(r -> !r.failed() && r.uuid() == null && r.count() == null);
            assertThat(results.get(9).join().get(0).uuid()).isNotNull();

            assertTransactionError(results.get(6), "transact_ops.s2c.json", 6, OvsdbError.TIMED_OUT, 0);
            TransactionException aborted = assertTransactionError(results.get(7), "transact_ops.s2c.json", 7, OvsdbError.ABORTED, 1);
            assertThat(aborted.operation()).isInstanceOf(Operation.Abort.class);
            assertTransactionError(results.get(8), "transact_ops.s2c.json", 8, OvsdbError.NOT_OWNER, 0);
            TransactionException ri = assertTransactionError(results.get(10), "transact_ops.s2c.json", 10, OvsdbError.REFERENTIAL_INTEGRITY_VIOLATION, 2);
            assertThat(ri.operation()).as("failed at commit").isNull();
            assertThat(ri.results().get(0).uuid()).isNotNull();
            assertTransactionError(results.get(11), "transact_ops.s2c.json", 11, OvsdbError.SYNTAX_ERROR, 0);
            assertThat(failure(results.get(12))).isNotInstanceOf(TransactionException.class).isInstanceOfSatisfying(OvsdbException.class, e -> {
                assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_DATABASE);
                assertThat(e.details()).isEqualTo(byId("transact_ops.s2c.json", 12).at("/error/details").asText());
            });
            assertTransactionError(results.get(13), "transact_ops.s2c.json", 13, OvsdbError.REFERENTIAL_INTEGRITY_VIOLATION, 2);
            assertTransactionError(results.get(14), "transact_ops.s2c.json", 14, OvsdbError.SYNTAX_ERROR, 0);
        }
    }

    @Test
    void constraintViolationsDuplicateNamesAndDomainErrors() {
        try (FakeServer s = server()) {
            Map<Integer, Transaction> t = new LinkedHashMap<>();
            Transaction tx = new Transaction(DB);
            tx.add(new Operation.Insert(DB, Row.empty(), null));
            t.put(1, tx);
            tx = new Transaction(DB);
            NamedUuid dup = tx.insert("Bridge", Row.builder().put("name", "br0").build(), "dup");
            tx.mutate(DB, List.of(), List.of(Mutation.insert("bridges", dup)));
            t.put(2, tx);
            tx = new Transaction(DB);
            tx.insert("Bridge", Row.builder().put("name", "bra").build(), "a");
            tx.insert("Bridge", Row.builder().put("name", "brb").build(), "a");
            t.put(3, tx);
            tx = new Transaction(DB);
            tx.mutate(DB, List.of(), List.of(new Mutation("next_cfg", Mutation.Mutator.QUOTIENT, Atom.of(0))));
            t.put(4, tx);
            Map<Integer, CompletableFuture<TransactResult>> results = new LinkedHashMap<>();
            for (Map.Entry<Integer, Transaction> e : t.entrySet()) {
                CompletableFuture<TransactResult> f = s.client.transact(e.getValue());
                JsonNode ours = s.sentOne();
                assertThat(withoutId(ours)).as("request %d", e.getKey()).isEqualTo(withoutId(byId("transact_errors.c2s.json", e.getKey())));
                s.play(byId("transact_errors.s2c.json", e.getKey()), ours);
                results.put(e.getKey(), f);
            }
            assertTransactionError(results.get(1), "transact_errors.s2c.json", 1, OvsdbError.CONSTRAINT_VIOLATION, 1);
            assertTransactionError(results.get(2), "transact_errors.s2c.json", 2, OvsdbError.CONSTRAINT_VIOLATION, 2);
            assertTransactionError(results.get(3), "transact_errors.s2c.json", 3, OvsdbError.DUPLICATE_UUID_NAME, 1);
            assertTransactionError(results.get(4), "transact_errors.s2c.json", 4, OvsdbError.DOMAIN_ERROR, 0);
        }
    }

    private static TransactionException assertTransactionError(CompletableFuture<TransactResult> f, String fixture, int id,
                                                               OvsdbError kind, int index) {
        JsonNode golden = byId(fixture, id).get("result").get(index);
        Throwable t = failure(f);
        assertThat(t).isInstanceOf(TransactionException.class);
        TransactionException e = (TransactionException) t;
        assertThat(e.kind()).isEqualTo(kind);
        assertThat(e.error()).isEqualTo(golden.get("error").asText());
        assertThat(e.getMessage()).contains(golden.get("details").asText());
        assertThat(e.operationIndex()).isEqualTo(index);
        return e;
    }

    @Test
    void monitorWithUpdatesAndCancel() {
        try (FakeServer s = server()) {
            // Same request as ovsdb-client monitor ... Bridge name,ports (client_monitor.c2s.json).
            CompletableFuture<TableUpdates<RowUpdate>> f = s.client.monitor(DB, "m1", Map.of("Bridge", MonitorRequest.columns("name", "ports")));
            JsonNode ours = s.sentOne();
            assertThat(withoutIds(ours)).isEqualTo(withoutIds(byMethod("client_monitor.c2s.json", "monitor").get(0)));
            JsonNode reply = byId("monitor.A.s2c.json", 1);
            s.play(reply, ours);
            TableUpdates<RowUpdate> initial = f.join();
            assertThat(initial.table("Bridge")).hasSize(reply.at("/result/Bridge").size());
            assertThat(initial.table("Bridge").values()).allSatisfy(u -> {
                assertThat(u.oldRow()).isNull();
                assertThat(u.newRow().string("name")).isNotEmpty();
            });

            s.play(byMethod("monitor.A.s2c.json", "update").get(0));
            assertThat(s.events).containsExactly("update m1");
            @SuppressWarnings("unchecked")
            TableUpdates<RowUpdate> update = (TableUpdates<RowUpdate>) s.updates.get(0);
            RowUpdate inserted = update.table("Bridge").values().iterator().next();
            assertThat(inserted.oldRow()).isNull();
            RowUpdate ovs = update.table(DB).values().iterator().next();
            OvsSet before = ovs.oldRow().set("bridges");
            OvsSet after = ovs.newRow().set("bridges");
            assertThat(after.elements()).containsAll(before.elements()).contains(inserted.uuid()).hasSize(before.size() + 1);

            CompletableFuture<Void> cancel = s.client.monitorCancel("m1");
            JsonNode cancelReq = s.sentOne();
            assertThat(withoutId(cancelReq)).isEqualTo(withoutId(byId("monitor.A.c2s.json", 2)));
            s.play(byId("monitor.A.s2c.json", 2), cancelReq);
            assertThat(cancel).isCompleted();

            CompletableFuture<Void> unknown = s.client.monitorCancel("nosuch");
            s.play(byId("monitor.A.s2c.json", 3), s.sentOne());
            assertThat(failure(unknown)).isInstanceOfSatisfying(OvsdbException.class,
                    e -> assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_MONITOR));
        }
    }

    @Test
    void monitorCondWithUpdate2AndConditionChange() {
        try (FakeServer s = server()) {
            // Same request as ovsdb-client monitor-cond ... '[["name","==","br0"]]' Bridge name.
            CompletableFuture<TableUpdates<RowUpdate2>> probe = s.client.monitorCond(DB, "probe",
                    Map.of("Bridge", MonitorRequest.columns("name").withWhere(List.of(Condition.equal("name", "br0")))));
            assertThat(withoutIds(s.sentOne())).isEqualTo(withoutIds(byMethod("client_monitor_cond.c2s.json", "monitor_cond").get(0)));
            assertThat(probe).isNotDone();

            CompletableFuture<TableUpdates<RowUpdate2>> f = s.client.monitorCond(DB, "m2",
                    Map.of("Bridge", MonitorRequest.columns("name", "external_ids").withWhere(List.of(Condition.equal("name", "brm")))));
            JsonNode ours = s.sentOne();
            assertThat(withoutId(ours)).isEqualTo(withoutId(byId("monitor_cond.A.c2s.json", 1)));
            s.play(byId("monitor_cond.A.s2c.json", 1), ours);
            RowUpdate2 initial = f.join().table("Bridge").values().iterator().next();
            assertThat(initial.kind()).isEqualTo(RowUpdate2.Kind.INITIAL);
            assertThat(initial.row().string("name")).isEqualTo("brm");

            List<JsonNode> update2 = byMethod("monitor_cond.A.s2c.json", "update2");
            s.play(update2.get(0));
            RowUpdate2 modify = ((TableUpdates<?>) s.updates.get(0)).table("Bridge").values().stream().map(RowUpdate2.class::cast).findFirst().orElseThrow();
            assertThat(modify.kind()).isEqualTo(RowUpdate2.Kind.MODIFY);
            assertThat(modify.uuid()).isEqualTo(initial.uuid());
            assertThat(modify.row().map("external_ids")).isEqualTo(OvsMap.of("x", "y"));

            CompletableFuture<Void> change = s.client.monitorCondChange("m2", "m2",
                    Map.of("Bridge", new MonitorRequest(null, null, List.of(Condition.equal("name", "br0")))));
            JsonNode changeReq = s.sentOne();
            assertThat(withoutId(changeReq)).isEqualTo(withoutId(byId("monitor_cond.A.c2s.json", 2)));
            s.play(update2.get(1));
            s.play(byId("monitor_cond.A.s2c.json", 2), changeReq);
            assertThat(change).isCompleted();
            @SuppressWarnings("unchecked")
            Map<Uuid, RowUpdate2> second = ((TableUpdates<RowUpdate2>) s.updates.get(1)).table("Bridge");
            assertThat(second.values()).extracting(RowUpdate2::kind).containsExactlyInAnyOrder(RowUpdate2.Kind.INSERT, RowUpdate2.Kind.DELETE);
            assertThat(second.get(initial.uuid()).kind()).isEqualTo(RowUpdate2.Kind.DELETE);
            assertThat(second.get(initial.uuid()).row()).isNull();
            assertThat(s.events).containsExactly("update2 m2", "update2 m2");
        }
    }

    @Test
    void monitorCondSinceOnAStandaloneServerAnswersNotFound() {
        try (FakeServer s = server()) {
            // Same request as ovsdb-client monitor-cond-since ... '[]' Bridge name.
            CompletableFuture<MonitorSinceResult> probe = s.client.monitorCondSince(DB, "x",
                    Map.of("Bridge", MonitorRequest.columns("name").withWhere(List.of())), null);
            assertThat(withoutIds(s.sentOne())).isEqualTo(withoutIds(byMethod("client_monitor_cond_since.c2s.json", "monitor_cond_since").get(0)));
            assertThat(probe).isNotDone();

            CompletableFuture<MonitorSinceResult> f = s.client.monitorCondSince(DB, "m3", Map.of("Bridge", MonitorRequest.columns("name")), Uuid.ZERO);
            JsonNode ours = s.sentOne();
            assertThat(withoutId(ours)).isEqualTo(withoutId(byId("monitor_cond_since.A.c2s.json", 1)));
            JsonNode reply = byId("monitor_cond_since.A.s2c.json", 1);
            s.play(reply, ours);
            MonitorSinceResult r = f.join();
            assertThat(r.found()).isFalse();
            assertThat(r.lastTxnId()).isEqualTo(Uuid.ZERO);
            assertThat(r.updates().table("Bridge")).hasSize(reply.at("/result/2/Bridge").size())
                    .allSatisfy((u, up) -> assertThat(up.kind()).isEqualTo(RowUpdate2.Kind.INITIAL));

            s.play(byMethod("monitor_cond_since.A.s2c.json", "update3").get(0));
            assertThat(s.events).containsExactly("update3 m3 " + Uuid.ZERO);
            @SuppressWarnings("unchecked")
            TableUpdates<RowUpdate2> u = (TableUpdates<RowUpdate2>) s.updates.get(0);
            assertThat(u.table("Bridge").values()).singleElement().satisfies(x -> {
                assertThat(x.kind()).isEqualTo(RowUpdate2.Kind.INSERT);
                assertThat(x.row().string("name")).isEqualTo("brs");
            });
        }
    }

    @Test
    void lockStealUnlockLockedAndStolen() {
        try (FakeServer a = new FakeServer(NO_VALIDATION); FakeServer b = new FakeServer(NO_VALIDATION)) {
            CompletableFuture<Boolean> l9 = a.client.lock("l9");
            JsonNode l9Req = a.sentOne();
            // ovsdb-client lock ... l9 sent this request (client_lock.c2s.json).
            assertThat(withoutId(l9Req)).isEqualTo(withoutId(Golden.messages("client_lock.c2s.json").get(0)));
            a.play(Golden.messages("client_lock.s2c.json").get(0), l9Req);
            assertThat(l9.join()).isTrue();

            CompletableFuture<Boolean> lock = a.client.lock("l1");
            JsonNode req = a.sentOne();
            assertThat(withoutId(req)).isEqualTo(withoutId(byId("lock.A.c2s.json", 1)));
            a.play(byId("lock.A.s2c.json", 1), req);
            assertThat(lock.join()).isTrue();

            CompletableFuture<Boolean> steal = b.client.steal("l1");
            JsonNode stealReq = b.sentOne();
            assertThat(withoutId(stealReq)).isEqualTo(withoutId(byId("lock.B.c2s.json", 1)));
            b.play(byId("lock.B.s2c.json", 1), stealReq);
            assertThat(steal.join()).isTrue();
            a.play(byMethod("lock.A.s2c.json", "stolen").get(0));
            assertThat(a.events).containsExactly("stolen l1");

            CompletableFuture<Void> unlock = a.client.unlock("l1");
            JsonNode unlockReq = a.sentOne();
            assertThat(withoutId(unlockReq)).isEqualTo(withoutId(byId("lock.A.c2s.json", 2)));
            a.play(byId("lock.A.s2c.json", 2), unlockReq);
            assertThat(unlock).isCompleted();

            CompletableFuture<Boolean> queued = b.client.lock("l2");
            JsonNode queuedReq = b.sentOne();
            b.play(byId("lock.B.s2c.json", 2), queuedReq);
            assertThat(queued.join()).isFalse();
            byMethod("lock.B.s2c.json", "locked").forEach(b::play);
            assertThat(b.events).containsExactly("locked l1", "locked l2");
        }
    }

    @Test
    void echoGetServerIdSetDbChangeAware() {
        try (FakeServer s = new FakeServer(NO_VALIDATION)) {
            JsonNode echoReq = Golden.messages("echo.c2s.json").get(0);
            CompletableFuture<JsonNode> echo = s.client.echo(echoReq.get("params"));
            JsonNode ours = s.sentOne();
            assertThat(withoutId(ours)).isEqualTo(withoutId(echoReq));
            s.play(Golden.messages("echo.s2c.json").get(0), ours);
            assertThat(echo.join()).isEqualTo(echoReq.get("params"));

            CompletableFuture<Uuid> id = s.client.getServerId();
            ours = s.sentOne();
            assertThat(withoutId(ours)).isEqualTo(withoutId(Golden.messages("get_server_id.c2s.json").get(0)));
            JsonNode idReply = Golden.messages("get_server_id.s2c.json").get(0);
            s.play(idReply, ours);
            assertThat(id.join().toString()).isEqualTo(idReply.get("result").asText());

            CompletableFuture<Void> aware = s.client.setDbChangeAware(true);
            ours = s.sentOne();
            // ovsdb-client itself sends this (client_monitor.c2s.json).
            assertThat(withoutId(ours)).isEqualTo(withoutId(byMethod("client_monitor.c2s.json", "set_db_change_aware").get(0)));
            s.play(Golden.messages("set_db_change_aware.s2c.json").get(0), ours);
            assertThat(aware).isCompleted();

            // The server's own echo probe is answered.
            s.play(byId("server_echo.s2c.json", "echo"));
            JsonNode answer = s.sentOne();
            assertThat(answer.get("id").asText()).isEqualTo("echo");
            assertThat(answer.get("result")).isEqualTo(byId("server_echo.s2c.json", "echo").get("params"));
        }
    }

    @Test
    void cancelAWaitingTransaction() {
        try (FakeServer s = server()) {
            Transaction tx = new Transaction(DB);
            tx.wait("Bridge", List.of(), List.of("name"), true, List.of(Row.builder().put("name", "never").build()), null);
            CompletableFuture<TransactResult> f = s.client.transact(tx);
            JsonNode ours = s.sentOne();
            List<JsonNode> golden = Golden.messages("cancel.c2s.json");
            assertThat(withoutId(ours)).isEqualTo(withoutId(golden.get(0)));
            CompletableFuture<Boolean> canceled = s.client.cancel(f);
            JsonNode cancel = s.sentOne();
            assertThat(canceled.join()).isTrue();
            assertThat(cancel.get("method")).isEqualTo(golden.get(1).get("method"));
            assertThat(cancel.get("id")).isEqualTo(golden.get(1).get("id"));
            assertThat(cancel.get("params").get(0)).isEqualTo(ours.get("id"));
            assertThat(failure(f)).isInstanceOfSatisfying(OvsdbException.class, e -> assertThat(e.kind()).isEqualTo(OvsdbError.CANCELED));
        }
    }

    @Test
    void requestsAfterTheConnectionClosedFailAtOnce() {
        try (FakeServer s = new FakeServer(NO_VALIDATION)) {
            CompletableFuture<List<String>> pending = s.client.listDbs();
            s.channel.close();
            assertThat(failure(pending)).isInstanceOf(org.vifd.ovsdb.ConnectionClosedException.class);
            assertThat(s.events).containsExactly("disconnected");
            assertThat(failure(s.client.listDbs())).isInstanceOf(org.vifd.ovsdb.ConnectionClosedException.class);
            Transaction tx = new Transaction(DB);
            tx.comment("late");
            assertThat(failure(s.client.transact(tx))).isInstanceOf(org.vifd.ovsdb.ConnectionClosedException.class);
        }
    }
}
