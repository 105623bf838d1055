package org.vifd.tools.of;

import org.vifd.openflow.FlowBatchException;
import org.vifd.openflow.OfVersion;
import org.vifd.openflow.connection.FlowBatch;
import org.vifd.openflow.connection.SwitchConnection;
import org.vifd.openflow.protocol.FlowMod;
import org.vifd.openflow.protocol.FlowModCommand;
import org.vifd.openflow.protocol.FlowStats;
import org.vifd.openflow.protocol.FlowStatsRequest;
import org.vifd.openflow.protocol.MultipartRequest;
import org.vifd.openflow.text.FlowText;
import org.vifd.openflow.text.FlowTextException;
import org.vifd.tools.Vifctl;
import org.vifd.tools.vsctl.VsctlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code vifctl of ...}: the ovs-ofctl(8) commands an operator uses, same flow syntax and same output, against a
 * bridge name (its {@code <rundir>/<bridge>.mgmt} socket) or an explicit {@code unix:}/{@code tcp:} remote.
 */
@Command(name = "of", mixinStandardHelpOptions = true,
        description = {"OpenFlow switch commands, compatible with ovs-ofctl: vifctl of [OPTIONS] COMMAND SWITCH [ARG...]",
                "Commands: show, dump-flows SWITCH [FLOW], dump-ports-desc, dump-tables, add-flow SWITCH FLOW,",
                "add-flows SWITCH FILE, mod-flows SWITCH FLOW, del-flows SWITCH [FLOW],",
                "monitor SWITCH [MISS-LEN] [invalid_ttl] [watch:[SPEC...]] (prints what the switch sends until killed).",
                "SWITCH is a bridge name (its management socket under --rundir), unix:FILE or tcp:IP[:PORT]."})
public final class OfCommand implements Callable<Integer> {

    private static final Pattern TABLE_GIVEN = Pattern.compile("(^|[\\s,])table=");

    @ParentCommand
    Vifctl vifctl;

    @Option(names = "--strict", description = "mod-flows/del-flows: match wildcards and priority exactly")
    boolean strict;

    @Option(names = "--bundle", description = "apply all flow changes as one atomic bundle (all or nothing)")
    boolean bundle;

    @Option(names = "--no-stats", description = "dump-flows: omit flow statistics")
    boolean noStats;

    @Option(names = "--names", description = "print port names instead of numbers")
    boolean names;

    @Option(names = "--no-names", description = "print port numbers (the default unless stdout is a terminal)")
    boolean noNames;

    @Option(names = {"-O", "--protocols"}, paramLabel = "VERSIONS", split = ",",
            description = "OpenFlow versions to offer: OpenFlow13, OpenFlow14, OpenFlow15 (default: 13,14)")
    List<String> protocols = new ArrayList<>();

