package org.vifd.ovsdb.vswitch;

import org.vifd.ovsdb.schema.AtomicType;
import org.vifd.ovsdb.schema.ColumnSchema;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.schema.TableSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a server's Open_vSwitch schema against the columns {@link VswitchRows} binds: answers one line per bound
 * column that is missing or has another key type. Extra tables and columns, and newer versions, are fine.
 */
public final class VswitchSchemaCheck {

    /** table → column → expected key type. */
    static final Map<String, Map<String, AtomicType>> BOUND = new LinkedHashMap<>();

    static {
        BOUND.put("Open_vSwitch", Map.of("bridges", AtomicType.UUID, "next_cfg", AtomicType.INTEGER, "cur_cfg", AtomicType.INTEGER,
                "iface_types", AtomicType.STRING, "external_ids", AtomicType.STRING));
        BOUND.put("Bridge", Map.of("name", AtomicType.STRING, "ports", AtomicType.UUID, "controller", AtomicType.UUID,
                "fail_mode", AtomicType.STRING, "datapath_type", AtomicType.STRING, "protocols", AtomicType.STRING));
        BOUND.put("Port", Map.of("name", AtomicType.STRING, "interfaces", AtomicType.UUID, "tag", AtomicType.INTEGER,
                "external_ids", AtomicType.STRING, "other_config", AtomicType.STRING));
        BOUND.put("Interface", Map.of("name", AtomicType.STRING, "type", AtomicType.STRING, "ofport", AtomicType.INTEGER,
                "error", AtomicType.STRING, "external_ids", AtomicType.STRING));
        BOUND.put("Controller", Map.of("target", AtomicType.STRING, "is_connected", AtomicType.BOOLEAN));
        BOUND.put("Manager", Map.of("target", AtomicType.STRING, "is_connected", AtomicType.BOOLEAN));
    }

    private VswitchSchemaCheck() {
    }

    public static List<String> problems(Schema schema) {
        List<String> out = new ArrayList<>();
        BOUND.forEach((table, columns) -> {
            TableSchema ts = schema.table(table);
            if (ts == null) {
                out.add("schema " + schema.name() + " " + schema.version() + " has no table " + table);
                return;
            }
            columns.forEach((column, type) -> {
                ColumnSchema cs = ts.column(column);
                if (cs == null) {
                    out.add(table + "." + column + " is missing from schema version " + schema.version());
                } else if (cs.type().key().type() != type) {
                    out.add(table + "." + column + " has key type " + cs.type().key().type().jsonName() + ", expected " + type.jsonName());
                }
            });
        });
        return out;
    }
}
