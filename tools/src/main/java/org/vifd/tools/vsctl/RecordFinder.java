package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.tools.vsctl.DbModel.DbRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How ovs-vsctl names tables, columns and records (ovs-vsctl(8) "Database Commands"): table and column names match
 * case-insensitively and by unique prefix; a record is named by its uuid, or by the table's own name column
 * (Bridge, Port, Interface by name; Manager by target), or through a referring row (Controller, NetFlow, sFlow,
 * IPFIX, AutoAttach via the bridge's name; QoS via the port's name; SSL and the single Open_vSwitch row as ".").
 */
public final class RecordFinder {

    /** One way to name a record: the row of {@code table} whose {@code nameColumn} is the id, then its {@code refColumn}. */
    record IdRule(String table, String nameColumn, String refColumn) {
    }

    private static final Map<String, List<IdRule>> VSWITCH_RULES = Map.ofEntries(
            Map.entry("Bridge", List.of(new IdRule("Bridge", "name", null),
                    new IdRule("Flow_Sample_Collector_Set", null, "bridge"))),
            Map.entry("Controller", List.of(new IdRule("Bridge", "name", "controller"))),
            Map.entry("Interface", List.of(new IdRule("Interface", "name", null))),
            Map.entry("Mirror", List.of(new IdRule("Mirror", "name", null))),
            Map.entry("Manager", List.of(new IdRule("Manager", "target", null))),
            Map.entry("NetFlow", List.of(new IdRule("Bridge", "name", "netflow"))),
            Map.entry("Open_vSwitch", List.of(new IdRule("Open_vSwitch", null, null))),
            Map.entry("Port", List.of(new IdRule("Port", "name", null))),
            Map.entry("QoS", List.of(new IdRule("Port", "name", "qos"))),
            Map.entry("Queue", List.of(new IdRule("Queue", null, null))),
            Map.entry("SSL", List.of(new IdRule("Open_vSwitch", null, "ssl"))),
            Map.entry("sFlow", List.of(new IdRule("Bridge", "name", "sflow"))),
            Map.entry("Flow_Table", List.of(new IdRule("Flow_Table", "name", null))),
            Map.entry("IPFIX", List.of(new IdRule("Bridge", "name", "ipfix"),
                    new IdRule("Flow_Sample_Collector_Set", null, "ipfix"))),
            Map.entry("AutoAttach", List.of(new IdRule("Bridge", "name", "auto_attach"))),
            Map.entry("Flow_Sample_Collector_Set", List.of(new IdRule("Flow_Sample_Collector_Set", "id", null))),
            Map.entry("Datapath", List.of(new IdRule("Open_vSwitch", null, "datapaths"))),
            Map.entry("CT_Zone", List.of()),
            Map.entry("CT_Timeout_Policy", List.of()));

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private RecordFinder() {
    }

    /** db-ctl-base get_table: exact, then case-insensitive, then unique prefix. */
    public static TableSchema table(Schema schema, String name) {
        String match = bestMatch(schema.tables().keySet(), name, "table names match");
        if (match == null) {
            throw new VsctlException("unknown table \"" + name + "\"");
        }
        return schema.table(match);
    }

    /** db-ctl-base get_column, with its message when nothing matches. */
    public static ColumnSchema column(TableSchema table, String name) {
        List<String> names = new ArrayList<>(table.columns().keySet());
        names.remove(TableSchema.VERSION_COLUMN);
        String match;
        try {
            match = bestMatch(names, name, null);
        } catch (VsctlException e) {
            throw new VsctlException(table.name() + " contains more than one column whose name matches \"" + name + "\"");
        }
        if (match == null) {
            throw new VsctlException(table.name() + " does not contain a column whose name matches \"" + name + "\"");
        }
        return table.column(match);
    }

