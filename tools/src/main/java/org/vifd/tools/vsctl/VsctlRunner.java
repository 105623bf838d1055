package org.vifd.tools.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.OperationResult;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.Row;
import org.vifd.tools.vsctl.VsctlCommands.Context;
import org.vifd.tools.vsctl.VsctlCommands.Spec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one ovs-vsctl style command line as ovs-vsctl's do_vsctl does: read what the commands need, run them in
 * order against one {@link DbModel}, commit the changes as one transaction, print each command's output, then
 * (unless --no-wait) wait until ovs-vswitchd has applied the new configuration (Open_vSwitch.cur_cfg reaches the
 * next_cfg that the transaction incremented).
 */
public final class VsctlRunner {

    public static final String DATABASE = "Open_vSwitch";

    private final VsctlOptions options;
    private final PrintStream out;

    public VsctlRunner(VsctlOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the commands; throws {@link VsctlException} with the one-line error. */
    public void run(List<VsctlCommand> commands) {
        List<Spec> specs = new ArrayList<>();
        for (VsctlCommand c : commands) {
            specs.add(VsctlCommands.check(c));
        }
        try (DirectOvsdb client = connect()) {
            Schema schema = client.getSchema(DATABASE);
            Set<String> tables = new LinkedHashSet<>();
            tables.add("Open_vSwitch");
            for (VsctlCommand c : commands) {
                tables.addAll(VsctlCommands.tablesFor(c, schema));
            }
            ChangeWatch watch = null;
            while (true) {
                DbModel db = read(client, schema, tables);
                SymbolTable symtab = new SymbolTable();
                List<CommandOutput> outputs = new ArrayList<>();
                try {
                    for (int i = 0; i < commands.size(); i++) {
                        CommandOutput o = new CommandOutput();
                        outputs.add(o);
                        VsctlCommands.run(specs.get(i), new Context(db, symtab, o, commands.get(i)));
                    }
                } catch (VsctlCommands.TryAgain again) {
                    if (watch == null) {
                        watch = new ChangeWatch(client, tables);
                        continue;   // re-read once after the monitor is in place, so no change is missed
                    }
                    watch.awaitChange(options.timeout());
                    continue;
                }
                symtab.checkAllCreated();
                commitAndPrint(client, schema, db, outputs);
                return;
            }
        }
    }

    /** A blocking client without an event loop: a one-shot command needs one request at a time. */
    private DirectOvsdb connect() {
        DirectOvsdb c = DirectOvsdb.connect(options.db(), options.requestTimeout(), options.tls());
        if (c == null) {
            throw new VsctlException("cannot connect to " + options.db() + ": only unix:, tcp: and ssl: remotes are"
                    + " supported");
        }
        return c;
    }

    private static DbModel read(DirectOvsdb client, Schema schema, Set<String> tables) {
        Transaction tx = new Transaction(DATABASE);
        List<String> order = new ArrayList<>(tables);
        for (String t : order) {
            tx.select(t, List.of());
        }
        TransactResult r = client.transact(tx);
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            rows.put(order.get(i), r.get(i).rows());
        }
        return new DbModel(schema, rows);
    }

    private void commitAndPrint(DirectOvsdb client, Schema schema, DbModel db, List<CommandOutput> outputs) {
        Map<NamedUuid, Atom> inserted = new LinkedHashMap<>();
        Long nextCfg = null;
        boolean changed = db.changed();
        if (changed && !options.dryRun()) {
            Transaction tx = new Transaction(DATABASE);
            List<Operation> ops = db.operations();
            ops.forEach(tx::add);
            int selectIndex = -1;
            DbModel.DbRow ovs = VsctlCommands.ovsRow(db);
            if (!options.noWait() && ovs != null && !ovs.isNew()) {
                List<Condition> where = List.of(Condition.equal("_uuid", ovs.id()));
                tx.mutate("Open_vSwitch", where, List.of(Mutation.add("next_cfg", 1)));
                selectIndex = tx.select("Open_vSwitch", where, List.of("next_cfg"));
            }
            tx.comment("vifctl: " + options.commandLine());
            TransactResult result;
            try {
                result = client.transact(tx);
            } catch (TransactionException e) {
                throw new VsctlException("transaction error: " + transactionError(e));
            }
            for (Operation op : ops) {
                if (op instanceof Operation.Insert ins && ins.uuidName() != null) {
                    inserted.put(ins.uuidName(), result.uuidOf(ins.uuidName()));
                }
            }
            if (selectIndex >= 0) {
                OperationResult sel = result.get(selectIndex);
                nextCfg = sel.rows().isEmpty() ? null : sel.rows().get(0).integer("next_cfg");
            }
        }
        TablePrinter printer = new TablePrinter(options.style());
        StringBuilder text = new StringBuilder();
        for (CommandOutput o : outputs) {
            if (o.table() != null) {
                text.append(printer.print(o.table()));
            } else {
                String s = o.render(inserted::get);
                text.append(options.oneline() ? oneline(s) : s);
            }
        }
        out.print(text);
        out.flush();
        if (nextCfg != null) {
            awaitCurCfg(client, nextCfg);
        }
    }

