package org.vifd.ovsdb.vswitch;

import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

import java.util.List;
import java.util.Map;

/**
 * Typed, read-only views of the Open_vSwitch database rows (ovs-vswitchd.conf.db(5)) that vifd uses, built from a
 * {@link Row} (a replica's rows carry "_uuid"). Hand-written and tolerant: a missing or retyped column reads as
 * null / empty, extra columns are ignored, so a newer or older schema never breaks them. {@link VswitchSchemaCheck}
 * reports at connect which bound columns the server's schema lacks or types differently.
 */
public final class VswitchRows {

    private VswitchRows() {
    }

    /** The root row. */
    public record OpenVswitch(Uuid uuid, List<Uuid> bridges, List<Uuid> managerOptions, Long nextCfg, Long curCfg,
                              List<String> ifaceTypes, List<String> datapathTypes, String ovsVersion, String dbVersion,
                              Map<String, String> externalIds, Map<String, String> otherConfig) {
        public static OpenVswitch of(Row r) {
            return new OpenVswitch(Columns.uuid(r), Columns.uuids(r, "bridges"), Columns.uuids(r, "manager_options"),
                    Columns.integer(r, "next_cfg"), Columns.integer(r, "cur_cfg"), Columns.strings(r, "iface_types"),
                    Columns.strings(r, "datapath_types"), Columns.string(r, "ovs_version"), Columns.string(r, "db_version"),
                    Columns.map(r, "external_ids"), Columns.map(r, "other_config"));
        }
    }

    public record Bridge(Uuid uuid, String name, List<Uuid> ports, List<Uuid> controllers, String failMode, String datapathType,
                         List<String> datapathId, List<String> protocols, Map<String, String> externalIds,
                         Map<String, String> otherConfig) {
        public static Bridge of(Row r) {
            return new Bridge(Columns.uuid(r), Columns.string(r, "name"), Columns.uuids(r, "ports"), Columns.uuids(r, "controller"),
                    Columns.string(r, "fail_mode"), Columns.string(r, "datapath_type"), Columns.strings(r, "datapath_id"),
                    Columns.strings(r, "protocols"), Columns.map(r, "external_ids"), Columns.map(r, "other_config"));
        }
    }

    /** {@code tag} null when the port is a trunk or untagged. */
    public record Port(Uuid uuid, String name, List<Uuid> interfaces, Long tag, String vlanMode, Map<String, String> externalIds,
                       Map<String, String> otherConfig) {
        public static Port of(Row r) {
            return new Port(Columns.uuid(r), Columns.string(r, "name"), Columns.uuids(r, "interfaces"), Columns.integer(r, "tag"),
                    Columns.string(r, "vlan_mode"), Columns.map(r, "external_ids"), Columns.map(r, "other_config"));
        }
    }

    /** {@code ofport} null until vswitchd assigns one, -1 when it failed; {@code error} set when vswitchd could not set it up. */
    public record Interface(Uuid uuid, String name, String type, Long ofport, Long ofportRequest, String error, String macInUse,
                            String linkState, String adminState, Map<String, String> options, Map<String, String> externalIds) {
        public static Interface of(Row r) {
            return new Interface(Columns.uuid(r), Columns.string(r, "name"), Columns.string(r, "type"), Columns.integer(r, "ofport"),
                    Columns.integer(r, "ofport_request"), Columns.string(r, "error"), Columns.string(r, "mac_in_use"),
                    Columns.string(r, "link_state"), Columns.string(r, "admin_state"), Columns.map(r, "options"),
                    Columns.map(r, "external_ids"));
        }

        /** external_ids:iface-id, the port id libvirt and neutron set. */
        public String ifaceId() {
            return externalIds.get("iface-id");
        }
    }

    public record Controller(Uuid uuid, String target, Boolean isConnected, String role, String connectionMode,
                             Map<String, String> externalIds) {
        public static Controller of(Row r) {
            return new Controller(Columns.uuid(r), Columns.string(r, "target"), Columns.bool(r, "is_connected"),
                    Columns.string(r, "role"), Columns.string(r, "connection_mode"), Columns.map(r, "external_ids"));
        }
    }

    public record Manager(Uuid uuid, String target, Boolean isConnected, Long inactivityProbe, Map<String, String> externalIds) {
        public static Manager of(Row r) {
            return new Manager(Columns.uuid(r), Columns.string(r, "target"), Columns.bool(r, "is_connected"),
                    Columns.integer(r, "inactivity_probe"), Columns.map(r, "external_ids"));
        }
    }
}
