package org.vifd.ovsdb.vswitch;

import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.replica.Replica;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.replica.RowListener;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for ovs-vswitchd to apply a transaction, as {@code ovs-vsctl} does without {@code --no-wait}: the
 * transaction also increments {@code Open_vSwitch.next_cfg}; vswitchd copies it to {@code cur_cfg} once it has
 * reconfigured (ovs-vswitchd.conf.db(5)). Then every Interface the transaction inserted is checked: {@code ofport}
 * -1 or {@code error} set is a problem, reported (not thrown); an interface whose type vswitchd does not list in
 * {@code iface_types} is reported as unsupported rather than waited for.
 */
public final class VswitchdSync implements AutoCloseable {

    /** What went wrong with one interface of the transaction. */
    public record InterfaceProblem(Uuid uuid, String name, String type, Long ofport, String error, boolean unsupportedType) {
    }

    /** vswitchd reached {@code cfg}; {@code problems} lists the transaction's interfaces that did not come up. */
    public record SyncResult(long cfg, List<InterfaceProblem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private record Waiter(long cfg, List<Uuid> interfaces, CompletableFuture<SyncResult> done) {
    }

    private final OvsdbSession session;
    private final Replica replica;
    private final List<Waiter> waiters = new ArrayList<>();   // owned by the session's loop
    private final VswitchSchemaCheck schemaCheck;

    private VswitchdSync(OvsdbSession session) {
        this.session = session;
        // Typed bindings in use: check them against the server's schema on every (re)connection.
        this.schemaCheck = VswitchSchemaCheck.attach(session);
        this.replica = Replica.builder(session, "Open_vSwitch")
                .table("Open_vSwitch", "next_cfg", "cur_cfg", "iface_types")
                .table("Interface", "name", "type", "ofport", "error")
                .build();
        replica.addListener(new RowListener() {
            @Override
            public void onChanges(List<org.vifd.ovsdb.replica.RowChange> changes) {
                check(replica.view());
            }
        }, session.eventLoop());
    }

    public static VswitchdSync create(OvsdbSession session) {
        return new VswitchdSync(session);
    }

    /** The check of the typed bindings against the schema of each connection of the session. */
    public VswitchSchemaCheck schemaCheck() {
        return schemaCheck;
    }

    /** Starts the small replica this needs (and the session). */
    public CompletableFuture<ReplicaView> start() {
        return replica.start();
    }

    /**
     * Sends {@code tx} (on database Open_vSwitch) with a next_cfg increment and completes when vswitchd has applied it,
     * or fails with "timed out" after {@code timeout}. Transaction failures are the session's (see
     * {@link OvsdbSession#transact}).
     */
    public CompletableFuture<SyncResult> apply(Transaction tx, Duration timeout) {
        return submit(tx, timeout).synced();
    }

    /**
     * The two stages of one {@link #apply}: {@code committed} completes when ovsdb-server has committed the transaction
     * (its reply), {@code synced} when ovs-vswitchd has applied it (cur_cfg reached next_cfg). The first is the
     * database's time, the difference vswitchd's.
     */
    public record Pending(CompletableFuture<org.vifd.ovsdb.tx.TransactResult> committed, CompletableFuture<SyncResult> synced) {
    }

    /** Sends {@code tx} as {@link #apply} does, answering both stages. */
    public Pending submit(Transaction tx, Duration timeout) {
        List<Operation> ops = tx.operations();
        // ovsdb_idl_txn_increment: mutate next_cfg += 1, then read it back in the same transaction.
        tx.mutate("Open_vSwitch", List.of(), List.of(Mutation.add("next_cfg", 1)));
        int select = tx.select("Open_vSwitch", List.of(), List.of("next_cfg"));
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        CompletableFuture<org.vifd.ovsdb.tx.TransactResult> committed = session.transact(tx);
        committed.whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            List<Row> rows = r.get(select).rows();
            if (rows == null || rows.isEmpty() || rows.get(0).integer("next_cfg") == null) {
                done.completeExceptionally(new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), "no Open_vSwitch row to read next_cfg from"));
                return;
            }
            long cfg = rows.get(0).integer("next_cfg");
            List<Uuid> inserted = new ArrayList<>();
            for (Operation op : ops) {
                if (op instanceof Operation.Insert ins && ins.table().equals("Interface") && ins.uuidName() != null) {
                    Uuid u = r.uuidOf(ins.uuidName());
                    if (u != null) {
                        inserted.add(u);
                    }
                }
            }
            session.eventLoop().execute(() -> {
                waiters.add(new Waiter(cfg, inserted, done));
                check(replica.view());
            });
        });
        CompletableFuture<SyncResult> timed = new CompletableFuture<>();
        done.whenComplete((v, e) -> {
            if (e != null) {
                timed.completeExceptionally(e);
            } else {
                timed.complete(v);
            }
        });
        session.eventLoop().schedule(() -> timed.completeExceptionally(new OvsdbException(OvsdbError.TIMED_OUT.name(),
                "ovs-vswitchd did not reach the configuration within " + timeout)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Pending(committed, timed);
    }

    private void check(ReplicaView view) {
        Long cur = null;
        List<String> types = List.of();
        for (Row r : view.table("Open_vSwitch").values()) {
            VswitchRows.OpenVswitch root = VswitchRows.OpenVswitch.of(r);
            cur = root.curCfg();
            types = root.ifaceTypes();
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (cur == null || cur < w.cfg()) {
                continue;
            }
            it.remove();
            List<InterfaceProblem> problems = new ArrayList<>();
            for (Uuid u : w.interfaces()) {
                Row row = view.row("Interface", u).orElse(null);
                if (row == null) {
                    continue;
                }
                VswitchRows.Interface i = VswitchRows.Interface.of(row);
                String type = i.type() == null || i.type().isEmpty() ? "system" : i.type();
                boolean unsupported = !types.isEmpty() && !types.contains(type) && !type.equals("system");
                boolean failed = (i.ofport() != null && i.ofport() == -1) || (i.error() != null && !i.error().isEmpty());
                if (unsupported || failed) {
                    problems.add(new InterfaceProblem(u, i.name(), type, i.ofport(), i.error(), unsupported));
                }
            }
            w.done().complete(new SyncResult(w.cfg(), List.copyOf(problems)));
        }
    }

    @Override
    public void close() {
        schemaCheck.detach();
        replica.close();
    }
}
