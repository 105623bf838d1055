package org.vifd.ovsdb.vswitch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.schema.AtomicType;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.session.SessionListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checks a server's Open_vSwitch schema against the columns {@link VswitchRows} binds. A bound table or column that
 * is missing, or has another key type, is an error (the typed row reads it as null or empty). Extra tables and
 * columns, and a schema version newer than the one the bindings were written against, are tolerated (libovsdb's
 * strict check refuses them, a known complaint).
 * <p>
 * {@link #attach(OvsdbSession)} runs the check on every (re)connection of a session — the schema is read anew on
 * each, as it may have been upgraded meanwhile — and logs one line per mismatch: errors at ERROR, tolerated
 * differences at DEBUG. {@link VswitchdSync} attaches it to its session.
 */
public final class VswitchSchemaCheck implements SessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(VswitchSchemaCheck.class);

    /** The database the bindings are for. */
    public static final String DATABASE = "Open_vSwitch";

    /** The schema version the bindings were written against (OVS 3.1, ovs-vswitchd.conf.db(5)). */
    public static final String WRITTEN_FOR_VERSION = "8.3.1";

    /** table → column → expected key type: every column a {@link VswitchRows} record reads. */
    static final Map<String, Map<String, AtomicType>> BOUND = new LinkedHashMap<>();

    static {
        BOUND.put("Open_vSwitch", Map.of("bridges", AtomicType.UUID, "manager_options", AtomicType.UUID, "next_cfg", AtomicType.INTEGER,
                "cur_cfg", AtomicType.INTEGER, "iface_types", AtomicType.STRING, "datapath_types", AtomicType.STRING,
                "ovs_version", AtomicType.STRING, "db_version", AtomicType.STRING, "external_ids", AtomicType.STRING,
                "other_config", AtomicType.STRING));
        BOUND.put("Bridge", Map.of("name", AtomicType.STRING, "ports", AtomicType.UUID, "controller", AtomicType.UUID,
                "fail_mode", AtomicType.STRING, "datapath_type", AtomicType.STRING, "datapath_id", AtomicType.STRING,
                "protocols", AtomicType.STRING, "external_ids", AtomicType.STRING, "other_config", AtomicType.STRING));
        BOUND.put("Port", Map.of("name", AtomicType.STRING, "interfaces", AtomicType.UUID, "tag", AtomicType.INTEGER,
                "vlan_mode", AtomicType.STRING, "external_ids", AtomicType.STRING, "other_config", AtomicType.STRING));
        BOUND.put("Interface", Map.of("name", AtomicType.STRING, "type", AtomicType.STRING, "ofport", AtomicType.INTEGER,
                "ofport_request", AtomicType.INTEGER, "error", AtomicType.STRING, "mac_in_use", AtomicType.STRING,
                "link_state", AtomicType.STRING, "admin_state", AtomicType.STRING, "options", AtomicType.STRING,
                "external_ids", AtomicType.STRING));
        BOUND.put("Controller", Map.of("target", AtomicType.STRING, "is_connected", AtomicType.BOOLEAN, "role", AtomicType.STRING,
                "connection_mode", AtomicType.STRING, "external_ids", AtomicType.STRING));
        BOUND.put("Manager", Map.of("target", AtomicType.STRING, "is_connected", AtomicType.BOOLEAN,
                "inactivity_probe", AtomicType.INTEGER, "external_ids", AtomicType.STRING));
    }

    /**
     * What one check found: {@code errors} (bound tables or columns missing or retyped) and {@code tolerated}
     * (a newer schema version, columns the bindings do not read). {@code generation} is the session's connection
     * the schema came from (0 for a check without a session).
     */
    public record Report(String schemaVersion, long generation, List<String> errors, List<String> tolerated) {
        public Report {
            errors = List.copyOf(errors);
            tolerated = List.copyOf(tolerated);
        }

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final OvsdbSession session;
    private final AtomicReference<Report> last = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Report>> next = new AtomicReference<>(new CompletableFuture<>());

    private VswitchSchemaCheck(OvsdbSession session) {
        this.session = session;
    }

    /** Checks the schema of {@link #DATABASE} on every connection of {@code session} from now on (and the current one). */
    public static VswitchSchemaCheck attach(OvsdbSession session) {
        VswitchSchemaCheck check = new VswitchSchemaCheck(Objects.requireNonNull(session, "session"));
        session.addListener(check);
        return check;
    }

    /** Stops checking. */
    public void detach() {
        session.removeListener(this);
    }

    /** The report of the latest connection's check, or null before the first. */
    public Report lastReport() {
        return last.get();
    }

    /** Completes with the report of the next check to finish (the current connection's, if it is still running). */
    public CompletableFuture<Report> nextReport() {
        return next.get();
    }

    @Override
    public void onConnected(OvsdbClient client, long generation) {
        client.getSchema(DATABASE).whenComplete((schema, e) -> {
            if (e != null) {
                // A server without the database: whoever uses it fails with the server's words; nothing to check.
                LOG.warn("ovsdb session {} generation {}: cannot check the {} schema of the typed bindings: {}", session.name(),
                        generation, DATABASE, e.getMessage());
                return;
            }
            Report r = check(schema, generation);
            for (String error : r.errors()) {
                LOG.error("ovsdb session {} generation {}: schema {} {}: {} (typed bindings read it as null/empty)", session.name(),
                        generation, schema.name(), schema.version(), error);
            }
            for (String ok : r.tolerated()) {
                LOG.debug("ovsdb session {} generation {}: schema {} {}: {} (tolerated)", session.name(), generation, schema.name(),
                        schema.version(), ok);
            }
            last.set(r);
            next.getAndSet(new CompletableFuture<>()).complete(r);
        });
    }

    /** One line per bound column that is missing or has another key type (empty: the bindings fit). */
    public static List<String> problems(Schema schema) {
        return check(schema, 0).errors();
    }

    /** The full check of {@code schema}. */
    public static Report check(Schema schema, long generation) {
        List<String> errors = new ArrayList<>();
        List<String> tolerated = new ArrayList<>();
        if (schema.version() != null && compareVersions(schema.version(), WRITTEN_FOR_VERSION) > 0) {
            tolerated.add("version " + schema.version() + " is newer than " + WRITTEN_FOR_VERSION + ", the one the bindings were written for");
        }
        BOUND.forEach((table, columns) -> {
            TableSchema ts = schema.table(table);
            if (ts == null) {
                errors.add("schema " + schema.name() + " " + schema.version() + " has no table " + table);
                return;
            }
            columns.forEach((column, type) -> {
                ColumnSchema cs = ts.column(column);
                if (cs == null) {
                    errors.add(table + "." + column + " is missing from schema version " + schema.version());
                } else if (cs.type().key().type() != type) {
                    errors.add(table + "." + column + " has key type " + cs.type().key().type().jsonName() + ", expected " + type.jsonName());
                }
            });
            List<String> extra = ts.columns().keySet().stream()
                    .filter(c -> !columns.containsKey(c) && !c.equals(TableSchema.UUID_COLUMN) && !c.equals(TableSchema.VERSION_COLUMN))
                    .toList();
            if (!extra.isEmpty()) {
                tolerated.add(table + " has " + extra.size() + " columns the bindings do not read: " + String.join(", ", extra));
            }
        });
        return new Report(schema.version(), generation, errors, tolerated);
    }

    /** Compares "x.y.z" versions (RFC 7047 §3.2 / ovsdb(7): major.minor.patch); a part that is not a number counts as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long part(String[] parts, int i) {
        try {
            return i < parts.length ? Long.parseLong(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
