package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.SchemaViolationException;
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
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every method and operation, with their error cases, against a real standalone ovsdb-server. */
class OvsdbClientSandboxTest {

    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().build();
    private static final String DB = "Open_vSwitch";
    private static final Duration T = Duration.ofSeconds(20);

    private static OvsdbClient unix;
    private static OvsdbClient tcp;
    private static OvsdbClient raw;

    @BeforeAll
    static void connect() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("--no-wait", "init").ok();
        unix = OvsdbClient.connect(sb.unixRemote()).get(20, TimeUnit.SECONDS);
        tcp = OvsdbClient.connect(sb.tcpRemote()).get(20, TimeUnit.SECONDS);
        raw = OvsdbClient.connect(sb.unixRemote(), OvsdbClientOptions.builder().validateBeforeSend(false).build()).get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void close() {
        for (OvsdbClient c : new OvsdbClient[]{unix, tcp, raw}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static <V> V get(CompletableFuture<V> f) {
        return f.orTimeout(T.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return f.orTimeout(T.toSeconds(), TimeUnit.SECONDS).handle((v, e) -> {
            assertThat(e).as("expected a failure, got %s", v).isNotNull();
            return e;
        }).join();
    }

    private static TransactionException txFailure(OvsdbClient c, Transaction tx) {
        Throwable e = failure(c.transact(tx));
        assertThat(e).isInstanceOf(TransactionException.class);
        return (TransactionException) e;
    }

    @Test
    void listDbsGetSchemaAndServerIdOverUnixAndTcp() throws Exception {
        assertThat(get(unix.listDbs())).contains(DB, "_Server");
        assertThat(get(tcp.listDbs())).contains(DB, "_Server");
        Schema schema = get(tcp.getSchema(DB));
        assertThat(schema).isEqualTo(Schema.read(OvsSandbox.VSWITCH_SCHEMA));
        assertThat(get(unix.getServerId())).isEqualTo(get(tcp.getServerId()));
        assertThat(get(unix.getSchema("_Server")).table("Database").columns()).containsKeys("name", "model", "leader", "cid", "sid");
        assertThat(failure(unix.getSchema("NoSuchDb"))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_DATABASE));
    }

    @Test
    void insertSelectUpdateMutateDeleteWithNamedUuidReferences() {
        OvsSandbox sb = OVS.sandbox();
        Transaction tx = new Transaction(DB);
        NamedUuid iface = tx.insert("Interface", Row.builder().put("name", "lc1").put("type", "internal").build());
        NamedUuid port = tx.insert("Port", Row.builder().put("name", "lc1").put("interfaces", iface).put("tag", 7).build());
        NamedUuid br = tx.insert("Bridge", Row.builder().put("name", "br-lc").put("ports", port).build());
        tx.mutate(DB, List.of(), List.of(Mutation.insert("bridges", br)));
        tx.comment("vifd lifecycle test");
        TransactResult r = get(tcp.transact(tx));
        Uuid brUuid = r.uuidOf(br);
        assertThat(brUuid).isNotNull();
        assertThat(r.get(3).count()).isEqualTo(1);
        // ovs-vsctl, the oracle, sees what we wrote.
        assertThat(sb.vsctl("list-ports", "br-lc").ok().out()).isEqualTo("lc1");
        assertThat(sb.vsctl("get", "Port", "lc1", "tag").ok().out()).isEqualTo("7");
        assertThat(sb.vsctl("get", "Bridge", "br-lc", "_uuid").ok().out()).isEqualTo(brUuid.toString());

        tx = new Transaction(DB);
        int sel = tx.select("Bridge", List.of(Condition.equal("name", "br-lc")), List.of("_uuid", "name", "ports", "stp_enable", "flood_vlans"));
        r = get(unix.transact(tx));
        Row row = r.get(sel).rows().get(0);
        assertThat(row.uuid()).isEqualTo(brUuid);
        assertThat(row.set("ports")).isEqualTo(OvsSet.of(r.get(sel).rows().get(0).set("ports").single()));
        assertThat(row.bool("stp_enable")).isFalse();
        assertThat(row.set("flood_vlans")).isEqualTo(OvsSet.empty());

        tx = new Transaction(DB);
        int upd = tx.update("Port", List.of(Condition.equal("name", "lc1")), Row.builder().put("tag", 42).put("other_config", Map.of("a", "b")).build());
        int mut = tx.mutate("Port", List.of(Condition.equal("name", "lc1")), List.of(Mutation.insert("external_ids", OvsMap.of("iface-id", "port-uuid-1")),
                Mutation.insert("trunks", OvsSet.ofIntegers(10, 20))));
        r = get(unix.transact(tx));
        assertThat(r.get(upd).count()).isEqualTo(1);
        assertThat(r.get(mut).count()).isEqualTo(1);
        assertThat(sb.vsctl("get", "Port", "lc1", "tag").ok().out()).isEqualTo("42");
        assertThat(sb.vsctl("get", "Port", "lc1", "external_ids:iface-id").ok().out()).isEqualTo("port-uuid-1");
        assertThat(sb.vsctl("get", "Port", "lc1", "trunks").ok().out()).isEqualTo("[10, 20]");

        tx = new Transaction(DB);
        tx.mutate(DB, List.of(), List.of(Mutation.delete("bridges", brUuid)));
        int del = tx.delete("Bridge", List.of(Condition.equal("_uuid", brUuid)));
        r = get(unix.transact(tx));
        assertThat(r.get(del).count()).isEqualTo(1);
        assertThat(sb.vsctl("list-br").ok().out()).doesNotContain("br-lc");
    }

    @Test
    void waitCommitAbortCommentAndAssertIncludingTheirErrors() {
        Transaction tx = new Transaction(DB);
        tx.wait(DB, List.of(), List.of("bridges"), false, List.of(Row.builder().put("bridges", OvsSet.ofUuids(java.util.UUID.randomUUID())).build()), 0L);
        tx.commit(true);
        tx.comment("wait until != then commit durably");
        assertThat(get(unix.transact(tx)).results()).hasSize(3);

        tx = new Transaction(DB);
        tx.wait(DB, List.of(), List.of("bridges"), true, List.of(Row.builder().put("bridges", OvsSet.ofUuids(java.util.UUID.randomUUID())).build()), 0L);
        TransactionException timedOut = txFailure(unix, tx);
        assertThat(timedOut.kind()).isEqualTo(OvsdbError.TIMED_OUT);
        assertThat(timedOut.operation()).isInstanceOf(Operation.Wait.class);

        tx = new Transaction(DB);
        tx.comment("about to abort");
        tx.abort();
        TransactionException aborted = txFailure(unix, tx);
        assertThat(aborted.kind()).isEqualTo(OvsdbError.ABORTED);
        assertThat(aborted.operationIndex()).isEqualTo(1);

        tx = new Transaction(DB);
        tx.assertLock("not_held");
        assertThat(txFailure(unix, tx).kind()).isEqualTo(OvsdbError.NOT_OWNER);
    }

    @Test
    void serverSideErrorsArriveTypedWithTheServersDetails() {
        Transaction tx = new Transaction(DB);
        tx.insert(DB, Row.empty());
        TransactionException tooMany = txFailure(raw, tx);
        assertThat(tooMany.kind()).isEqualTo(OvsdbError.CONSTRAINT_VIOLATION);
        assertThat(tooMany.details()).contains("Open_vSwitch");
        assertThat(tooMany.operation()).as("commit-time failure").isNull();

        tx = new Transaction(DB);
        NamedUuid br = tx.insert("Bridge", Row.builder().put("name", "br-ri").put("ports", Uuid.random()).build());
        tx.mutate(DB, List.of(), List.of(Mutation.insert("bridges", br)));
        assertThat(txFailure(raw, tx).kind()).isEqualTo(OvsdbError.REFERENTIAL_INTEGRITY_VIOLATION);

        tx = new Transaction(DB);
        tx.mutate(DB, List.of(), List.of(new Mutation("next_cfg", Mutation.Mutator.QUOTIENT, Atom.of(0))));
        assertThat(txFailure(raw, tx).kind()).isEqualTo(OvsdbError.DOMAIN_ERROR);

        tx = new Transaction(DB);
        tx.insert("Bridge", Row.builder().put("name", "x").build(), "same");
        tx.insert("Bridge", Row.builder().put("name", "y").build(), "same");
        assertThat(txFailure(raw, tx).kind()).isEqualTo(OvsdbError.DUPLICATE_UUID_NAME);

        tx = new Transaction(DB);
        tx.select("NoSuchTable", List.of());
        assertThat(txFailure(raw, tx).kind()).isEqualTo(OvsdbError.SYNTAX_ERROR);

        tx = new Transaction("NoSuchDb");
        tx.comment("x");
        assertThat(failure(raw.transact(tx))).isInstanceOfSatisfying(OvsdbException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_DATABASE));
    }

    @Test
    void schemaViolationsAreCaughtBeforeSendingAndNameTableColumnAndValue() {
        OvsSandbox sb = OVS.sandbox();
        Transaction tx = new Transaction(DB);
        NamedUuid port = tx.insert("Port", Row.builder().put("name", "bad").put("tag", 5000).build());
        Throwable e = failure(unix.transact(tx));
        assertThat(e).isInstanceOfSatisfying(SchemaViolationException.class, v -> {
            assertThat(v.table()).isEqualTo("Port");
            assertThat(v.column()).isEqualTo("tag");
            assertThat(v.value()).isEqualTo(Atom.of(5000));
            assertThat(v.getMessage()).contains("Port", "tag", "5000", "4095");
        });
        tx = new Transaction(DB);
        tx.insert("Interface", Row.builder().put("name", "bad").put("admin_state", "sideways").build());
        assertThat(failure(unix.transact(tx))).isInstanceOfSatisfying(SchemaViolationException.class,
                v -> assertThat(v.getMessage()).contains("Interface", "admin_state", "sideways"));
        assertThat(port).isNotNull();
        assertThat(sb.vsctl("--if-exists", "get", "Port", "bad", "name").exitCode()).isZero();
        assertThat(sb.vsctl("list-ports", "br-none").exitCode()).isNotZero();
    }

    @Test
    void monitorReportsInitialRowsAndLaterChanges() {
        OvsSandbox sb = OVS.sandbox();
        List<String> seen = new CopyOnWriteArrayList<>();
        OvsdbListener l = new OvsdbListener() {
            @Override
            public void onUpdate(String monitorId, TableUpdates<RowUpdate> u) {
                u.table("Bridge").values().forEach(r -> seen.add(monitorId + " " + (r.newRow() == null ? "-" : r.newRow().string("name"))));
            }

            @Override
            public void onUpdate2(String monitorId, TableUpdates<RowUpdate2> u) {
                u.table("Bridge").values().forEach(r -> seen.add(monitorId + " " + r.kind() + " " + (r.row() == null ? "-" : r.row().string("name"))));
            }

            @Override
            public void onUpdate3(String monitorId, Uuid last, TableUpdates<RowUpdate2> u) {
                u.table("Bridge").values().forEach(r -> seen.add(monitorId + " " + last + " " + r.kind() + " " + (r.row() == null ? "-" : r.row().string("name"))));
            }
        };
        tcp.addListener(l);
        try {
            sb.vsctl("add-br", "br-m0").ok();
            TableUpdates<RowUpdate> initial = get(tcp.monitor(DB, "mon-v1", Map.of("Bridge", MonitorRequest.columns("name"))));
            assertThat(initial.table("Bridge").values()).extracting(u -> u.newRow().string("name")).contains("br-m0");
            TableUpdates<RowUpdate2> initial2 = get(tcp.monitorCond(DB, "mon-v2",
                    Map.of("Bridge", MonitorRequest.columns("name").withWhere(List.of(Condition.equal("name", "br-m1"))))));
            assertThat(initial2.isEmpty()).isTrue();
            MonitorSinceResult since = get(tcp.monitorCondSince(DB, "mon-v3", Map.of("Bridge", MonitorRequest.columns("name")), null));
            // A standalone server keeps no history (ovsdb-server(7)).
            assertThat(since.found()).isFalse();
            assertThat(since.lastTxnId()).isEqualTo(Uuid.ZERO);
            assertThat(since.updates().table("Bridge").values()).extracting(u -> u.row().string("name")).contains("br-m0");

            sb.vsctl("add-br", "br-m1").ok();
            await().atMost(T).untilAsserted(() -> assertThat(seen).contains("mon-v1 br-m1", "mon-v2 INSERT br-m1",
                    "mon-v3 " + Uuid.ZERO + " INSERT br-m1"));

            get(tcp.monitorCondChange("mon-v2", "mon-v2b", Map.of("Bridge", new MonitorRequest(null, null, List.of(Condition.equal("name", "br-m2"))))));
            // br-m1 no longer matches: the server reports it as deleted from the monitor's view.
            await().atMost(T).untilAsserted(() -> assertThat(seen).contains("mon-v2b DELETE -"));
            get(tcp.monitorCancel("mon-v1"));
            assertThat(failure(tcp.monitorCancel("mon-v1"))).isInstanceOfSatisfying(OvsdbException.class,
                    e -> assertThat(e.kind()).isEqualTo(OvsdbError.UNKNOWN_MONITOR));
            sb.vsctl("add-br", "br-m2").ok();
            sb.vsctl("del-br", "br-m1").ok();
            await().atMost(T).untilAsserted(() -> assertThat(seen).contains("mon-v2b INSERT br-m2", "mon-v3 " + Uuid.ZERO + " DELETE -"));
            assertThat(seen).doesNotContain("mon-v1 br-m2").containsOnlyOnce("mon-v2b DELETE -");
            assertThat(failure(tcp.monitorCond(DB, "mon-v3", Map.of("Bridge", MonitorRequest.columns("name"))))).isInstanceOfSatisfying(
                    OvsdbException.class, e -> {
                        // ovsdb-server 3.1 reports a reused monitor id as a syntax error whose details say so.
                        assertThat(e.kind()).isEqualTo(OvsdbError.SYNTAX_ERROR);
                        assertThat(e.details()).containsIgnoringCase("duplicate monitor");
                    });
        } finally {
            tcp.removeListener(l);
        }
    }

    @Test
    void theServerDatabaseDescribesTheStandaloneDatabase() {
        TableUpdates<RowUpdate2> dbs = get(unix.monitorCond("_Server", "server-dbs", Map.of("Database", MonitorRequest.allColumns())));
        Row ovs = dbs.table("Database").values().stream().map(RowUpdate2::row).filter(r -> DB.equals(r.string("name"))).findFirst().orElseThrow();
        assertThat(ovs.string("model")).isEqualTo("standalone");
        assertThat(ovs.bool("connected")).isTrue();
        assertThat(Schema.parse(ovs.string("schema")).name()).isEqualTo(DB);
        get(unix.monitorCancel("server-dbs"));
        get(unix.setDbChangeAware(true));
    }

    @Test
    void lockStealUnlockWithLockedAndStolenNotifications() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        List<String> a = new CopyOnWriteArrayList<>();
        List<String> b = new CopyOnWriteArrayList<>();
        OvsdbListener mine = recorder(a);
        try (OvsdbClient second = OvsdbClient.connect(sb.unixRemote()).get(20, TimeUnit.SECONDS)) {
            unix.addListener(mine);
            second.addListener(recorder(b));
            assertThat(get(unix.lock("vifd_lock"))).isTrue();
            assertThat(get(second.lock("vifd_lock"))).isFalse();
            get(unix.unlock("vifd_lock"));
            await().atMost(T).untilAsserted(() -> assertThat(b).contains("locked vifd_lock"));
            Transaction tx = new Transaction(DB);
            tx.assertLock("vifd_lock");
            tx.comment("held by second");
            assertThat(get(second.transact(tx)).results()).hasSize(2);

            get(second.unlock("vifd_lock"));
            assertThat(get(second.lock("vifd_steal"))).isTrue();
            assertThat(get(unix.steal("vifd_steal"))).isTrue();
            await().atMost(T).untilAsserted(() -> assertThat(b).contains("stolen vifd_steal"));
            tx = new Transaction(DB);
            tx.assertLock("vifd_steal");
            assertThat(txFailure(second, tx).kind()).isEqualTo(OvsdbError.NOT_OWNER);
            // An immediate grant (lock answered locked=true, steal) is not notified.
            assertThat(a).doesNotContain("locked vifd_lock");
            get(unix.unlock("vifd_steal"));
            assertThat(failure(second.steal("vifd_steal"))).isInstanceOfSatisfying(OvsdbException.class,
                    e -> assertThat(e.kind()).isEqualTo(OvsdbError.SYNTAX_ERROR));
        } finally {
            unix.removeListener(mine);
        }
    }

