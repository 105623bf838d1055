package org.vifd.tools;

import org.vifd.tools.agent.AgentCommand;
import org.vifd.tools.of.OfCommand;
import org.vifd.tools.ovsdb.OvsdbCommand;
import org.vifd.tools.vif.VifCommand;
import org.vifd.tools.vsctl.TableStyle;
import org.vifd.tools.vsctl.TlsFiles;
import org.vifd.tools.vsctl.VsctlCommand;
import org.vifd.tools.vsctl.VsctlException;
import org.vifd.tools.vsctl.VsctlOptions;
import org.vifd.tools.vsctl.VsctlRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code vifctl}: the operator's tool. Without a subcommand it is ovs-vsctl (same global options, same commands,
 * {@code --} chaining into one transaction, same output); subcommand groups add the rest: {@code vifctl ovsdb ...}
 * (like ovsdb-client), and later {@code vifctl of ...}, {@code vifctl vif ...}, {@code vifctl agent ...}, each a
 * picocli {@code @Command} registered in {@link #GROUPS}.
 */
@Command(name = "vifctl", mixinStandardHelpOptions = true, version = "vifctl 0.1.0",
        description = {"Open vSwitch configuration, compatible with ovs-vsctl: vifctl [OPTIONS] COMMAND [ARG...] [-- COMMAND ...]",
                "Commands: show, list-br, br-exists, list-ports, list-ifaces, port-to-br, iface-to-br, add-br, del-br, add-port,",
                "del-port, get, set, add, remove, clear, list, find, create, destroy, wait-until, set/get/del-controller,",
                "set/get/del-fail-mode, br-set-external-id, br-get-external-id, set/get/del-manager, init.",
                "Command options (--may-exist, --if-exists, --id=@name, --columns=..., --with-iface, --all) go before the command."})
public final class Vifctl implements Callable<Integer> {

    /** Subcommand groups; a new area (of, vif, agent) adds its class here. */
    static final List<Class<?>> GROUPS = List.of(OvsdbCommand.class, OfCommand.class, VifCommand.class,
            AgentCommand.class);

    /**
     * The names of {@link #GROUPS}, spelled out so that the fast path does not read annotations (reflection and
     * annotation proxies cost a one-shot run tens of milliseconds); a test checks that they agree.
     */
    static final java.util.Set<String> GROUP_NAMES = java.util.Set.of("ovsdb", "of", "vif", "agent");

    @Option(names = "--db", paramLabel = "REMOTE", description = "database to contact (default: ${DEFAULT-VALUE}); tcp:IP[:PORT], ssl:IP[:PORT], unix:FILE")
    String db = VsctlOptions.DEFAULT_DB;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECS", description = "give up after SECS seconds (0: wait forever)")
    long timeoutSeconds;

    @Option(names = "--no-wait", description = "do not wait for ovs-vswitchd to reconfigure")
    boolean noWait;

    @Option(names = "--dry-run", description = "do not commit changes to the database")
    boolean dryRun;

    @Option(names = "--oneline", description = "print exactly one line of output per command")
    boolean oneline;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table output format: table, list, csv, json")
    String format;

    @Option(names = {"-d", "--data"}, paramLabel = "FORMAT", description = "cell format: string, bare, json")
    String data;

    @Option(names = "--no-headings", description = "omit table headings")
    boolean noHeadings;

    @Option(names = "--pretty", description = "pretty-print JSON output")
    boolean pretty;

    @Option(names = "--bare", description = "same as --format=list --data=bare --no-headings")
    boolean bare;

    @Option(names = {"-p", "--private-key"}, paramLabel = "FILE", description = "ssl: remotes: our private key (PEM)")
    String privateKey;

    @Option(names = {"-c", "--certificate"}, paramLabel = "FILE", description = "ssl: remotes: our certificate (PEM)")
    String certificate;

    @Option(names = {"-C", "--ca-cert"}, paramLabel = "FILE",
            description = "ssl: remotes: the CA certificate that signed the server's (PEM)")
    String caCert;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "an ovs-vsctl command and its arguments")
    List<String> words = new ArrayList<>();

    private PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * ovs-vsctl commands skip picocli's model building (reflection over the annotations costs more than the
     * command itself on a one-shot run): the global options are read here with the same meaning, and anything
     * this reader does not know (help, version, a subcommand group, a malformed option) goes through picocli.
     */
    static Vifctl fastPath(String[] args) {
        Vifctl app = new Vifctl();
        int i = 0;
        while (i < args.length && args[i].startsWith("-") && !args[i].equals("--")) {
            String a = args[i];
            int eq = a.indexOf('=');
            String name = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
            boolean takesValue = switch (name) {
                case "--db", "-t", "--timeout", "-f", "--format", "-d", "--data", "-p", "--private-key", "-c",
                        "--certificate", "-C", "--ca-cert" -> true;
                default -> false;
            };
            String value = null;
            if (takesValue) {
                if (eq > 0 && a.startsWith("--")) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return null;
                }
            } else if (eq > 0 && !name.startsWith("--")) {
                return null;
            }
            switch (name) {
                case "--db" -> app.db = value;
                case "-t", "--timeout" -> {
                    try {
                        app.timeoutSeconds = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                case "-f", "--format" -> app.format = value;
                case "-d", "--data" -> app.data = value;
                case "-p", "--private-key" -> app.privateKey = value;
                case "-c", "--certificate" -> app.certificate = value;
                case "-C", "--ca-cert" -> app.caCert = value;
                case "--no-wait" -> app.noWait = true;
                case "--dry-run" -> app.dryRun = true;
                case "--oneline" -> app.oneline = true;
                case "--no-headings" -> app.noHeadings = true;
                case "--pretty" -> app.pretty = true;
                case "--bare" -> app.bare = true;
                case "-h", "--help", "-V", "--version" -> {
                    return null;
                }
                default -> {
                    if (!a.startsWith("--")) {
                        return null;
                    }
                    // A command option (--may-exist, --id=@x, --columns=...): from here on the words are commands.
                    app.words = new ArrayList<>(List.of(args).subList(i, args.length));
                    return app;
                }
            }
            i++;
        }
        if (i >= args.length) {
            return null;
        }
        if (GROUP_NAMES.contains(args[i])) {
            return null;
        }
        app.words = new ArrayList<>(List.of(args).subList(i, args.length));
        return app;
    }

    /** Runs vifctl in this JVM; answers the exit code (tests call this with their own streams). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Vifctl fast = fastPath(args);
        if (fast != null) {
            fast.out = out;
            try {
                int code = fast.call();
                out.flush();
                return code;
            } catch (VsctlException ve) {
                out.flush();
                if (ve.getMessage() != null) {
                    err.println("vifctl: " + ve.getMessage());
                }
                err.flush();
                return ve.exitCode();
            } catch (RuntimeException e) {
                out.flush();
                err.println("vifctl: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                err.flush();
                return 1;
            }
        }
        Vifctl app = new Vifctl();
        app.out = out;
        CommandLine cl = commandLine(app);
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        // A usage error is one line, as ovs-vsctl's and ovs-ofctl's are; --help prints the usage.
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("vifctl: " + e.getMessage() + " (use --help for help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof VsctlException ve) {
                if (ve.getMessage() != null) {
                    err.println("vifctl: " + ve.getMessage());
                }
                return ve.exitCode();
            }
            err.println("vifctl: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command model (also used to generate bash completion and the man page). */
    public static CommandLine commandLine(Vifctl app) {
        CommandLine cl = new CommandLine(app);
        for (Class<?> group : GROUPS) {
            cl.addSubcommand(group);
        }
        // ovs-vsctl syntax: global options stop at the first command word; "--" separates commands and is kept.
        cl.setStopAtPositional(true);
        cl.setUnmatchedOptionsArePositionalParams(true);
        cl.setEndOfOptionsDelimiter("--vifctl-no-end-of-options-delimiter");
        // ovs-ofctl takes its options anywhere on the line (getopt permutes): "vifctl of dump-flows --no-stats br0".
        CommandLine of = cl.getSubcommands().get("of");
        of.setStopAtPositional(false);
        of.setUnmatchedOptionsArePositionalParams(false);
        return cl;
    }

    public VsctlOptions vsctlOptions(TableStyle.Format defaultFormat) {
        return new VsctlOptions(db, Duration.ofSeconds(timeoutSeconds), noWait, dryRun, oneline,
                TableStyle.of(format, data, noHeadings, pretty, bare, defaultFormat), String.join(" ", words),
                new TlsFiles(privateKey, certificate, caCert));
    }

    @Override
    public Integer call() {
        if (words.isEmpty()) {
            throw new VsctlException("missing command name (use --help for help)", 2);
        }
        List<VsctlCommand> commands = VsctlCommand.parse(words, Map.of());
        new VsctlRunner(vsctlOptions(TableStyle.Format.LIST), out).run(commands);
        return 0;
    }

    public PrintStream out() {
        return out;
    }
}
