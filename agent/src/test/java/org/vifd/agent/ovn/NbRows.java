package org.vifd.agent.ovn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

/**
 * Northbound rows as a replica holds them (every monitored column present, optional ones as empty sets), for the
 * mapper's unit tests. Column types follow /usr/share/ovn/ovn-nb.ovsschema.
 */
final class NbRows {
    final Map<Uuid, Row> switches = new LinkedHashMap<>();
    final Map<Uuid, Row> ports = new LinkedHashMap<>();
    final Map<Uuid, Row> dhcp = new LinkedHashMap<>();
    private long next = 1;

    Uuid uuid() {
        return new Uuid(new UUID(0x1234, next++));
    }

    Uuid lswitch(String name, Map<String, String> externalIds, Uuid... portUuids) {
        Uuid u = uuid();
        switches.put(u, row(u, Map.of("name", Atom.of(name), "ports", OvsSet.of(List.of(portUuids)),
                "external_ids", OvsMap.ofStrings(externalIds), "other_config", OvsMap.empty())));
        return u;
    }

    Uuid localnet(String name, String physnet, Long tag) {
        Uuid u = uuid();
        ports.put(u, lsp(u, name, "localnet", OvsSet.ofStrings("unknown"), OvsSet.empty(), OvsSet.empty(),
                OvsSet.empty(), physnet == null ? Map.of() : Map.of("network_name", physnet),
                tag == null ? OvsSet.empty() : OvsSet.of(Atom.of(tag)), Map.of()));
        return u;
    }

    Uuid vmPort(String name, String addresses, String portSecurity, Boolean enabled, Uuid dhcpOptions,
                Map<String, String> externalIds) {
        Uuid u = uuid();
        ports.put(u, lsp(u, name, "", OvsSet.ofStrings(addresses),
                portSecurity == null ? OvsSet.empty() : OvsSet.ofStrings(portSecurity),
                enabled == null ? OvsSet.empty() : OvsSet.of(Atom.of(enabled)),
                dhcpOptions == null ? OvsSet.empty() : OvsSet.of(dhcpOptions), Map.of(), OvsSet.empty(), externalIds));
        return u;
    }

    /** A VM port row with a given uuid pointing at {@code dhcpOptions}. */
    Row vmPortRow(Uuid u, String name, String addresses, Uuid dhcpOptions) {
        return lsp(u, name, "", OvsSet.ofStrings(addresses), OvsSet.empty(), OvsSet.empty(), OvsSet.of(dhcpOptions),
                Map.of(), OvsSet.empty(), Map.of());
    }

    Uuid dhcpOptions(String cidr, Map<String, String> options, Map<String, String> externalIds) {
        Uuid u = uuid();
        dhcp.put(u, row(u, Map.of("cidr", Atom.of(cidr), "options", OvsMap.ofStrings(options),
                "external_ids", OvsMap.ofStrings(externalIds))));
        return u;
    }

    private static Row lsp(Uuid u, String name, String type, OvsSet addresses, OvsSet portSecurity, OvsSet enabled,
                           OvsSet dhcpv4, Map<String, String> options, OvsSet tag, Map<String, String> externalIds) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("name", Atom.of(name));
        m.put("type", Atom.of(type));
        m.put("addresses", addresses);
        m.put("port_security", portSecurity);
        m.put("enabled", enabled);
        m.put("up", OvsSet.empty());
        m.put("dhcpv4_options", dhcpv4);
        m.put("options", OvsMap.ofStrings(options));
        m.put("tag", tag);
        m.put("external_ids", OvsMap.ofStrings(externalIds));
        return row(u, m);
    }

    private static Row row(Uuid u, Map<String, Value> columns) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("_uuid", u);
        m.putAll(columns);
        return new Row(m);
    }

    MappingResult map() {
        return OvnNbMapper.map(switches, ports, dhcp);
    }
}