    @Option(names = "--rundir", paramLabel = "DIR", description = "where bridges' .mgmt sockets are (default: $OVS_RUNDIR or /var/run/openvswitch)")
    String rundir;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECS",
            description = "give up after SECS seconds (default 10); monitor: stop after SECS seconds (default: never)")
    Long timeoutSeconds;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "an ovs-ofctl command, its switch and arguments")
    List<String> words = new ArrayList<>();

    InputStream stdin = System.in;

    @Override
    public Integer call() {
        if (words.isEmpty()) {
            throw new VsctlException("missing command name (use \"vifctl of --help\" for help)", 2);
        }
        String command = words.get(0);
        List<String> args = words.subList(1, words.size());
        for (String a : args) {
            if (a.startsWith("--")) {
                throw new VsctlException("unknown option '" + a + "' (use \"vifctl of --help\" for help)", 2);
            }
        }
        switch (command) {
            case "dump-flows" -> withSwitch(command, args, 1, 2, 0, this::dumpFlows);
            case "add-flow" -> withSwitch(command, args, 2, 2, 0, s -> addFlows(s, List.of(
                    new FlowLines.Line(1, FlowModCommand.ADD, args.get(1)))));
            case "add-flows" -> {
                checkArity(command, args, 2, 2);
                List<FlowLines.Line> lines = FlowLines.read(args.get(1), stdin);
                withSwitch(command, args, 2, 2, 0, s -> addFlows(s, lines));
            }
            case "mod-flows" -> withSwitch(command, args, 2, 2, 0, s -> addFlows(s, List.of(new FlowLines.Line(1,
                    strict ? FlowModCommand.MODIFY_STRICT : FlowModCommand.MODIFY, args.get(1)))));
            case "del-flows" -> withSwitch(command, args, 1, 2, 0, s -> addFlows(s, List.of(new FlowLines.Line(1,
                    strict ? FlowModCommand.DELETE_STRICT : FlowModCommand.DELETE, args.size() > 1 ? args.get(1) : ""))));
            case "show" -> withSwitch(command, args, 1, 1, 0, s -> new SwitchPrinter(s, out()).show());
            case "dump-ports-desc" -> withSwitch(command, args, 1, 2, 0, s -> new SwitchPrinter(s, out())
                    .portsDesc(args.size() > 1 ? args.get(1) : null));
            case "dump-tables" -> withSwitch(command, args, 1, 1, 0, s -> new SwitchPrinter(s, out()).tables());
            case "monitor" -> monitor(command, args);
            default -> throw new VsctlException("unknown command '" + command + "'; use \"vifctl of --help\" for help", 2);
        }
        return 0;
    }

    /**
     * ovs-ofctl monitor: flow updates need OpenFlow 1.4 flow monitoring, so 1.4 and 1.5 are offered unless -O says
     * otherwise; runs until killed, or for --timeout seconds when given.
     */
    private void monitor(String command, List<String> args) {
        if (args.isEmpty()) {
            throw new VsctlException("'" + command + "' command requires at least 1 argument", 2);
        }
        SwitchMonitor.Request request = SwitchMonitor.Request.parse(args.subList(1, args.size()));
        SwitchTarget target = SwitchTarget.resolve(args.get(0), SwitchTarget.rundir(rundir));
        List<OfVersion> offered = protocols.isEmpty() ? List.of(OfVersion.OF_1_3, OfVersion.OF_1_4) : versions();
        Duration limit = timeoutSeconds == null || timeoutSeconds <= 0 ? null : Duration.ofSeconds(timeoutSeconds);
        new SwitchMonitor(target, offered, timeout(), limit, out()).run(request, text -> {
            try {
                return FlowText.parse(text, FlowModCommand.DELETE, Map.of());
            } catch (FlowTextException e) {
                throw new VsctlException(e.getMessage(), 2);
            }
        });
    }

    private interface SwitchWork {
        void run(OneShotSwitch s);
    }

    private void withSwitch(String command, List<String> args, int min, int max, int missSendLen, SwitchWork work) {
        checkArity(command, args, min, max);
        SwitchTarget target = SwitchTarget.resolve(args.get(0), SwitchTarget.rundir(rundir));
        try (OneShotSwitch s = OneShotSwitch.open(target, versions(), timeout(), missSendLen)) {
            work.run(s);
        }
    }

    private static void checkArity(String command, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new VsctlException("'" + command + "' command requires at least " + min + " and at most " + max
                    + " arguments", 2);
        }
    }

    private Duration timeout() {
        long secs = timeoutSeconds == null ? 10 : timeoutSeconds;
        return secs <= 0 ? Duration.ofDays(1) : Duration.ofSeconds(secs);
    }

    List<OfVersion> versions() {
        if (protocols.isEmpty()) {
            return List.of(OfVersion.OF_1_3, OfVersion.OF_1_4);
        }
        List<OfVersion> v = new ArrayList<>();
        for (String p : protocols) {
            v.add(switch (p) {
                case "OpenFlow13" -> OfVersion.OF_1_3;
                case "OpenFlow14" -> OfVersion.OF_1_4;
                case "OpenFlow15" -> OfVersion.OF_1_5;
                default -> throw new VsctlException(p + ": unsupported OpenFlow version (vifctl speaks OpenFlow13,"
                        + " OpenFlow14, OpenFlow15)", 2);
            });
        }
        return v;
    }

    private PrintStream out() {
        return vifctl.out();
    }

    private void dumpFlows(OneShotSwitch s) {
        SwitchConnection c = s.connection();
        FlowStatsRequest request = FlowStatsRequest.all();
        List<String> args = words.subList(1, words.size());
        if (args.size() > 1) {
            FlowMod filter = parse(s, args.get(1), FlowModCommand.DELETE);
            request = new FlowStatsRequest(false, filter.tableId(), filter.outPort(), filter.outGroup(), filter.cookie(),
                    filter.cookieMask(), filter.match());
        }
        List<FlowStats> flows = s.await(c.flowStats(request), "flow stats request");
        FlowText.Options options = (noStats ? FlowText.Options.NO_STATS : FlowText.Options.STATS)
                .withPortNames(portNamesForOutput(s));
        StringBuilder text = new StringBuilder();
        if (!noStats) {
            // ovs-ofctl prints the reply's header (with its xid) only with statistics.
            text.append("OFPST_FLOW reply (").append(c.version()).append("):\n");
        }
        for (FlowStats f : flows) {
            text.append(' ').append(FlowText.print(f, options)).append('\n');
        }
        out().print(text);
        out().flush();
    }

    /** Sends the flow-mods pipelined with one barrier, or as one atomic bundle with --bundle. */
    private void addFlows(OneShotSwitch s, List<FlowLines.Line> lines) {
        List<FlowMod> mods = new ArrayList<>();
        for (FlowLines.Line l : lines) {
            FlowModCommand command = l.command();
            if (strict && command == FlowModCommand.MODIFY) {
                command = FlowModCommand.MODIFY_STRICT;
            } else if (strict && command == FlowModCommand.DELETE) {
                command = FlowModCommand.DELETE_STRICT;
            }
            try {
                mods.add(parse(s, l.flow(), command));
            } catch (VsctlException e) {
                throw lines.size() > 1 ? new VsctlException("line " + l.number() + ": " + e.getMessage()) : e;
            }
        }
        if (mods.isEmpty()) {
            return;
        }
        SwitchConnection c = s.connection();
        FlowBatch batch = FlowBatch.of(mods);
        String what = bundle ? "bundle of " + mods.size() + " flow-mod(s)" : mods.size() + " flow-mod(s)";
        s.await(bundle ? c.bundle(batch, true) : c.apply(batch), what, cause -> describe(cause, lines));
    }

    /** A batch failure as one line: which flow (line and text) the switch refused, and its error. */
    private String describe(Throwable cause, List<FlowLines.Line> lines) {
        if (!(cause instanceof FlowBatchException fb) || fb.failures().isEmpty()) {
            return null;
        }
        FlowBatchException.Failure first = fb.failures().get(0);
        FlowLines.Line line = lines.get(first.index());
        StringBuilder s = new StringBuilder();
        if (lines.size() > 1) {
            s.append("line ").append(line.number()).append(' ');
        }
        s.append('`').append(line.flow()).append("': ").append(first.error().getMessage());
        if (fb.failures().size() > 1) {
            s.append(" (and ").append(fb.failures().size() - 1).append(" more)");
        }
        s.append(bundle ? "; bundle discarded, no flow changed" : "");
        return s.toString();
    }

    /**
     * Parses one flow for {@code command}; port names are looked up (one port-desc request) only when the text
     * does not parse without them. Commands that select flows (delete, dump) apply to every table unless the text
     * names one, as ovs-ofctl's do; add and modify default to table 0.
     */
    private FlowMod parse(OneShotSwitch s, String text, FlowModCommand command) {
        FlowMod fm;
        try {
            fm = FlowText.parse(text, command, Map.of());
        } catch (FlowTextException first) {
            Map<String, Long> byName = new HashMap<>();
            portNames(s).forEach((no, name) -> byName.put(name, no));
            try {
                fm = FlowText.parse(text, command, byName);
            } catch (FlowTextException e) {
                throw new VsctlException(e.getMessage());
            }
        }
        boolean selects = command == FlowModCommand.DELETE || command == FlowModCommand.DELETE_STRICT;
        if (selects && !TABLE_GIVEN.matcher(text).find()) {
            fm = fm.toBuilder().tableId(FlowMod.TABLE_ALL).build();
        }
        return fm;
    }

    private Map<Long, String> portNamesCache;

    Map<Long, String> portNames(OneShotSwitch s) {
        if (portNamesCache == null) {
            Map<Long, String> m = new HashMap<>();
            for (PortDescription p : portDescriptions(s)) {
                m.put(p.portNo(), p.name());
            }
            portNamesCache = m;
        }
        return portNamesCache;
    }

    static List<PortDescription> portDescriptions(OneShotSwitch s) {
        byte[] body = s.await(s.connection().multipart(MultipartRequest.portDesc()), "port description request");
        try {
            return PortDescription.decodeAll(body, s.connection().version());
        } catch (IllegalArgumentException e) {
            throw new VsctlException(s.target().name() + ": " + e.getMessage());
        }
    }

    /** Port names for output: with --names, or by default when stdout is a terminal (ovs-ofctl's rule). */
    private Map<Long, String> portNamesForOutput(OneShotSwitch s) {
        boolean show = names || (!noNames && System.console() != null && vifctl.out() == System.out);
        return show ? portNames(s) : Map.of();
    }
}