    private static String bestMatch(Iterable<String> names, String want, String ambiguous) {
        String best = null;
        int bestScore = 0;
        boolean tie = false;
        for (String n : names) {
            int score = score(n, want);
            if (score > bestScore) {
                best = n;
                bestScore = score;
                tie = false;
            } else if (score == bestScore && score > 0) {
                tie = true;
            }
        }
        if (tie) {
            throw new VsctlException("multiple " + (ambiguous == null ? "names" : ambiguous) + " \"" + want + "\"");
        }
        return best;
    }

    /** score_partial_match: exact beats case/underscore-insensitive beats prefix (longer prefix wins). */
    private static int score(String name, String want) {
        if (name.equals(want)) {
            return Integer.MAX_VALUE;
        }
        String a = name.toLowerCase().replace('-', '_');
        String b = want.toLowerCase().replace('-', '_');
        if (a.equals(b)) {
            return Integer.MAX_VALUE - 1;
        }
        if (!b.isEmpty() && a.startsWith(b)) {
            return b.length();
        }
        return 0;
    }

    /**
     * db-ctl-base ctl_get_row: the record {@code id} of {@code table}, or null if there is none. Throws when the
     * id names more than one record.
     */
    public static DbRow find(DbModel db, String table, String id, SymbolTable symtab) {
        if (id.startsWith("@") && symtab != null) {
            Atom a = symtab.lookup(id).value();
            DbRow r = db.row(table, a);
            if (r != null) {
                return r;
            }
        }
        if (UUID_TEXT.matcher(id).matches()) {
            DbRow r = db.row(table, new Uuid(UUID.fromString(id)));
            if (r != null) {
                return r;
            }
        }
        List<IdRule> rules = VSWITCH_RULES.get(table);
        if (rules == null) {
            rules = genericRules(db.table(table));
        }
        for (IdRule rule : rules) {
            DbRow referrer = null;
            if (rule.nameColumn() == null) {
                if (rule.refColumn() != null && !rule.table().equals("Open_vSwitch")) {
                    continue;
                }
                if (!id.equals(".")) {
                    continue;
                }
                var rows = db.rows(rule.table());
                if (rows.size() != 1) {
                    if (rows.size() > 1) {
                        throw new VsctlException("multiple rows in " + rule.table() + " match \"" + id + "\"");
                    }
                    continue;
                }
                referrer = rows.iterator().next();
            } else {
                ColumnSchema nameColumn = db.table(rule.table()).column(rule.nameColumn());
                for (DbRow r : db.rows(rule.table())) {
                    Datum d = r.get(rule.nameColumn());
                    if (d.size() == 1 && matchesName(d.keys().get(0), id, nameColumn)) {
                        if (referrer != null) {
                            throw new VsctlException("multiple rows in " + rule.table() + " match \"" + id + "\"");
                        }
                        referrer = r;
                    }
                }
            }
            if (referrer == null) {
                continue;
            }
            if (rule.refColumn() == null) {
                return referrer;
            }
            List<Atom> refs = referrer.refs(rule.refColumn());
            if (refs.size() == 1) {
                DbRow r = db.row(table, refs.get(0));
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Like {@link #find}, failing with ovs-vsctl's message when the record does not exist. */
    public static DbRow require(DbModel db, String table, String id, SymbolTable symtab) {
        DbRow r = find(db, table, id, symtab);
        if (r == null) {
            throw new VsctlException("no row \"" + id + "\" in table " + table);
        }
        return r;
    }

    private static boolean matchesName(Atom a, String id, ColumnSchema column) {
        if (a instanceof Atom.Str s) {
            return s.value().equals(id);
        }
        if (a instanceof Atom.Int i) {
            return Long.toString(i.value()).equals(id);
        }
        return DatumSyntax.formatAtom(a).equals(id);
    }

    /** Other schemas: a table with a "name" column is named by it; a single-row table by ".". */
    private static List<IdRule> genericRules(TableSchema t) {
        List<IdRule> rules = new ArrayList<>();
        if (t.column("name") != null) {
            rules.add(new IdRule(t.name(), "name", null));
        }
        rules.add(new IdRule(t.name(), null, null));
        return rules;
    }
}
