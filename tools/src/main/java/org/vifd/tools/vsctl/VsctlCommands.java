package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.tools.vsctl.DbModel.DbRow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ovs-vsctl commands (utilities/ovs-vsctl.c and lib/db-ctl-base.c), each working on a {@link DbModel} so that
 * commands chained with {@code --} form one transaction.
 */
public final class VsctlCommands {

    /** The state one invocation's commands share. */
    public static final class Context {
        final DbModel db;
        final SymbolTable symtab;
        final CommandOutput out;
        final VsctlCommand cmd;

        Context(DbModel db, SymbolTable symtab, CommandOutput out, VsctlCommand cmd) {
            this.db = db;
            this.symtab = symtab;
            this.out = out;
            this.cmd = cmd;
        }
    }

    /** Thrown by wait-until when its condition does not hold yet: the runner waits for a change and runs again. */
    public static final class TryAgain extends RuntimeException {
        public TryAgain() {
            super(null, null, false, false);
        }
    }

    interface Handler {
        void run(Context ctx);
    }

    /** A command's syntax: argument counts, the options it takes, the tables it reads. */
    record Spec(String name, int minArgs, int maxArgs, String usage, Set<String> options, Set<String> tables, Handler handler) {
    }

    static final Set<String> VSWITCH = Set.of("Open_vSwitch", "Bridge", "Port", "Interface");
    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        Set<String> withController = union(VSWITCH, Set.of("Controller"));
        reg("init", 0, 0, "", Set.of(), Set.of("Open_vSwitch"), VsctlCommands::init);
        reg("show", 0, 0, "", Set.of(), Set.of("Open_vSwitch", "Bridge", "Port", "Interface", "Controller", "Manager"),
                c -> c.out.line(ShowPrinter.show(c.db).stripTrailing()));
        reg("add-br", 1, 3, "NEW-BRIDGE [PARENT] [NEW-VLAN]", Set.of("--may-exist"), VSWITCH, VsctlCommands::addBr);
        reg("del-br", 1, 1, "BRIDGE", Set.of("--if-exists"), union(VSWITCH, Set.of("Flow_Sample_Collector_Set")), VsctlCommands::delBr);
        reg("list-br", 0, 0, "", Set.of("--real", "--fake"), VSWITCH, VsctlCommands::listBr);
        reg("br-exists", 1, 1, "BRIDGE", Set.of(), VSWITCH, VsctlCommands::brExists);
        reg("br-set-external-id", 2, 3, "BRIDGE KEY [VALUE]", Set.of(), VSWITCH, VsctlCommands::brSetExternalId);
        reg("br-get-external-id", 1, 2, "BRIDGE [KEY]", Set.of(), VSWITCH, VsctlCommands::brGetExternalId);
        reg("list-ports", 1, 1, "BRIDGE", Set.of(), VSWITCH, VsctlCommands::listPorts);
        reg("add-port", 2, Integer.MAX_VALUE, "BRIDGE NEW-PORT [COLUMN[:KEY]=VALUE]...", Set.of("--may-exist"), VSWITCH,
                VsctlCommands::addPort);
        reg("del-port", 1, 2, "[BRIDGE] PORT|IFACE", Set.of("--if-exists", "--with-iface"), VSWITCH, VsctlCommands::delPort);
        reg("port-to-br", 1, 1, "PORT", Set.of(), VSWITCH, VsctlCommands::portToBr);
        reg("list-ifaces", 1, 1, "BRIDGE", Set.of(), VSWITCH, VsctlCommands::listIfaces);
        reg("iface-to-br", 1, 1, "IFACE", Set.of(), VSWITCH, VsctlCommands::ifaceToBr);
        reg("get-controller", 1, 1, "BRIDGE", Set.of(), withController, VsctlCommands::getController);
        reg("del-controller", 1, 1, "BRIDGE", Set.of(), withController, VsctlCommands::delController);
        reg("set-controller", 1, Integer.MAX_VALUE, "BRIDGE TARGET...", Set.of(), withController, VsctlCommands::setController);
        reg("get-fail-mode", 1, 1, "BRIDGE", Set.of(), VSWITCH, VsctlCommands::getFailMode);
        reg("del-fail-mode", 1, 1, "BRIDGE", Set.of(), VSWITCH, VsctlCommands::delFailMode);
        reg("set-fail-mode", 2, 2, "BRIDGE MODE", Set.of(), VSWITCH, VsctlCommands::setFailMode);
        reg("get-manager", 0, 0, "", Set.of(), Set.of("Open_vSwitch", "Manager"), VsctlCommands::getManager);
        reg("del-manager", 0, 0, "", Set.of(), Set.of("Open_vSwitch", "Manager"), VsctlCommands::delManager);
        reg("set-manager", 1, Integer.MAX_VALUE, "TARGET...", Set.of(), Set.of("Open_vSwitch", "Manager"), VsctlCommands::setManager);
        // Generic database commands (lib/db-ctl-base.c); they read the table named in their first argument.
        reg("get", 3, Integer.MAX_VALUE, "TABLE RECORD [COLUMN[:KEY]]...", Set.of("--if-exists", "--id"), null, DbCommands::get);
        reg("list", 1, Integer.MAX_VALUE, "TABLE [RECORD]...", Set.of("--if-exists", "--columns"), null, DbCommands::list);
        reg("find", 1, Integer.MAX_VALUE, "TABLE [COLUMN[:KEY]=VALUE]...", Set.of("--columns"), null, DbCommands::find);
        reg("set", 3, Integer.MAX_VALUE, "TABLE RECORD COLUMN[:KEY]=VALUE...", Set.of("--if-exists"), null, DbCommands::set);
        reg("add", 4, Integer.MAX_VALUE, "TABLE RECORD COLUMN [KEY=]VALUE...", Set.of("--if-exists"), null, DbCommands::add);
        reg("remove", 4, Integer.MAX_VALUE, "TABLE RECORD COLUMN KEY|VALUE|KEY=VALUE...", Set.of("--if-exists"), null,
                DbCommands::remove);
        reg("clear", 3, Integer.MAX_VALUE, "TABLE RECORD COLUMN...", Set.of("--if-exists"), null, DbCommands::clear);
        reg("create", 2, Integer.MAX_VALUE, "TABLE COLUMN[:KEY]=VALUE...", Set.of("--id"), null, DbCommands::create);
        reg("destroy", 1, Integer.MAX_VALUE, "TABLE [RECORD]...", Set.of("--if-exists", "--all"), null, DbCommands::destroy);
        reg("wait-until", 2, Integer.MAX_VALUE, "TABLE RECORD [COLUMN[:KEY]=VALUE]...", Set.of(), null, DbCommands::waitUntil);
    }

    private VsctlCommands() {
    }

    private static void reg(String name, int min, int max, String usage, Set<String> options, Set<String> tables, Handler h) {
        SPECS.put(name, new Spec(name, min, max, usage, options, tables, h));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** The names of all commands, in the order of ovs-vsctl's help. */
    public static Set<String> names() {
        return SPECS.keySet();
    }

    /** Checks a command's name, argument count and options (db-ctl-base parse_command); answers its spec. */
    static Spec check(VsctlCommand c) {
        Spec s = SPECS.get(c.name());
        if (s == null) {
            throw new VsctlException("unknown command '" + c.name() + "'; use --help for help");
        }
        for (String opt : c.options().keySet()) {
            if (!s.options().contains(opt)) {
                throw new VsctlException("'" + c.name() + "' command has no '" + opt + "' option");
            }
        }
        int n = c.args().size();
        if (n < s.minArgs()) {
            throw new VsctlException(s.minArgs() == s.maxArgs()
                    ? "'" + c.name() + "' command requires exactly " + s.minArgs() + " arguments"
                    : "'" + c.name() + "' command requires at least " + s.minArgs() + " arguments");
        }
        if (n > s.maxArgs()) {
            throw new VsctlException(s.minArgs() == s.maxArgs() && s.minArgs() > 0
                    ? "'" + c.name() + "' command requires exactly " + s.minArgs() + " arguments"
                    : "'" + c.name() + "' command takes at most " + s.maxArgs() + " arguments");
        }
        return s;
    }

    /** Whether a command only reads (for the next_cfg wait, and for the log level). */
    static boolean isReadOnly(String name) {
        return Set.of("show", "list-br", "br-exists", "br-get-external-id", "list-ports", "port-to-br", "list-ifaces",
                "iface-to-br", "get-controller", "get-fail-mode", "get-manager", "get", "list", "find", "wait-until").contains(name);
    }

    /** The tables a command reads, given the schema (generic commands read their table and the tables its records are named through). */
    static Set<String> tablesFor(VsctlCommand c, org.vifd.ovsdb.schema.Schema schema) {
        Spec s = check(c);
        if (s.tables() != null) {
            Set<String> t = new LinkedHashSet<>();
            for (String name : s.tables()) {
                if (schema.table(name) != null) {
                    t.add(name);
                }
            }
            return t;
        }
        TableSchema table = RecordFinder.table(schema, c.arg(0));
        Set<String> t = new LinkedHashSet<>();
        t.add(table.name());
        // Record names may go through another table; references may be resolved by later commands: read them all.
        t.addAll(schema.tables().keySet());
        return t;
    }

    static void run(Spec spec, Context ctx) {
        spec.handler().run(ctx);
    }

    // ---- the bridge/port/interface view (ovs-vsctl's vsctl_context cache) ----

    /** Bridges, ports and interfaces by name, as ovs-vsctl's cache builds them from Open_vSwitch.bridges down. */
    static final class Topology {
        final Map<String, DbRow> bridges = new LinkedHashMap<>();
        final Map<String, DbRow> ports = new LinkedHashMap<>();
        final Map<String, DbRow> portBridge = new LinkedHashMap<>();
        final Map<String, DbRow> ifaces = new LinkedHashMap<>();
        final Map<String, DbRow> ifacePort = new LinkedHashMap<>();

        Topology(DbModel db) {
            DbRow ovs = ovsRow(db);
            if (ovs == null) {
                return;
            }
            for (Atom b : ovs.refs("bridges")) {
                DbRow br = db.row("Bridge", b);
                if (br == null || bridges.containsKey(br.string("name"))) {
                    continue;
                }
                bridges.put(br.string("name"), br);
                for (Atom p : br.refs("ports")) {
                    DbRow port = db.row("Port", p);
                    if (port == null || ports.containsKey(port.string("name"))) {
                        continue;
                    }
                    ports.put(port.string("name"), port);
                    portBridge.put(port.string("name"), br);
                    for (Atom i : port.refs("interfaces")) {
                        DbRow iface = db.row("Interface", i);
                        if (iface != null && !ifaces.containsKey(iface.string("name"))) {
                            ifaces.put(iface.string("name"), iface);
                            ifacePort.put(iface.string("name"), port);
                        }
                    }
                }
            }
        }

        DbRow bridge(String name, boolean mustExist) {
            DbRow br = bridges.get(name);
            if (br == null && mustExist) {
                throw new VsctlException("no bridge named " + name);
            }
            return br;
        }

        /** find_port: a bridge's own local port does not count as a port. */
        DbRow port(String name, boolean mustExist) {
            DbRow p = ports.get(name);
            if (p != null && portBridge.get(name).string("name").equals(name)) {
                p = null;
            }
            if (p == null && mustExist) {
                throw new VsctlException("no port named " + name);
            }
            return p;
        }

        DbRow iface(String name, boolean mustExist) {
            DbRow i = ifaces.get(name);
            if (i != null && portBridge.get(ifacePort.get(name).string("name")).string("name").equals(name)) {
                i = null;
            }
            if (i == null && mustExist) {
                throw new VsctlException("no interface named " + name);
            }
            return i;
        }

        void checkConflicts(String name, String msg) {
            if (bridges.containsKey(name)) {
                throw new VsctlException(msg + " because a bridge named " + name + " already exists");
            }
            if (ports.containsKey(name)) {
                throw new VsctlException(msg + " because a port named " + name + " already exists on bridge "
                        + portBridge.get(name).string("name"));
            }
            if (ifaces.containsKey(name)) {
                throw new VsctlException(msg + " because an interface named " + name + " already exists on bridge "
                        + portBridge.get(ifacePort.get(name).string("name")).string("name"));
            }
        }
    }

    static DbRow ovsRow(DbModel db) {
        var rows = db.rows("Open_vSwitch");
        return rows.isEmpty() ? null : rows.iterator().next();
    }

    /** ovs-vsctl inserts the Open_vSwitch row when the database has none. */
    static DbRow ensureOvsRow(DbModel db) {
        DbRow ovs = ovsRow(db);
        return ovs != null ? ovs : db.insert("Open_vSwitch", Map.of(), null);
    }

    static Datum refs(Atom... ids) {
        List<Atom> l = new ArrayList<>(List.of(ids));
        l.sort(Datum.ORDER);
        return new Datum(l, null);
    }

    static Datum str(String s) {
        return new Datum(List.of(Atom.of(s)), null);
    }

    private static void init(Context c) {
        ensureOvsRow(c.db);
    }

    private static void addBr(Context c) {
        String name = c.cmd.arg(0);
        if (c.cmd.args().size() == 2) {
            throw new VsctlException("'add-br' command takes exactly 1 or 3 arguments");
        }
        if (c.cmd.args().size() == 3) {
            throw new VsctlException("add-br: VLAN (\"fake\") bridges are not supported by vifctl");
        }
        Topology t = new Topology(c.db);
        if (c.cmd.has("--may-exist") && t.bridge(name, false) != null) {
            return;
        }
        t.checkConflicts(name, "cannot create a bridge named " + name);
        DbRow ovs = ensureOvsRow(c.db);
        DbRow iface = c.db.insert("Interface", Map.of("name", str(name), "type", str("internal")), null);
        DbRow port = c.db.insert("Port", Map.of("name", str(name), "interfaces", refs(iface.id())), null);
        DbRow br = c.db.insert("Bridge", Map.of("name", str(name), "ports", refs(port.id())), null);
        c.db.mutateInsert(ovs, "bridges", refs(br.id()));
    }

    private static void delBr(Context c) {
        Topology t = new Topology(c.db);
        DbRow br = t.bridge(c.cmd.arg(0), !c.cmd.has("--if-exists"));
        if (br == null) {
            return;
        }
        for (Atom p : br.refs("ports")) {
            DbRow port = c.db.row("Port", p);
            if (port != null) {
                deletePortRows(c.db, port);
            }
        }
        for (DbRow fscs : c.db.rows("Flow_Sample_Collector_Set")) {
            if (fscs.refs("bridge").contains(br.id())) {
                c.db.delete(fscs);
            }
        }
        c.db.delete(br);
        c.db.mutateDelete(ovsRow(c.db), "bridges", refs(br.id()));
    }

    private static void deletePortRows(DbModel db, DbRow port) {
        for (Atom i : port.refs("interfaces")) {
            DbRow iface = db.row("Interface", i);
            if (iface != null) {
                db.delete(iface);
            }
        }
        db.delete(port);
    }

    private static void listBr(Context c) {
        new TreeSet<>(new Topology(c.db).bridges.keySet()).forEach(c.out::line);
    }

    private static void brExists(Context c) {
        if (new Topology(c.db).bridge(c.cmd.arg(0), false) == null) {
            throw new VsctlException(null, 2);
        }
    }

    private static void brSetExternalId(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        Atom key = Atom.of(c.cmd.arg(1));
        if (c.cmd.args().size() >= 3) {
            c.db.setMapKey(br, "external_ids", key, Atom.of(c.cmd.arg(2)));
        } else {
            c.db.mutateDelete(br, "external_ids", new Datum(List.of(key), null));
        }
    }

    private static void brGetExternalId(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        Datum ids = br.get("external_ids");
        if (c.cmd.args().size() >= 2) {
            Atom v = ids.get(Atom.of(c.cmd.arg(1)));
            if (v != null) {
                c.out.line(DatumSyntax.formatAtomBare(v));
            }
        } else {
            for (int i = 0; i < ids.size(); i++) {
                c.out.line(DatumSyntax.formatAtomBare(ids.keys().get(i)) + "=" + DatumSyntax.formatAtomBare(ids.values().get(i)));
            }
        }
    }

    private static void listPorts(Context c) {
        Topology t = new Topology(c.db);
        DbRow br = t.bridge(c.cmd.arg(0), true);
        TreeSet<String> names = new TreeSet<>();
        t.portBridge.forEach((port, b) -> {
            if (b == br && !port.equals(c.cmd.arg(0))) {
                names.add(port);
            }
        });
        names.forEach(c.out::line);
    }

    private static void listIfaces(Context c) {
        Topology t = new Topology(c.db);
        DbRow br = t.bridge(c.cmd.arg(0), true);
        TreeSet<String> names = new TreeSet<>();
        t.ifacePort.forEach((iface, port) -> {
            if (t.portBridge.get(port.string("name")) == br && !iface.equals(c.cmd.arg(0))) {
                names.add(iface);
            }
        });
        names.forEach(c.out::line);
    }

    private static void portToBr(Context c) {
        Topology t = new Topology(c.db);
        DbRow port = t.port(c.cmd.arg(0), true);
        c.out.line(t.portBridge.get(port.string("name")).string("name"));
    }

    private static void ifaceToBr(Context c) {
        Topology t = new Topology(c.db);
        DbRow iface = t.iface(c.cmd.arg(0), true);
        c.out.line(t.portBridge.get(t.ifacePort.get(iface.string("name")).string("name")).string("name"));
    }

    private static void addPort(Context c) {
        String brName = c.cmd.arg(0);
        String portName = c.cmd.arg(1);
        Topology t = new Topology(c.db);
        if (c.cmd.has("--may-exist")) {
            DbRow existing = t.port(portName, false);
            if (existing != null) {
                String actual = t.portBridge.get(portName).string("name");
                if (!actual.equals(brName)) {
                    throw new VsctlException("\"--may-exist add-port " + brName + " " + portName + "\" but " + portName
                            + " is actually attached to bridge " + actual);
                }
                List<String> have = new ArrayList<>();
                for (Atom i : existing.refs("interfaces")) {
                    DbRow iface = c.db.row("Interface", i);
                    if (iface != null) {
                        have.add(iface.string("name"));
                    }
                }
                if (!have.equals(List.of(portName))) {
                    throw new VsctlException("\"--may-exist add-port " + brName + " " + portName + "\" but " + portName
                            + " actually has interface(s) " + String.join(", ", new TreeSet<>(have)));
                }
                return;
            }
        }
        t.checkConflicts(portName, "cannot create a port named " + portName);
        DbRow br = t.bridge(brName, true);
        DbRow iface = c.db.insert("Interface", Map.of("name", str(portName)), null);
        DbRow port = c.db.insert("Port", Map.of("name", str(portName), "interfaces", refs(iface.id())), null);
        for (String setting : c.cmd.args().subList(2, c.cmd.args().size())) {
            DbCommands.setColumn(c, port, setting);
        }
        c.db.mutateInsert(br, "ports", refs(port.id()));
    }

    private static void delPort(Context c) {
        Topology t = new Topology(c.db);
        boolean mustExist = !c.cmd.has("--if-exists");
        boolean withIface = c.cmd.has("--with-iface");
        String target = c.cmd.arg(c.cmd.args().size() - 1);
        DbRow br = c.cmd.args().size() == 2 ? t.bridge(c.cmd.arg(0), true) : null;
        DbRow port = t.port(target, false);
        DbRow iface = null;
        if (port == null && withIface) {
            iface = t.iface(target, false);
            if (iface != null) {
                port = t.ifacePort.get(target);
            }
        }
        if (port == null) {
            if (mustExist) {
                throw new VsctlException(withIface ? "no port or interface named " + target : "no port named " + target);
            }
            return;
        }
        DbRow owner = t.portBridge.get(port.string("name"));
        if (br != null && owner != br) {
            throw new VsctlException("bridge " + c.cmd.arg(0) + " does not have a port " + target);
        }
        if (iface != null && port.refs("interfaces").size() > 1) {
            c.db.mutateDelete(port, "interfaces", refs(iface.id()));
            c.db.delete(iface);
            return;
        }
        c.db.mutateDelete(owner, "ports", refs(port.id()));
        deletePortRows(c.db, port);
    }

    private static void getController(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        TreeSet<String> targets = new TreeSet<>();
        for (Atom id : br.refs("controller")) {
            DbRow ctl = c.db.row("Controller", id);
            if (ctl != null) {
                targets.add(ctl.string("target"));
            }
        }
        targets.forEach(c.out::line);
    }

    private static void delController(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        deleteRefs(c.db, "Controller", br.refs("controller"));
        c.db.update(br, Map.of("controller", new Datum(List.of(), null)));
    }

    private static void deleteRefs(DbModel db, String table, List<Atom> ids) {
        for (Atom id : ids) {
            DbRow r = db.row(table, id);
            if (r != null) {
                db.delete(r);
            }
        }
    }

    private static void setController(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        deleteRefs(c.db, "Controller", br.refs("controller"));
        List<Atom> ids = new ArrayList<>();
        for (String target : c.cmd.args().subList(1, c.cmd.args().size())) {
            ids.add(c.db.insert("Controller", Map.of("target", str(target)), null).id());
        }
        c.db.update(br, Map.of("controller", refs(ids.toArray(Atom[]::new))));
    }

    private static void getFailMode(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        String mode = br.string("fail_mode");
        if (mode != null && !mode.isEmpty()) {
            c.out.line(mode);
        }
    }

    private static void delFailMode(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        c.db.update(br, Map.of("fail_mode", new Datum(List.of(), null)));
    }

    private static void setFailMode(Context c) {
        DbRow br = new Topology(c.db).bridge(c.cmd.arg(0), true);
        String mode = c.cmd.arg(1);
        if (!mode.equals("standalone") && !mode.equals("secure")) {
            throw new VsctlException("fail-mode must be \"standalone\" or \"secure\"");
        }
        c.db.update(br, Map.of("fail_mode", str(mode)));
    }

    private static void getManager(Context c) {
        DbRow ovs = ovsRow(c.db);
        TreeSet<String> targets = new TreeSet<>();
        if (ovs != null) {
            for (Atom id : ovs.refs("manager_options")) {
                DbRow m = c.db.row("Manager", id);
                if (m != null) {
                    targets.add(m.string("target"));
                }
            }
        }
        targets.forEach(c.out::line);
    }

    private static void delManager(Context c) {
        DbRow ovs = ensureOvsRow(c.db);
        deleteRefs(c.db, "Manager", ovs.refs("manager_options"));
        c.db.update(ovs, Map.of("manager_options", new Datum(List.of(), null)));
    }

    private static void setManager(Context c) {
        DbRow ovs = ensureOvsRow(c.db);
        deleteRefs(c.db, "Manager", ovs.refs("manager_options"));
        List<Atom> ids = new ArrayList<>();
        for (String target : new LinkedHashSet<>(c.cmd.args())) {
            ids.add(c.db.insert("Manager", Map.of("target", str(target)), null).id());
        }
        c.db.update(ovs, Map.of("manager_options", refs(ids.toArray(Atom[]::new))));
    }

    /** A named-uuid as ovs-vsctl would print it before the commit (never printed: resolved after). */
    static boolean isNew(Atom a) {
        return a instanceof NamedUuid;
    }

    static ColumnType relaxed(ColumnType t) {
        return new ColumnType(t.key(), t.value(), 0, ColumnType.UNLIMITED);
    }

    static ColumnSchema column(DbModel db, String table, String name) {
        return RecordFinder.column(db.table(table), name);
    }
}
