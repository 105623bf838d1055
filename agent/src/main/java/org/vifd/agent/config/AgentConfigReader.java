package org.vifd.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@link AgentConfig} from YAML. Strict: an unknown key, a value of the wrong type or a malformed address is
 * a {@link ConfigException} whose message starts with the file and names the key
 * ({@code vifd.yaml: integration_bridge: "br int" is not a bridge name ...}). A missing or {@code null} key takes
 * its default. Relative paths are resolved against the directory of the configuration file.
 */
public final class AgentConfigReader {
    /** Configuration files are small; anything larger is a mistake. */
    public static final int MAX_BYTES = 1 << 20;

    static final List<String> KEYS = List.of("ovsdb", "integration_bridge", "datapath_type", "bridge_mappings",
            "openflow_listen", "intent_file", "state_dir", "status_listen", "libvirt_uri", "dhcp", "intent_ovn_nb",
            "ovn_report_up", "ovn_nb_ssl", "cleanup_stale_ports",
            "libvirt_reconcile_grace");
    static final List<String> SSL_KEYS = List.of("private_key", "certificate", "ca_cert");
    static final List<String> DHCP_KEYS = List.of("dns_domain", "lease_duration", "metadata_route");

    /**
     * Bridge (and so kernel or tap device) names: at most 15 characters (IFNAMSIZ - 1), no separators or spaces.
     */
    private static final Pattern BRIDGE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");
    private static final Pattern PHYSNET = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private AgentConfigReader() {
    }

    /** Reads and validates {@code file}. */
    public static AgentConfig read(Path file) throws ConfigException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("", file + ": larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("", file + ": cannot read: " + e.getMessage());
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(new String(bytes, StandardCharsets.UTF_8), file.getFileName().toString(), base);
    }

    /**
     * Parses YAML text.
     *
     * @param source name used at the start of error messages (the file name)
     * @param base   directory that relative paths are resolved against
     */
    public static AgentConfig parse(String yaml, String source, Path base) throws ConfigException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException("", source + ": not valid YAML: " + e.getOriginalMessage() + location(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return AgentConfig.DEFAULTS;
        }
        return new Walker(source, base).config(root);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Walks the tree; every check names the key it is about. */
    private static final class Walker {
        private final String source;
        private final Path base;

        Walker(String source, Path base) {
            this.source = source;
            this.base = base;
        }

        AgentConfig config(JsonNode root) throws ConfigException {
            if (!root.isObject()) {
                throw error("", "the file must be a mapping of keys to values, not " + kind(root));
            }
            rejectUnknown(root, KEYS, "");
            String ovsdb = string(root, "ovsdb", AgentConfig.DEFAULT_OVSDB);
            check("ovsdb", ConnectionMethods.checkActiveList(ovsdb));

            String intBridge = string(root, "integration_bridge", AgentConfig.DEFAULT_INTEGRATION_BRIDGE);
            checkBridge("integration_bridge", intBridge);

            String dp = string(root, "datapath_type", AgentConfig.DEFAULT_DATAPATH_TYPE.ovsName());
            AgentConfig.DatapathType datapathType = switch (dp) {
                case "system" -> AgentConfig.DatapathType.SYSTEM;
                case "netdev" -> AgentConfig.DatapathType.NETDEV;
                default -> throw error("datapath_type", quote(dp) + " is neither system nor netdev");
            };

            Map<String, String> mappings = bridgeMappings(root, intBridge);

            String ofListen = string(root, "openflow_listen", AgentConfig.DEFAULT_OPENFLOW_LISTEN);
            check("openflow_listen", ConnectionMethods.checkPassive(ofListen));

            Path intent = path(root, "intent_file", AgentConfig.DEFAULT_INTENT_FILE);
            Path state = path(root, "state_dir", AgentConfig.DEFAULT_STATE_DIR);
            InetSocketAddress status = statusListen(root);
            String libvirt = string(root, "libvirt_uri", AgentConfig.DEFAULT_LIBVIRT_URI);
            if (!libvirt.isEmpty() && !libvirt.contains(":")) {
                throw error("libvirt_uri", quote(libvirt) + " is not a libvirt URI (e.g. qemu:///system)");
            }
            boolean cleanup = AgentConfig.DEFAULT_CLEANUP_STALE_PORTS;
            JsonNode stale = root.get("cleanup_stale_ports");
            if (stale != null && !stale.isNull()) {
                if (!stale.isBoolean()) {
                    throw error("cleanup_stale_ports", "expected true or false, got " + kind(stale));
                }
                cleanup = stale.booleanValue();
            }
            return new AgentConfig(ovsdb, intBridge, datapathType, mappings, ofListen, intent, state, status,
                    libvirt, dhcp(root), ovnNb(root), cleanup, libvirtReconcileGrace(root));
        }

        /** Whole seconds, 0 (unplug at once) to a day. */
        private Duration libvirtReconcileGrace(JsonNode root) throws ConfigException {
            JsonNode g = root.get("libvirt_reconcile_grace");
            if (g == null || g.isNull()) {
                return AgentConfig.DEFAULT_LIBVIRT_RECONCILE_GRACE;
            }
            if (!g.isIntegralNumber() || !g.canConvertToInt() || g.intValue() < 0 || g.intValue() > 86400) {
                throw error("libvirt_reconcile_grace", "expected a number of seconds from 0 to 86400, got " + kind(g));
            }
            return Duration.ofSeconds(g.intValue());
        }

        private Map<String, String> bridgeMappings(JsonNode root, String intBridge) throws ConfigException {
            JsonNode node = root.get("bridge_mappings");
            Map<String, String> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                throw error("bridge_mappings", "expected a mapping of physical network to bridge "
                        + "(e.g. {physnet1: br-phys}), got " + kind(node));
            }
            Map<String, String> byBridge = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "bridge_mappings." + e.getKey();
                if (!PHYSNET.matcher(e.getKey()).matches()) {
                    throw error(key, quote(e.getKey()) + " is not a physical network name "
                            + "(1-64 of A-Z a-z 0-9 _ . -)");
                }
                if (!e.getValue().isTextual()) {
                    throw error(key, "expected a bridge name, got " + kind(e.getValue()));
                }
                String bridge = e.getValue().asText();
                checkBridge(key, bridge);
                if (bridge.equals(intBridge)) {
                    throw error(key, "bridge " + bridge + " is the integration bridge");
                }
                String other = byBridge.putIfAbsent(bridge, e.getKey());
                if (other != null) {
                    throw error(key, "bridge " + bridge + " is already mapped to " + other);
                }
                out.put(e.getKey(), bridge);
            }
            return out;
        }

