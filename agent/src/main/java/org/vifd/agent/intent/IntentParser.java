package org.vifd.agent.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vifd.openflow.packet.MacAddress;

/**
 * Reads an intent in Neutron API shapes and field names: a JSON or YAML object with the lists {@code networks},
 * {@code subnets} and {@code ports}, whose entries use the fields of Neutron's API (networking v2.0). Other
 * Neutron attributes in an entry ({@code tenant_id}, {@code status}, ...) are ignored so that API output can be
 * used as is; an unknown top-level key is an error.
 *
 * <p>Strict: every problem found is reported, each naming the entry and the field
 * ({@code ports[3] (id 8a61...): mac_address: "zz" is not a MAC}), and the whole intent is then rejected.
 */
public final class IntentParser {
    /** Error lists are cut here: the first ones say what is wrong. */
    static final int MAX_ERRORS = 50;
    private static final List<String> TOP_LEVEL = List.of("networks", "subnets", "ports");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** How the text is written. */
    public enum Format {
        JSON, YAML;

        /** YAML for {@code .yaml} and {@code .yml} files, else JSON. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return n.endsWith(".yaml") || n.endsWith(".yml") ? YAML : JSON;
        }
    }

    private IntentParser() {
    }

    /**
     * Parses {@code text}.
     *
     * @param source the file name, used at the start of the exception's message
     */
    public static Intent parse(String text, Format format, String source) throws InvalidIntentException {
        JsonNode root;
        try {
            root = (format == Format.YAML ? YAML : JSON).readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": ";
            throw new InvalidIntentException(source, List.of(where + "not valid " + format + ": "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidIntentException(source, List.of("cannot read: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidIntentException(source, List.of("empty: expected an object with networks, subnets "
                    + "and ports (use {\"networks\": [], \"subnets\": [], \"ports\": []} for no intent)"));
        }
        Walker w = new Walker();
        Intent intent = w.intent(root);
        if (!w.errors.isEmpty()) {
            throw new InvalidIntentException(source, w.errors);
        }
        return intent;
    }

    /** One pass over the tree, collecting errors rather than stopping at the first. */
    private static final class Walker {
        final List<String> errors = new ArrayList<>();

        void error(String where, String field, String what) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(where + ": " + (field.isEmpty() ? "" : field + ": ") + what);
            } else if (errors.size() == MAX_ERRORS) {
                errors.add("too many errors; stopped after " + MAX_ERRORS);
            }
        }

        Intent intent(JsonNode root) {
            if (!root.isObject()) {
                error("intent", "", "expected an object with networks, subnets and ports, got " + show(root));
                return Intent.EMPTY;
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!TOP_LEVEL.contains(k)) {
                    error(k, "", "unknown key (known: networks, subnets, ports)");
                }
            }
            Map<String, Network> networks = new LinkedHashMap<>();
            for (Entry e : entries(root, "networks")) {
                if (!e.isObject()) {
                    continue;
                }
                Network n = network(e);
                if (n != null && e.unique(networks.keySet())) {
                    networks.put(n.id(), n);
                }
            }
            Map<String, Subnet> subnets = new LinkedHashMap<>();
            for (Entry e : entries(root, "subnets")) {
                if (!e.isObject()) {
                    continue;
                }
                Subnet s = subnet(e, networks);
                if (s != null && e.unique(subnets.keySet())) {
                    subnets.put(s.id(), s);
                }
            }
            Map<String, Port> ports = new LinkedHashMap<>();
            Map<String, String> macOwner = new HashMap<>();
            Map<String, String> ipOwner = new HashMap<>();
            for (Entry e : entries(root, "ports")) {
                if (!e.isObject()) {
                    continue;
                }
                Port p = port(e, networks, subnets);
                if (p == null || !e.unique(ports.keySet())) {
                    continue;
                }
                String macKey = p.networkId() + " " + p.macAddress();
                String other = macOwner.putIfAbsent(macKey, p.id());
                if (other != null) {
                    error(e.where, "mac_address", quote(p.macAddress().toString()) + " is already used by port "
                            + other + " on network " + p.networkId());
                    continue;
                }
                boolean ok = true;
                for (int i = 0; i < p.fixedIps().size(); i++) {
                    FixedIp f = p.fixedIps().get(i);
                    String ipKey = f.subnetId() + " " + f.ipAddress().getHostAddress();
                    String owner = ipOwner.putIfAbsent(ipKey, p.id());
                    if (owner != null && !owner.equals(p.id())) {
                        error(e.where, "fixed_ips[" + i + "].ip_address", quote(f.ipAddress().getHostAddress())
                                + " is already used by port " + owner + " on subnet " + f.subnetId());
                        ok = false;
                    } else if (owner != null) {
                        error(e.where, "fixed_ips[" + i + "].ip_address", quote(f.ipAddress().getHostAddress())
                                + " is listed twice");
                        ok = false;
                    }
                }
                if (ok) {
                    ports.put(p.id(), p);
                }
            }
            return new Intent(List.copyOf(networks.values()), List.copyOf(subnets.values()),
                    List.copyOf(ports.values()));
        }