    private static String oneline(String s) {
        String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        return body.replace("\\", "\\\\").replace("\n", "\\n") + "\n";
    }

    private static String transactionError(TransactionException e) {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String details = e.operationIndex() < e.results().size() ? e.results().get(e.operationIndex()).details() : null;
        if (details == null && e.getMessage() != null) {
            details = e.details();
        }
        if (details != null) {
            o.put("details", details);
        }
        o.put("error", e.error());
        return OvsJson.write(o, false);
    }

    /** Waits until every Open_vSwitch row has cur_cfg ≥ {@code target} (ovs-vsctl's wait for ovs-vswitchd). */
    private void awaitCurCfg(DirectOvsdb client, long target) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicReference<Long> cur = new AtomicReference<>();
        client.closed().thenAccept(reason -> done.completeExceptionally(new IllegalStateException(reason)));
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.putObject("Open_vSwitch").putArray("columns").add("cur_cfg");
        JsonNode initial = client.monitor(DATABASE, "vifctl-cur-cfg", request, u -> check(u, target, cur, done));
        check(initial, target, cur, done);
        await(done, "ovs-vswitchd to reconfigure (cur_cfg " + cur.get() + ", want " + target + ")");
    }

    /** RFC 7047 §4.1.6 table-updates: {"Open_vSwitch": {uuid: {"new": {"cur_cfg": N}}}}. */
    private static void check(JsonNode updates, long target, AtomicReference<Long> cur, CompletableFuture<Void> done) {
        for (JsonNode row : updates.path("Open_vSwitch")) {
            JsonNode v = row.path("new").path("cur_cfg");
            if (v.isIntegralNumber()) {
                cur.set(v.asLong());
                if (v.asLong() >= target) {
                    done.complete(null);
                }
            }
        }
    }

    private void await(CompletableFuture<?> f, String what) {
        try {
            if (options.timeout().isZero()) {
                f.get();
            } else {
                f.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (TimeoutException e) {
            throw new VsctlException("timeout expired waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VsctlException("interrupted waiting for " + what);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new VsctlException(options.db() + ": database connection failed (" + e.getCause().getMessage() + ")");
        }
    }

    /** Tells wait-until that something in the tables it reads has changed (a monitor without initial rows). */
    private final class ChangeWatch {
        private final java.util.concurrent.Semaphore changes = new java.util.concurrent.Semaphore(0);

        ChangeWatch(DirectOvsdb client, Set<String> tables) {
            client.closed().thenAccept(reason -> changes.release(1_000_000));
            ObjectNode req = JsonNodeFactory.instance.objectNode();
            for (String t : tables) {
                // RFC 7047 §4.1.5: no initial rows, every kind of change.
                req.putObject(t).putObject("select").put("initial", false).put("insert", true).put("delete", true)
                        .put("modify", true);
            }
            client.monitor(DATABASE, "vifctl-wait-until", req, u -> changes.release());
        }

        void awaitChange(java.time.Duration timeout) {
            try {
                boolean got;
                if (timeout.isZero()) {
                    changes.acquire();
                    got = true;
                } else {
                    got = changes.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (!got) {
                    throw new VsctlException("timeout expired waiting for wait-until condition");
                }
                changes.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VsctlException("interrupted");
            }
        }
    }

    /** For messages: an OvsdbException's words without the local code prefix. */
    static String reason(OvsdbException e) {
        return e.details() != null ? e.details() : e.error();
    }
}
