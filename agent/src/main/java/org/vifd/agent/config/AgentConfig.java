package org.vifd.agent.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The agent's whole configuration, read once from YAML by {@link AgentConfigReader}. Every key is optional; the
 * {@code DEFAULT_*} constants are the documented defaults (agent/README.md, docs/agent-config.md). Values are
 * validated by the reader, so a constructed config is usable as is.
 *
 * @param ovsdb            OVSDB remote(s) in OVS notation, comma-separated for a cluster ({@code ovsdb})
 * @param integrationBridge the bridge VM ports plug into ({@code integration_bridge})
 * @param datapathType     {@code system} (kernel) or {@code netdev} (userspace) for the bridges vifd creates
 * @param bridgeMappings   physical network name → physical bridge, in file order ({@code bridge_mappings})
 * @param openflowListen   where vifd listens for its bridges, OVS passive notation ({@code openflow_listen})
 * @param intentFile       the intent file (JSON or YAML in Neutron shapes) ({@code intent_file})
 * @param stateDir         where vifd keeps its own state, e.g. the DHCP lease journal ({@code state_dir})
 * @param statusListen     HOST:PORT of the HTTP status server ({@code status_listen})
 * @param libvirtUri       libvirt connection for domain events; empty = no libvirt ({@code libvirt_uri})
 * @param dhcp             DHCP server settings ({@code dhcp})
 * @param ovnNb            the OVN Northbound intent source ({@code intent_ovn_nb}, {@code ovn_report_up},
 *                         {@code ovn_nb_ssl})
 * @param cleanupStalePorts at start, delete VM ports whose kernel device is gone, as neutron-ovs-cleanup does
 *                         ({@code cleanup_stale_ports}, default false)
 * @param libvirtReconcileGrace when the libvirt hook (re)connects, how long a VM with ports but no running domain
 *                         may take to start before its ports are unplugged ({@code libvirt_reconcile_grace})
 */