        List<Entry> entries(JsonNode root, String list) {
            JsonNode node = root.get(list);
            List<Entry> out = new ArrayList<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isArray()) {
                error(list, "", "expected a list, got " + show(node));
                return out;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String base = list + "[" + i + "]";
                JsonNode id = item.get("id");
                String where = id != null && id.isTextual() ? base + " (id " + id.asText() + ")" : base;
                out.add(new Entry(this, item, where));
            }
            return out;
        }

        Network network(Entry e) {
            String id = e.id();
            String name = e.optionalString("name", "");
            String typeName = e.requiredString("provider:network_type");
            NetworkType type = null;
            if (typeName != null) {
                type = NetworkType.ofNeutronName(typeName);
                if (type == null) {
                    e.fail("provider:network_type", quote(typeName) + " is not supported (vlan or flat)");
                }
            }
            String physnet = e.requiredString("provider:physical_network");
            int segId = 0;
            JsonNode seg = e.node.get("provider:segmentation_id");
            if (type == NetworkType.VLAN) {
                Integer v = e.integer("provider:segmentation_id", null);
                if (v == null && (seg == null || seg.isNull())) {
                    e.fail("provider:segmentation_id", "missing: a vlan network needs its VLAN id (1-4094)");
                } else if (v != null && (v < 1 || v > 4094)) {
                    e.fail("provider:segmentation_id", v + " is not a VLAN id (1-4094)");
                } else if (v != null) {
                    segId = v;
                }
            } else if (type == NetworkType.FLAT && seg != null && !seg.isNull()) {
                e.fail("provider:segmentation_id", show(seg) + " given for a flat network (must be null)");
            }
            Integer mtu = e.integer("mtu", Network.DEFAULT_MTU);
            if (mtu != null && (mtu < 68 || mtu > 65535)) {
                e.fail("mtu", mtu + " is not an MTU (68-65535)");
            }
            boolean up = e.bool("admin_state_up", true);
            if (e.failed) {
                return null;
            }
            return new Network(id, name, type, physnet, segId, mtu, up);
        }

        Subnet subnet(Entry e, Map<String, Network> networks) {
            String id = e.id();
            String netId = e.reference("network_id", networks.keySet(), "network");
            IpPrefix cidr = null;
            String cidrText = e.requiredString("cidr");
            if (cidrText != null) {
                try {
                    cidr = IpPrefix.parse(cidrText);
                    if (!cidrText.contains("/")) {
                        e.fail("cidr", quote(cidrText) + " has no prefix length");
                        cidr = null;
                    } else if (!cidr.isNetworkAddress()) {
                        e.fail("cidr", quote(cidrText) + " has host bits set ("
                                + new IpPrefix(cidr.network(), cidr.length()) + " was probably meant)");
                        cidr = null;
                    }
                } catch (IllegalArgumentException x) {
                    e.fail("cidr", quote(cidrText) + " is not a CIDR");
                }
            }
            Integer version = e.integer("ip_version", cidr == null ? 4 : cidr.version());
            if (version != null && version != 4 && version != 6) {
                e.fail("ip_version", version + " is neither 4 nor 6");
            } else if (version != null && cidr != null && version != cidr.version()) {
                e.fail("ip_version", version + " does not match cidr " + cidr);
            }
            Optional<InetAddress> gateway = Optional.empty();
            JsonNode gw = e.node.get("gateway_ip");
            if (gw != null && !gw.isNull()) {
                InetAddress a = e.address("gateway_ip", gw);
                if (a != null && cidr != null && !cidr.contains(a)) {
                    e.fail("gateway_ip", quote(a.getHostAddress()) + " is outside cidr " + cidr);
                }
                gateway = Optional.ofNullable(a);
            }
            List<InetAddress> dns = new ArrayList<>();
            List<JsonNode> dnsNodes = e.list("dns_nameservers");
            for (int i = 0; i < dnsNodes.size(); i++) {
                InetAddress a = e.address("dns_nameservers[" + i + "]", dnsNodes.get(i));
                if (a != null) {
                    dns.add(a);
                }
            }
            List<HostRoute> routes = new ArrayList<>();
            List<JsonNode> routeNodes = e.list("host_routes");
            for (int i = 0; i < routeNodes.size(); i++) {
                String f = "host_routes[" + i + "]";
                JsonNode r = routeNodes.get(i);
                if (!r.isObject()) {
                    e.fail(f, "expected {destination, nexthop}, got " + show(r));
                    continue;
                }
                IpPrefix dest = e.prefix(f + ".destination", r.get("destination"));
                InetAddress hop = e.address(f + ".nexthop", r.get("nexthop"));
                if (dest != null && hop != null) {
                    if (cidr != null && (dest.version() != cidr.version() || IpAddresses.version(hop)
                            != cidr.version())) {
                        e.fail(f, "IP version differs from the subnet's (IPv" + cidr.version() + ")");
                    } else {
                        routes.add(new HostRoute(dest, hop));
                    }
                }
            }
            boolean dhcp = e.bool("enable_dhcp", true);
            if (e.failed) {
                return null;
            }
            return new Subnet(id, netId, cidr, gateway, dns, routes, dhcp, version);
        }

