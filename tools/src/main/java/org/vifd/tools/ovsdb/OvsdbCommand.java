package org.vifd.tools.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.client.BlockingOvsdbClient;
import org.vifd.ovsdb.client.MonitorRequest;
import org.vifd.ovsdb.client.OvsdbListener;
import org.vifd.ovsdb.client.RowUpdate;
import org.vifd.ovsdb.client.TableUpdates;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.tools.Vifctl;
import org.vifd.tools.vsctl.Connections;
import org.vifd.tools.vsctl.Datum;
import org.vifd.tools.vsctl.OutputTable;
import org.vifd.tools.vsctl.OvsJson;
import org.vifd.tools.vsctl.TablePrinter;
import org.vifd.tools.vsctl.TableStyle;
import org.vifd.tools.vsctl.VsctlException;
import org.vifd.tools.vsctl.VsctlOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code vifctl ovsdb ...}: the ovsdb-client(1) methods an operator uses, against the global {@code --db} remote
 * (or a SERVER given first, as ovsdb-client takes it).
 */
@Command(name = "ovsdb", description = "talk to an OVSDB server like ovsdb-client", mixinStandardHelpOptions = true,
        subcommands = {OvsdbCommand.ListDbs.class, OvsdbCommand.GetSchema.class, OvsdbCommand.ListTables.class,
                OvsdbCommand.Dump.class, OvsdbCommand.Monitor.class, OvsdbCommand.Transact.class})
public final class OvsdbCommand {

    @ParentCommand
    Vifctl vifctl;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Splits "[SERVER] rest..." the way ovsdb-client does: a first word with a connection-method prefix is the server. */
    static Target target(OvsdbCommand parent, List<String> args) {
        List<String> rest = new ArrayList<>(args);
        String remote = parent.vifctl.vsctlOptions(TableStyle.Format.TABLE).db();
        if (!rest.isEmpty() && rest.get(0).matches("(tcp|ssl|unix|ptcp|pssl|punix):.*")) {
            remote = rest.remove(0);
        }
        return new Target(remote, rest);
    }

    record Target(String remote, List<String> args) {
        BlockingOvsdbClient connect(VsctlOptions o) {
            return Connections.connect(remote, o.requestTimeout(), o.tls());
        }

        /** The database named first, else "Open_vSwitch" (ovsdb-client's default). */
        String db(BlockingOvsdbClient client, boolean consume) {
            if (!args.isEmpty()) {
                List<String> dbs = client.listDbs();
                if (dbs.contains(args.get(0))) {
                    return consume ? args.remove(0) : args.get(0);
                }
            }
            return "Open_vSwitch";
        }
    }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        OvsdbCommand parent;

        @Parameters(arity = "0..*", paramLabel = "ARG")
        List<String> args = new ArrayList<>();

        VsctlOptions options() {
            return parent.vifctl.vsctlOptions(TableStyle.Format.TABLE);
        }