public record AgentConfig(String ovsdb, String integrationBridge, DatapathType datapathType,
                          Map<String, String> bridgeMappings, String openflowListen, Path intentFile, Path stateDir,
                          InetSocketAddress statusListen, String libvirtUri, Dhcp dhcp, OvnNb ovnNb,
                          boolean cleanupStalePorts, Duration libvirtReconcileGrace) {
    public static final String DEFAULT_OVSDB = "unix:/var/run/openvswitch/db.sock";
    public static final String DEFAULT_INTEGRATION_BRIDGE = "br-int";
    public static final DatapathType DEFAULT_DATAPATH_TYPE = DatapathType.SYSTEM;
    public static final Map<String, String> DEFAULT_BRIDGE_MAPPINGS = Map.of();
    public static final String DEFAULT_OPENFLOW_LISTEN = "ptcp:6653:127.0.0.1";
    public static final Path DEFAULT_INTENT_FILE = Path.of("/etc/vifd/intent.json");
    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/vifd");
    public static final String DEFAULT_STATUS_LISTEN = "127.0.0.1:9697";
    public static final String DEFAULT_LIBVIRT_URI = "";
    public static final String DEFAULT_DNS_DOMAIN = "openstacklocal";
    public static final int DEFAULT_LEASE_DURATION = 86400;
    public static final boolean DEFAULT_CLEANUP_STALE_PORTS = false;
    public static final Duration DEFAULT_LIBVIRT_RECONCILE_GRACE = Duration.ofSeconds(60);

    /** Every key at its default. */
    public static final AgentConfig DEFAULTS = new AgentConfig(DEFAULT_OVSDB, DEFAULT_INTEGRATION_BRIDGE,
            DEFAULT_DATAPATH_TYPE, DEFAULT_BRIDGE_MAPPINGS, DEFAULT_OPENFLOW_LISTEN, DEFAULT_INTENT_FILE,
            DEFAULT_STATE_DIR, new InetSocketAddress("127.0.0.1", 9697), DEFAULT_LIBVIRT_URI,
            new Dhcp(DEFAULT_DNS_DOMAIN, DEFAULT_LEASE_DURATION), OvnNb.NONE, DEFAULT_CLEANUP_STALE_PORTS,
            DEFAULT_LIBVIRT_RECONCILE_GRACE);

    /** The bridges' datapath: the kernel module or the userspace datapath (ovs-vswitchd.conf.db(5) Bridge). */
    public enum DatapathType {
        SYSTEM("system"), NETDEV("netdev");

        private final String ovsName;

        DatapathType(String ovsName) {
            this.ovsName = ovsName;
        }

        /** The value of Bridge.datapath_type. */
        public String ovsName() {
            return ovsName;
        }
    }

    /**
     * DHCP settings.
     *
     * @param dnsDomain     domain name handed out (option 15), Neutron's {@code dns_domain}
     * @param leaseDuration lease time in seconds (option 51); -1 means infinite, as in Neutron
     * @param metadataRoute hand out the host route 169.254.169.254/32 via the subnet's DHCP port address
     *                      ({@code metadata_route}, default false), as Neutron's {@code enable_isolated_metadata}
     */
    public record Dhcp(String dnsDomain, int leaseDuration, boolean metadataRoute) {
        public Dhcp {
            Objects.requireNonNull(dnsDomain, "dnsDomain");
        }

        /** Without the metadata route. */
        public Dhcp(String dnsDomain, int leaseDuration) {
            this(dnsDomain, leaseDuration, false);
        }
    }

    /**
     * The intent from an OVN Northbound database instead of {@code intent_file}.
     *
     * @param remotes  OVSDB remote list of the Northbound cluster ({@code intent_ovn_nb}); empty: not used
     * @param reportUp write Logical_Switch_Port.up for wired ports ({@code ovn_report_up}, default true); off when
     *                 an ovn-northd owns that column
     * @param ssl      key, certificate and CA for {@code ssl:} remotes ({@code ovn_nb_ssl}); null: none given
     */
    public record OvnNb(String remotes, boolean reportUp, Ssl ssl) {
        public static final OvnNb NONE = new OvnNb("", true, null);

        public OvnNb {
            Objects.requireNonNull(remotes, "remotes");
        }

        /** Without TLS settings. */
        public OvnNb(String remotes, boolean reportUp) {
            this(remotes, reportUp, null);
        }

        public boolean enabled() {
            return !remotes.isEmpty();
        }
    }

    /**
     * TLS files for {@code ssl:} OVSDB remotes, as ovn-nbctl's and ovsdb-server's {@code --private-key},
     * {@code --certificate} and {@code --ca-cert} (PEM files).
     *
     * @param privateKey  our private key ({@code private_key})
     * @param certificate our certificate, signed by a CA the server trusts ({@code certificate})
     * @param caCert      the CA certificate that must have signed the server's ({@code ca_cert})
     */
    public record Ssl(Path privateKey, Path certificate, Path caCert) {
        public Ssl {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(caCert, "caCert");
        }
    }

    /** Without the stale-port cleanup ({@code cleanup_stale_ports} at its default). */
    public AgentConfig(String ovsdb, String integrationBridge, DatapathType datapathType,
                       Map<String, String> bridgeMappings, String openflowListen, Path intentFile, Path stateDir,
                       InetSocketAddress statusListen, String libvirtUri, Dhcp dhcp, OvnNb ovnNb) {
        this(ovsdb, integrationBridge, datapathType, bridgeMappings, openflowListen, intentFile, stateDir,
                statusListen, libvirtUri, dhcp, ovnNb, DEFAULT_CLEANUP_STALE_PORTS);
    }

    /** With {@code libvirt_reconcile_grace} at its default. */
    public AgentConfig(String ovsdb, String integrationBridge, DatapathType datapathType,
                       Map<String, String> bridgeMappings, String openflowListen, Path intentFile, Path stateDir,
                       InetSocketAddress statusListen, String libvirtUri, Dhcp dhcp, OvnNb ovnNb,
                       boolean cleanupStalePorts) {
        this(ovsdb, integrationBridge, datapathType, bridgeMappings, openflowListen, intentFile, stateDir,
                statusListen, libvirtUri, dhcp, ovnNb, cleanupStalePorts, DEFAULT_LIBVIRT_RECONCILE_GRACE);
    }

    /** The same configuration with {@code cleanup_stale_ports} set. */
    public AgentConfig withCleanupStalePorts(boolean cleanup) {
        return new AgentConfig(ovsdb, integrationBridge, datapathType, bridgeMappings, openflowListen, intentFile,
                stateDir, statusListen, libvirtUri, dhcp, ovnNb, cleanup, libvirtReconcileGrace);
    }

    public AgentConfig {
        Objects.requireNonNull(ovsdb, "ovsdb");
        Objects.requireNonNull(integrationBridge, "integrationBridge");
        Objects.requireNonNull(datapathType, "datapathType");
        bridgeMappings = Collections.unmodifiableMap(new LinkedHashMap<>(bridgeMappings));
        Objects.requireNonNull(openflowListen, "openflowListen");
        Objects.requireNonNull(intentFile, "intentFile");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(statusListen, "statusListen");
        Objects.requireNonNull(libvirtUri, "libvirtUri");
        Objects.requireNonNull(dhcp, "dhcp");
        Objects.requireNonNull(ovnNb, "ovnNb");
        Objects.requireNonNull(libvirtReconcileGrace, "libvirtReconcileGrace");
        if (libvirtReconcileGrace.isNegative()) {
            throw new IllegalArgumentException("libvirtReconcileGrace " + libvirtReconcileGrace + " is negative");
        }
    }

    /** The Controller target the bridges get: {@code ptcp:6653:127.0.0.1} → {@code tcp:127.0.0.1:6653}. */
    public String controllerTarget() {
        return ConnectionMethods.activeFor(openflowListen);
    }

    /** True when domain events from libvirt are wanted ({@code libvirt_uri} not empty). */
    public boolean libvirtEnabled() {
        return !libvirtUri.isEmpty();
    }

    /** Where the file intent source's status goes: {@code intent.json} → {@code intent.status.json} beside it. */
    public Path statusFile() {
        String name = intentFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return intentFile.resolveSibling(stem + ".status.json");
    }

    /** The resolved configuration with the YAML key names, for {@code vifd --print-config} and logs. */
    public Map<String, Object> toYamlTree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ovsdb", ovsdb);
        m.put("integration_bridge", integrationBridge);
        m.put("datapath_type", datapathType.ovsName());
        m.put("bridge_mappings", new TreeMap<>(bridgeMappings));
        m.put("openflow_listen", openflowListen);
        if (!ovnNb.enabled()) {
            m.put("intent_file", intentFile.toString()); // the two sources exclude each other
        }
        m.put("state_dir", stateDir.toString());
        m.put("status_listen", hostPort(statusListen));
        m.put("libvirt_uri", libvirtUri);
        m.put("cleanup_stale_ports", cleanupStalePorts);
        m.put("libvirt_reconcile_grace", libvirtReconcileGrace.toSeconds());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dns_domain", dhcp.dnsDomain());
        d.put("lease_duration", dhcp.leaseDuration());
        d.put("metadata_route", dhcp.metadataRoute());
        m.put("dhcp", d);
        m.put("intent_ovn_nb", ovnNb.remotes());
        m.put("ovn_report_up", ovnNb.reportUp());
        Map<String, Object> ssl = null; // printed as null: every key appears
        if (ovnNb.ssl() != null) {
            ssl = new LinkedHashMap<>();
            ssl.put("private_key", ovnNb.ssl().privateKey().toString());
            ssl.put("certificate", ovnNb.ssl().certificate().toString());
            ssl.put("ca_cert", ovnNb.ssl().caCert().toString());
        }
        m.put("ovn_nb_ssl", ssl);
        return m;
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