    private static OvsdbListener recorder(List<String> events) {
        return new OvsdbListener() {
            @Override
            public void onLocked(String lockId) {
                events.add("locked " + lockId);
            }

            @Override
            public void onStolen(String lockId) {
                events.add("stolen " + lockId);
            }
        };
    }

    @Test
    void echoAndCancelAndTheBlockingWrapper() {
        var params = JsonNodeFactory.instance.arrayNode().add("ping").add(7);
        assertThat(get(tcp.echo(params))).isEqualTo(params);

        Transaction tx = new Transaction(DB);
        tx.wait("Bridge", List.of(Condition.equal("name", "never-there")), List.of("name"), false, List.of(), null);
        CompletableFuture<TransactResult> waiting = raw.transact(tx);
        await().atMost(T).until(() -> get(raw.cancel(waiting)));
        assertThat(failure(waiting)).isInstanceOfSatisfying(OvsdbException.class, e -> assertThat(e.kind()).isEqualTo(OvsdbError.CANCELED));
        // The connection stays usable.
        assertThat(get(raw.listDbs())).contains(DB);

        BlockingOvsdbClient blocking = new BlockingOvsdbClient(unix, T);
        assertThat(blocking.listDbs()).contains(DB);
        Transaction bad = new Transaction(DB);
        bad.abort();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> blocking.transact(bad)).isInstanceOfSatisfying(TransactionException.class,
                e -> assertThat(e.kind()).isEqualTo(OvsdbError.ABORTED));
    }
}