        private InetSocketAddress statusListen(JsonNode root) throws ConfigException {
            String text = string(root, "status_listen", AgentConfig.DEFAULT_STATUS_LISTEN);
            int c = text.lastIndexOf(':');
            String host = c < 0 ? "" : text.substring(0, c);
            String port = c < 0 ? "" : text.substring(c + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                host = "";
            }
            if (host.isEmpty() || !ConnectionMethods.validPort(port, true) || !isIpLiteral(host)) {
                throw error("status_listen", quote(text) + " is not IP:PORT (e.g. 127.0.0.1:9697 or [::1]:9697)");
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
            } catch (IOException e) {
                throw error("status_listen", quote(text) + ": " + e.getMessage());
            }
        }

        private AgentConfig.OvnNb ovnNb(JsonNode root) throws ConfigException {
            String remotes = string(root, "intent_ovn_nb", "");
            if (!remotes.isEmpty()) {
                check("intent_ovn_nb", ConnectionMethods.checkActiveList(remotes));
                if (root.has("intent_file") && !root.get("intent_file").isNull()) {
                    throw error("intent_ovn_nb", "give either intent_file or intent_ovn_nb, not both");
                }
            }
            AgentConfig.Ssl ssl = ssl(root, "ovn_nb_ssl");
            if (!remotes.isEmpty() && ssl == null) {
                for (String r : ConnectionMethods.split(remotes)) {
                    if (r.startsWith("ssl:")) {
                        throw error("intent_ovn_nb", "'" + r + "' needs ovn_nb_ssl: {private_key: FILE, "
                                + "certificate: FILE, ca_cert: FILE}");
                    }
                }
            }
            boolean reportUp = true;
            JsonNode up = root.get("ovn_report_up");
            if (up != null && !up.isNull()) {
                if (!up.isBoolean()) {
                    throw error("ovn_report_up", "expected true or false, got " + kind(up));
                }
                reportUp = up.booleanValue();
            }
            return new AgentConfig.OvnNb(remotes, reportUp, ssl);
        }