        PrintStream out() {
            return parent.vifctl.out();
        }
    }

    @Command(name = "list-dbs", description = "list the databases the server holds")
    static final class ListDbs extends Sub {
        @Override
        public Integer call() {
            Target t = target(parent, args);
            try (BlockingOvsdbClient c = t.connect(options())) {
                c.listDbs().forEach(out()::println);
            }
            return 0;
        }
    }

    @Command(name = "get-schema", description = "print a database's schema as JSON")
    static final class GetSchema extends Sub {
        @Override
        public Integer call() {
            Target t = target(parent, args);
            try (BlockingOvsdbClient c = t.connect(options())) {
                String db = t.db(c, true);
                JsonNode schema = c.async().call("get_schema", JsonNodeFactory.instance.arrayNode().add(db)).join();
                out().println(OvsJson.write(schema, options().style().pretty()));
            }
            return 0;
        }
    }

    @Command(name = "list-tables", description = "list a database's tables")
    static final class ListTables extends Sub {
        @Override
        public Integer call() {
            Target t = target(parent, args);
            try (BlockingOvsdbClient c = t.connect(options())) {
                Schema s = c.getSchema(t.db(c, true));
                OutputTable table = new OutputTable(null, List.of("Table"));
                s.tables().keySet().stream().sorted().forEach(n -> table.addRow(List.of(OutputTable.Cell.text(n))));
                out().print(new TablePrinter(options().style()).print(table));
            }
            return 0;
        }
    }

    @Command(name = "dump", description = "print every row of a database (or of TABLE, COLUMNs), like ovsdb-client dump")
    static final class Dump extends Sub {
        @Override
        public Integer call() {
            Target t = target(parent, args);
            try (BlockingOvsdbClient c = t.connect(options())) {
                String db = t.db(c, true);
                Schema s = c.getSchema(db);
                List<String> tables = new ArrayList<>(s.tables().keySet());
                List<String> columns = null;
                if (!t.args().isEmpty()) {
                    String name = t.args().get(0);
                    if (s.table(name) == null) {
                        throw new VsctlException("unknown table \"" + name + "\"");
                    }
                    tables = new ArrayList<>(List.of(name));
                    columns = t.args().size() > 1 ? t.args().subList(1, t.args().size()) : null;
                }
                tables.sort(Comparator.naturalOrder());
                Transaction tx = new Transaction(db);
                tables.forEach(n -> tx.select(n, List.of()));
                TransactResult r = c.transact(tx);
                TablePrinter printer = new TablePrinter(options().style());
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < tables.size(); i++) {
                    text.append(printer.print(dumpTable(s.table(tables.get(i)), columns, r.get(i).rows())));
                }
                out().print(text);
            }
            return 0;
        }
    }

    /** ovsdb-client dump_table: columns sorted by name ("_uuid" first), rows sorted by their values column by column. */
    static OutputTable dumpTable(TableSchema ts, List<String> only, List<Row> rows) {
        List<ColumnSchema> cols = new ArrayList<>();
        if (only != null) {
            for (String n : only) {
                ColumnSchema col = ts.column(n);
                if (col == null) {
                    throw new VsctlException("Table " + ts.name() + " does not contain a column named \"" + n + "\"");
                }
                cols.add(col);
            }
        } else {
            ts.columns().values().stream().filter(col -> !col.name().equals(TableSchema.VERSION_COLUMN)).forEach(cols::add);
        }
        cols.sort(Comparator.comparing(ColumnSchema::name));
        List<List<Datum>> data = new ArrayList<>();
        for (Row row : rows) {
            List<Datum> d = new ArrayList<>();
            for (ColumnSchema col : cols) {
                d.add(Datum.of(row.get(col.name()), col.type()));
            }
            data.add(d);
        }
        data.sort((a, b) -> {
            for (int i = 0; i < a.size(); i++) {
                int c = a.get(i).compareTo(b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        OutputTable table = new OutputTable(ts.name() + " table", cols.stream().map(ColumnSchema::name).toList());
        for (List<Datum> d : data) {
            List<OutputTable.Cell> cells = new ArrayList<>();
            for (int i = 0; i < cols.size(); i++) {
                cells.add(OutputTable.Cell.of(d.get(i), cols.get(i).type()));
            }
            table.addRow(cells);
        }
        return table;
    }

    @Command(name = "monitor", description = "print TABLE's rows, then every change until interrupted (like ovsdb-client monitor)")
    static final class Monitor extends Sub {
        @Override
        public Integer call() throws InterruptedException {
            Target t = target(parent, args);
            BlockingOvsdbClient c = t.connect(options());
            String db = t.db(c, true);
            Schema s = c.getSchema(db);
            if (t.args().isEmpty()) {
                throw new VsctlException("monitor: missing TABLE", 2);
            }
            TableSchema ts = s.table(t.args().get(0));
            if (ts == null) {
                throw new VsctlException("unknown table \"" + t.args().get(0) + "\"");
            }
            List<String> columns = new ArrayList<>();
            for (String arg : t.args().subList(1, t.args().size())) {
                for (String col : arg.split(",")) {
                    if (ts.column(col) == null) {
                        throw new VsctlException("Table " + ts.name() + " does not contain a column named \"" + col + "\"");
                    }
                    columns.add(col);
                }
            }
            if (columns.isEmpty()) {
                ts.columns().keySet().stream().filter(n -> !n.startsWith("_")).sorted().forEach(columns::add);
            }
            TablePrinter printer = new TablePrinter(options().style());
            CountDownLatch closed = new CountDownLatch(1);
            PrintStream out = out();
            c.async().addListener(new OvsdbListener() {
                @Override
                public void onUpdate(String monitorId, TableUpdates<RowUpdate> updates) {
                    synchronized (out) {
                        out.print(printer.print(updateTable(ts, columns, updates, false)));
                        out.flush();
                    }
                }

                @Override
                public void onDisconnected(Throwable cause) {
                    closed.countDown();
                }
            });
            TableUpdates<RowUpdate> initial = c.monitor(db, "vifctl-monitor", Map.of(ts.name(), new MonitorRequest(columns, null, null)));
            synchronized (out) {
                out.print(printer.print(updateTable(ts, columns, initial, true)));
                out.flush();
            }
            closed.await();
            throw new VsctlException("connection to " + t.remote() + " closed");
        }
    }

    /** ovsdb-client monitor's table: row, action, then the monitored columns (a modify prints old and new). */
    static OutputTable updateTable(TableSchema ts, List<String> columns, TableUpdates<RowUpdate> updates, boolean initial) {
        List<String> headings = new ArrayList<>(List.of("row", "action"));
        headings.addAll(columns);
        OutputTable table = new OutputTable(null, headings);
        TreeMap<String, RowUpdate> sorted = new TreeMap<>();
        updates.table(ts.name()).forEach((Uuid id, RowUpdate u) -> sorted.put(id.toString(), u));
        for (RowUpdate u : sorted.values()) {
            if (u.oldRow() != null && u.newRow() != null) {
                table.addRow(cells(ts, columns, u.uuid().toString(), "old", u.oldRow(), true));
                table.addRow(cells(ts, columns, "", "new", u.newRow(), false));
            } else if (u.newRow() != null) {
                table.addRow(cells(ts, columns, u.uuid().toString(), initial ? "initial" : "insert", u.newRow(), false));
            } else {
                table.addRow(cells(ts, columns, u.uuid().toString(), "delete", u.oldRow(), false));
            }
        }
        return table;
    }

    private static List<OutputTable.Cell> cells(TableSchema ts, List<String> columns, String row, String action, Row r, boolean sparse) {
        List<OutputTable.Cell> cells = new ArrayList<>(List.of(OutputTable.Cell.text(row), OutputTable.Cell.text(action)));
        for (String col : columns) {
            if (sparse && !r.has(col)) {
                cells.add(OutputTable.Cell.text(""));
            } else {
                cells.add(OutputTable.Cell.of(Datum.of(r.get(col), ts.column(col).type()), ts.column(col).type()));
            }
        }
        return cells;
    }

    @Command(name = "transact", description = "send TRANSACTION (a JSON array: [\"DB\", op...]) and print the reply's result")
    static final class Transact extends Sub {
        @Override
        public Integer call() {
            Target t = target(parent, args);
            if (t.args().size() != 1) {
                throw new VsctlException("transact: want exactly one TRANSACTION argument", 2);
            }
            JsonNode params;
            try {
                params = JSON.readTree(t.args().get(0));
            } catch (IOException e) {
                throw new VsctlException("transact: TRANSACTION is not JSON: " + e.getMessage(), 2);
            }
            if (!params.isArray()) {
                throw new VsctlException("transact: TRANSACTION must be a JSON array", 2);
            }
            try (BlockingOvsdbClient c = t.connect(options())) {
                JsonNode result = c.async().call("transact", params).join();
                out().println(OvsJson.write(result, options().style().pretty()));
            } catch (java.util.concurrent.CompletionException e) {
                throw new VsctlException("transact: " + e.getCause().getMessage());
            }
            return 0;
        }
    }
}
