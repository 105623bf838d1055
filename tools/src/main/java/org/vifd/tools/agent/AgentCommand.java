package org.vifd.tools.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.tools.Vifctl;
import org.vifd.tools.vsctl.OutputTable;
import org.vifd.tools.vsctl.TablePrinter;
import org.vifd.tools.vsctl.TableStyle;
import org.vifd.tools.vsctl.VsctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vifctl agent status|ports|leases}: what the running agent reports on its HTTP status endpoint
 * ({@code /healthz}, {@code /ports}, {@code /leases}), as an ovs-vsctl style table or the agent's own JSON.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "ask the running vifd agent (status endpoint)",
        subcommands = {AgentCommand.Status.class, AgentCommand.Ports.class, AgentCommand.Leases.class})
public final class AgentCommand {
    /** Columns of {@code /ports}, in the order the agent writes them (StatusServer). */
    static final List<String> PORT_COLUMNS =
            List.of("port_id", "iface", "ofport", "network_id", "local_vlan", "state", "reason", "last_error");
    /** Columns of {@code /leases}. */
    static final List<String> LEASE_COLUMNS = List.of("mac", "ip", "hostname", "state", "expiry");

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    Vifctl vifctl;

    /** Output format: a closed set. */
    enum Format { TABLE, JSON }

    /** The options every agent command takes. */
    public static final class Target {
        @Option(names = "--status", paramLabel = "HOST:PORT",
                description = "the agent's status endpoint (default: ${DEFAULT-VALUE}, the agent's status_listen)")
        String status = StatusEndpoint.DEFAULT_ADDRESS;

        @Option(names = "--format", paramLabel = "FORMAT", description = "table or json (default: ${DEFAULT-VALUE})")
        String format = "table";

        Format format() {
            return switch (format) {
                case "table" -> Format.TABLE;
                case "json" -> Format.JSON;
                default -> throw new VsctlException("--format: expected table or json, got '" + format + "'", 2);
            };
        }

        StatusEndpoint endpoint() {
            return StatusEndpoint.parse(status);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "the agent's health (/healthz); exits 1 when it is failing")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            Format format = target.format();
            StatusEndpoint.Answer a = target.endpoint().get("/healthz");
            if (a.status() != 200 && a.status() != 503) {
                throw new VsctlException("the agent at " + target.status + " answered " + a.status()
                        + " to /healthz: " + a.body().strip(), 1);
            }
            PrintStream out = parent.vifctl.out();
            String text = a.body().strip();
            if (format == Format.JSON) {
                ObjectNode o = JSON.createObjectNode();
                o.put("healthy", a.ok());
                o.put("status", text);
                out.println(o);
            } else {
                out.println(text);
            }
            return a.ok() ? 0 : 1;
        }
    }

    @Command(name = "ports", mixinStandardHelpOptions = true,
            description = "every port the agent knows: iface, ofport, network, local VLAN, state, last error (/ports)")
    static final class Ports implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return printList(parent.vifctl.out(), target, "/ports", PORT_COLUMNS);
        }
    }

    @Command(name = "leases", mixinStandardHelpOptions = true,
            description = "the latest DHCP lease per address: mac, ip, hostname, state, expiry (/leases)")
    static final class Leases implements Callable<Integer> {
        @ParentCommand
        AgentCommand parent;
        @Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            return printList(parent.vifctl.out(), target, "/leases", LEASE_COLUMNS);
        }
    }

    static int printList(PrintStream out, Target target, String path, List<String> columns) {
        Format format = target.format();
        StatusEndpoint endpoint = target.endpoint();
        String body = endpoint.getOk(path);
        JsonNode list;
        try {
            list = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new VsctlException("the agent at " + endpoint.address() + " sent invalid JSON for " + path + ": "
                    + e.getOriginalMessage(), 1);
        }
        if (list == null || !list.isArray()) {
            throw new VsctlException("the agent at " + endpoint.address() + " sent no JSON array for " + path, 1);
        }
        if (format == Format.JSON) {
            out.print(body.endsWith("\n") ? body : body + "\n");
            return 0;
        }
        out.print(table(list, columns));
        return 0;
    }

    /** The rows in ovs-vsctl's table format: headings, a rule of dashes, aligned columns. */
    static String table(JsonNode list, List<String> columns) {
        OutputTable t = new OutputTable(null, columns);
        for (JsonNode row : list) {
            List<OutputTable.Cell> cells = new ArrayList<>();
            for (String c : columns) {
                JsonNode v = row.path(c);
                String text = v.isMissingNode() || v.isNull() ? "" : v.asText();
                cells.add(OutputTable.Cell.text(text.isEmpty() ? "\"\"" : text));
            }
            t.addRow(cells);
        }
        return new TablePrinter(TableStyle.of("table", "bare", false, false, false, TableStyle.Format.TABLE)).print(t);
    }
}