        Port port(Entry e, Map<String, Network> networks, Map<String, Subnet> subnets) {
            String id = e.id();
            String netId = e.reference("network_id", networks.keySet(), "network");
            MacAddress mac = null;
            String macText = e.requiredString("mac_address");
            if (macText != null) {
                mac = parseMac(macText);
                if (mac == null) {
                    e.fail("mac_address", quote(macText) + " is not a MAC");
                } else if (mac.isMulticast() || mac.value() == 0) {
                    e.fail("mac_address", quote(macText) + " is not a unicast MAC");
                    mac = null;
                }
            }
            List<FixedIp> fixed = new ArrayList<>();
            List<JsonNode> fixedNodes = e.list("fixed_ips");
            for (int i = 0; i < fixedNodes.size(); i++) {
                String f = "fixed_ips[" + i + "]";
                JsonNode n = fixedNodes.get(i);
                if (!n.isObject()) {
                    e.fail(f, "expected {subnet_id, ip_address}, got " + show(n));
                    continue;
                }
                JsonNode sid = n.get("subnet_id");
                Subnet subnet = null;
                if (sid == null || !sid.isTextual()) {
                    e.fail(f + ".subnet_id", sid == null ? "missing" : "expected a subnet id, got " + show(sid));
                } else if ((subnet = subnets.get(sid.asText())) == null) {
                    e.fail(f + ".subnet_id", quote(sid.asText()) + " is not a subnet in this intent");
                } else if (netId != null && !subnet.networkId().equals(netId)) {
                    e.fail(f + ".subnet_id", quote(sid.asText()) + " is on network " + subnet.networkId()
                            + ", not the port's network " + netId);
                    subnet = null;
                }
                InetAddress a = e.address(f + ".ip_address", n.get("ip_address"));
                if (a != null && subnet != null) {
                    if (!subnet.cidr().contains(a)) {
                        e.fail(f + ".ip_address", quote(a.getHostAddress()) + " is outside subnet "
                                + subnet.id() + " (" + subnet.cidr() + ")");
                    } else {
                        fixed.add(new FixedIp(subnet.id(), a));
                    }
                }
            }
            boolean up = e.bool("admin_state_up", true);
            boolean security = e.bool("port_security_enabled", true);
            List<AllowedAddressPair> pairs = new ArrayList<>();
            List<JsonNode> pairNodes = e.list("allowed_address_pairs");
            for (int i = 0; i < pairNodes.size(); i++) {
                String f = "allowed_address_pairs[" + i + "]";
                JsonNode n = pairNodes.get(i);
                if (!n.isObject()) {
                    e.fail(f, "expected {ip_address, mac_address}, got " + show(n));
                    continue;
                }
                IpPrefix ip = e.prefix(f + ".ip_address", n.get("ip_address"));
                MacAddress pairMac = mac;
                JsonNode m = n.get("mac_address");
                if (m != null && !m.isNull()) {
                    pairMac = m.isTextual() ? parseMac(m.asText()) : null;
                    if (pairMac == null || pairMac.isMulticast()) {
                        e.fail(f + ".mac_address", show(m) + " is not a unicast MAC");
                    }
                }
                if (ip != null && pairMac != null && !pairMac.isMulticast()) {
                    pairs.add(new AllowedAddressPair(ip, pairMac));
                }
            }
            List<ExtraDhcpOpt> opts = new ArrayList<>();
            List<JsonNode> optNodes = e.list("extra_dhcp_opts");
            for (int i = 0; i < optNodes.size(); i++) {
                String f = "extra_dhcp_opts[" + i + "]";
                JsonNode n = optNodes.get(i);
                if (!n.isObject()) {
                    e.fail(f, "expected {opt_name, opt_value}, got " + show(n));
                    continue;
                }
                JsonNode name = n.get("opt_name");
                JsonNode value = n.get("opt_value");
                JsonNode ver = n.get("ip_version");
                boolean ok = true;
                if (name == null || !name.isTextual() || name.asText().isBlank()) {
                    e.fail(f + ".opt_name", name == null ? "missing" : show(name) + " is not an option name");
                    ok = false;
                }
                if (value == null || !value.isValueNode() || value.isNull()) {
                    e.fail(f + ".opt_value", value == null ? "missing" : show(value) + " is not a value");
                    ok = false;
                }
                int v = 4;
                if (ver != null && !ver.isNull()) {
                    if (!ver.isInt() || (ver.intValue() != 4 && ver.intValue() != 6)) {
                        e.fail(f + ".ip_version", show(ver) + " is neither 4 nor 6");
                        ok = false;
                    } else {
                        v = ver.intValue();
                    }
                }
                if (ok) {
                    opts.add(new ExtraDhcpOpt(name.asText(), value.asText(), v));
                }
            }
            String owner = e.optionalString("device_owner", "");
            if (e.failed) {
                return null;
            }
            return new Port(id, netId, mac, fixed, up, security, pairs, opts, owner);
        }
    }

    /** One entry of a list, with the checks every field needs; each failure is recorded with the entry's name. */
    private static final class Entry {
        final Walker walker;
        final JsonNode node;
        final String where;
        boolean failed;

        Entry(Walker walker, JsonNode node, String where) {
            this.walker = walker;
            this.node = node;
            this.where = where;
        }

        void fail(String field, String what) {
            failed = true;
            walker.error(where, field, what);
        }

        /** Reports an entry that is not an object, in its place in file order. */
        boolean isObject() {
            if (!node.isObject()) {
                fail("", "expected an object, got " + show(node));
                return false;
            }
            return true;
        }

        String id() {
            String id = requiredString("id");
            if (id != null && (id.length() > 255 || !id.chars().allMatch(c -> c > ' ' && c < 0x7f))) {
                fail("id", quote(id) + " is not an id (1-255 printable characters, no spaces)");
                return null;
            }
            return id;
        }

        boolean unique(Set<String> seen) {
            String id = node.get("id").asText();
            if (seen.contains(id)) {
                fail("id", quote(id) + " is used by an earlier entry");
                return false;
            }
            return true;
        }

        String requiredString(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                fail(field, "missing");
                return null;
            }
            if (!v.isTextual() || v.asText().isEmpty()) {
                fail(field, "expected a non-empty string, got " + show(v));
                return null;
            }
            return v.asText();
        }

        String optionalString(String field, String dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isTextual()) {
                fail(field, "expected a string, got " + show(v));
                return dflt;
            }
            return v.asText();
        }

        String reference(String field, Set<String> known, String what) {
            String ref = requiredString(field);
            if (ref != null && !known.contains(ref)) {
                fail(field, quote(ref) + " is not a " + what + " in this intent");
                return null;
            }
            return ref;
        }

        Integer integer(String field, Integer dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                fail(field, "expected an integer, got " + show(v));
                return null;
            }
            return v.intValue();
        }

        boolean bool(String field, boolean dflt) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isBoolean()) {
                fail(field, "expected true or false, got " + show(v));
                return dflt;
            }
            return v.booleanValue();
        }

        List<JsonNode> list(String field) {
            JsonNode v = node.get(field);
            List<JsonNode> out = new ArrayList<>();
            if (v == null || v.isNull()) {
                return out;
            }
            if (!v.isArray()) {
                fail(field, "expected a list, got " + show(v));
                return out;
            }
            v.forEach(out::add);
            return out;
        }

        InetAddress address(String field, JsonNode v) {
            if (v == null || v.isNull()) {
                fail(field, "missing");
                return null;
            }
            if (!v.isTextual()) {
                fail(field, "expected an IP address, got " + show(v));
                return null;
            }
            try {
                return IpAddresses.parse(v.asText());
            } catch (IllegalArgumentException x) {
                fail(field, show(v) + " is not an IP address");
                return null;
            }
        }

        IpPrefix prefix(String field, JsonNode v) {
            if (v == null || v.isNull()) {
                fail(field, "missing");
                return null;
            }
            if (!v.isTextual()) {
                fail(field, "expected an IP address or CIDR, got " + show(v));
                return null;
            }
            try {
                IpPrefix p = IpPrefix.parse(v.asText());
                if (!p.isNetworkAddress()) {
                    fail(field, show(v) + " has host bits set");
                    return null;
                }
                return p;
            } catch (IllegalArgumentException x) {
                fail(field, show(v) + " is not an IP address or CIDR");
                return null;
            }
        }
    }

    /** {@code aa:bb:cc:dd:ee:ff} in either case, or null. */
    static MacAddress parseMac(String text) {
        if (!text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            return null;
        }
        return MacAddress.parse(text);
    }

    static String quote(String s) {
        return '"' + s + '"';
    }

    /** A node as it appears in JSON, cut short if long. */
    static String show(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