        /** {@code KEY: {private_key: FILE, certificate: FILE, ca_cert: FILE}}: all three, each a readable file. */
        private AgentConfig.Ssl ssl(JsonNode root, String key) throws ConfigException {
            JsonNode node = root.get(key);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw error(key, "expected a mapping (private_key, certificate, ca_cert), got " + kind(node));
            }
            rejectUnknown(node, SSL_KEYS, key + ".");
            Path[] files = new Path[SSL_KEYS.size()];
            for (int i = 0; i < files.length; i++) {
                String k = SSL_KEYS.get(i);
                String full = key + "." + k;
                String s = string(node, k, full, null);
                if (s == null || s.isEmpty() || s.indexOf('\0') >= 0) {
                    throw error(full, "expected a file path (PEM), got " + (s == null ? "nothing" : quote(s)));
                }
                Path p = Path.of(s);
                p = p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
                if (!Files.isReadable(p)) {
                    throw error(full, p + ": no such file or not readable");
                }
                files[i] = p;
            }
            return new AgentConfig.Ssl(files[0], files[1], files[2]);
        }

        private AgentConfig.Dhcp dhcp(JsonNode root) throws ConfigException {
            JsonNode node = root.get("dhcp");
            if (node == null || node.isNull()) {
                return AgentConfig.DEFAULTS.dhcp();
            }
            if (!node.isObject()) {
                throw error("dhcp", "expected a mapping (dns_domain, lease_duration, metadata_route), got " + kind(node));
            }
            rejectUnknown(node, DHCP_KEYS, "dhcp.");
            String domain = string(node, "dns_domain", "dhcp.dns_domain", AgentConfig.DEFAULT_DNS_DOMAIN);
            checkDomain(domain);
            int lease = AgentConfig.DEFAULT_LEASE_DURATION;
            JsonNode l = node.get("lease_duration");
            if (l != null && !l.isNull()) {
                if (!l.isIntegralNumber() || !l.canConvertToInt()) {
                    throw error("dhcp.lease_duration", "expected a number of seconds, got " + kind(l));
                }
                lease = l.intValue();
                if (lease != -1 && lease < 60) {
                    throw error("dhcp.lease_duration", lease + " is neither at least 60 seconds nor -1 (infinite)");
                }
            }
            boolean metadataRoute = false;
            JsonNode mr = node.get("metadata_route");
            if (mr != null && !mr.isNull()) {
                if (!mr.isBoolean()) {
                    throw error("dhcp.metadata_route", "expected true or false, got " + kind(mr));
                }
                metadataRoute = mr.booleanValue();
            }
            return new AgentConfig.Dhcp(domain, lease, metadataRoute);
        }

        private void checkDomain(String domain) throws ConfigException {
            String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
            boolean ok = !d.isEmpty() && d.length() <= 253;
            for (String label : d.split("\\.", -1)) {
                ok &= DNS_LABEL.matcher(label).matches();
            }
            if (!ok) {
                throw error("dhcp.dns_domain", quote(domain) + " is not a DNS domain name (RFC 1035 §2.3.1)");
            }
        }

        private void checkBridge(String key, String name) throws ConfigException {
            if (!BRIDGE.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                throw error(key, quote(name) + " is not a bridge name (1-15 of A-Z a-z 0-9 _ . -)");
            }
        }

        private void rejectUnknown(JsonNode node, List<String> known, String prefix) throws ConfigException {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!known.contains(k)) {
                    throw error(prefix + k, "unknown key (known keys: " + String.join(", ", known) + ")");
                }
            }
        }

        private String string(JsonNode node, String key, String dflt) throws ConfigException {
            return string(node, key, key, dflt);
        }

        private String string(JsonNode node, String key, String fullKey, String dflt) throws ConfigException {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw error(fullKey, "expected a string, got " + kind(v));
            }
            return v.asText().strip();
        }

        private Path path(JsonNode node, String key, Path dflt) throws ConfigException {
            String s = string(node, key, null);
            if (s == null) {
                return dflt;
            }
            if (s.isEmpty() || s.indexOf('\0') >= 0) {
                throw error(key, "expected a file path, got " + quote(s));
            }
            Path p = Path.of(s);
            return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
        }

        private void check(String key, String problem) throws ConfigException {
            if (problem != null) {
                throw error(key, problem);
            }
        }

        private ConfigException error(String key, String message) {
            return new ConfigException(key, source + ": " + (key.isEmpty() ? "" : key + ": ") + message);
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return host.matches("[0-9A-Fa-f:.]+");
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static String quote(String s) {
        return '"' + s + '"';
    }

    static String kind(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        } else if (n.isArray()) {
            return "a list";
        } else if (n.isNumber()) {
            return "the number " + n.asText();
        } else if (n.isBoolean()) {
            return "the boolean " + n.asText();
        } else if (n.isTextual()) {
            return "the string " + quote(n.asText());
        }
        return n.getNodeType().toString().toLowerCase();
    }
}
