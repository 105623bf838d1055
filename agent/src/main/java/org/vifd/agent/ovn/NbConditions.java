package org.vifd.agent.ovn;

import static org.vifd.agent.ovn.NbSchema.*;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.vifd.ovsdb.replica.ReplicaView;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * The monitor conditions that give one host its own rows and nothing else (ovsdb-server(7) "monitor_cond": a row is
 * sent when it matches any of its table's conditions):
 * <ul>
 * <li>Logical_Switch_Port: {@code name == <iface-id>} for each port plugged on this host, and
 * {@code type == "localnet"} (a provider network's port, one per network, needed for its segment).</li>
 * <li>Logical_Switch: {@code ports includes <uuid>} for each of those ports once their rows are here, then
 * {@code _uuid == <switch>} once the switch is here — only the switches this host has ports on. (A switch row changes
 * when a port anywhere on that network is added or deleted: that much of other hosts' churn reaches this host, as a
 * one-uuid diff of {@code ports}; their ports' rows never do.)</li>
 * <li>DHCP_Options: {@code _uuid == <uuid>} for each row those ports reference.</li>
 * </ul>
 * An empty set of conditions would mean "all rows", so "none" is a condition no row meets.
 */
public final class NbConditions {
    /** Matches no row: no row has the all-zero uuid. */
    public static final List<Condition> NONE = List.of(Condition.equal("_uuid", new Uuid(new UUID(0, 0))));

    private NbConditions() {
    }

    /** Logical_Switch_Port: this host's ports by name, and every localnet port. */
    public static List<Condition> ports(Collection<String> ifaceIds) {
        List<Condition> out = new ArrayList<>();
        for (String id : new TreeSet<>(ifaceIds)) {
            out.add(Condition.equal(LSP_NAME, id));
        }
        out.add(Condition.equal(LSP_TYPE, TYPE_LOCALNET));
        return List.copyOf(out);
    }

    /** Logical_Switch: the switches holding the view's VM ports (see {@link #switches(Map, Map)}). */
    public static List<Condition> switches(ReplicaView view) {
        return switches(view.table(LOGICAL_SWITCH), view.table(LOGICAL_SWITCH_PORT));
    }

    /**
     * Logical_Switch: {@code _uuid == <switch>} for each switch here that holds one of the VM ports, and
     * {@code ports includes <port>} for each VM port whose switch is not here yet. Once a switch is here, ports that
     * come and go on it leave its condition as it is: plugging a VM on a network this host already has changes only
     * the Logical_Switch_Port condition.
     */
    static List<Condition> switches(Map<Uuid, Row> switches, Map<Uuid, Row> ports) {
        Map<Uuid, Uuid> switchOf = new HashMap<>();
        switches.forEach((ls, row) -> {
            for (Atom port : row.set(LS_PORTS).elements()) {
                if (port instanceof Uuid p) {
                    switchOf.put(p, ls);
                }
            }
        });
        // Deduplicated as uuids first: thousands of ports share a handful of switches.
        Set<Uuid> known = new HashSet<>();
        Set<Uuid> unknown = new HashSet<>();
        ports.forEach((uuid, row) -> {
            if (TYPE_VM.equals(OvnNbMapper.str(row, LSP_TYPE))) {
                Uuid ls = switchOf.get(uuid);
                if (ls != null) {
                    known.add(ls);
                } else {
                    unknown.add(uuid);
                }
            }
        });
        List<Condition> out = new ArrayList<>();
        sorted(known).forEach(u -> out.add(Condition.equal("_uuid", Uuid.parse(u))));
        sorted(unknown).forEach(u -> out.add(Condition.includes(LS_PORTS, Uuid.parse(u))));
        return orNone(out);
    }

    /** DHCP_Options: the rows the view's VM ports reference. */
    public static List<Condition> dhcpOptions(ReplicaView view) {
        Set<Uuid> uuids = new HashSet<>();
        for (Map.Entry<Uuid, Row> e : view.table(LOGICAL_SWITCH_PORT).entrySet()) {
            Atom ref = e.getValue().atom(LSP_DHCPV4_OPTIONS);
            if (ref instanceof Uuid u && TYPE_VM.equals(OvnNbMapper.str(e.getValue(), LSP_TYPE))) {
                uuids.add(u);
            }
        }
        return orNone(sorted(uuids).stream().map(u -> Condition.equal("_uuid", Uuid.parse(u))).toList());
    }

    /** The uuids as text, sorted (the conditions' stable order). */
    private static TreeSet<String> sorted(Set<Uuid> uuids) {
        TreeSet<String> out = new TreeSet<>();
        uuids.forEach(u -> out.add(u.value().toString()));
        return out;
    }

    private static List<Condition> orNone(List<Condition> conditions) {
        return conditions.isEmpty() ? NONE : List.copyOf(conditions);
    }
}
