package org.vifd.dhcp;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A DHCP option code (RFC 2132 and later). Open-ended: {@link #valueOf(int)} returns the named constant or an
 * unknown value for any code 0..255, never an exception (in the style of Netty's {@code DnsRecordType}).
 * Names follow dnsmasq's option names, which is what Neutron's {@code extra_dhcp_opts} use.
 */
public final class DhcpOption implements Comparable<DhcpOption> {

    private static final DhcpOption[] BY_CODE = new DhcpOption[256];
    private static final Map<String, DhcpOption> BY_NAME = new HashMap<>();

    public static final DhcpOption PAD = define(0, "pad", OptionFormat.EMPTY);
    public static final DhcpOption SUBNET_MASK = define(1, "netmask", OptionFormat.IPV4);
    public static final DhcpOption TIME_OFFSET = define(2, "time-offset", OptionFormat.INT32);
    public static final DhcpOption ROUTER = define(3, "router", OptionFormat.IPV4_LIST);
    public static final DhcpOption TIME_SERVER = define(4, "time-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption DNS_SERVER = define(6, "dns-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption LOG_SERVER = define(7, "log-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption LPR_SERVER = define(9, "lpr-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption HOSTNAME = define(12, "hostname", OptionFormat.TEXT);
    public static final DhcpOption BOOT_FILE_SIZE = define(13, "boot-file-size", OptionFormat.UINT16);
    public static final DhcpOption DOMAIN_NAME = define(15, "domain-name", OptionFormat.TEXT);
    public static final DhcpOption SWAP_SERVER = define(16, "swap-server", OptionFormat.IPV4);
    public static final DhcpOption ROOT_PATH = define(17, "root-path", OptionFormat.TEXT);
    public static final DhcpOption EXTENSIONS_PATH = define(18, "extension-path", OptionFormat.TEXT);
    public static final DhcpOption IP_FORWARDING = define(19, "ip-forward-enable", OptionFormat.BOOLEAN);
    public static final DhcpOption NON_LOCAL_SOURCE_ROUTING = define(20, "non-local-source-routing", OptionFormat.BOOLEAN);
    public static final DhcpOption POLICY_FILTER = define(21, "policy-filter", OptionFormat.IPV4_PAIRS);
    public static final DhcpOption MAX_DATAGRAM_REASSEMBLY = define(22, "max-datagram-reassembly", OptionFormat.UINT16);
    public static final DhcpOption DEFAULT_TTL = define(23, "default-ttl", OptionFormat.UINT8);
    public static final DhcpOption MTU = define(26, "mtu", OptionFormat.UINT16);
    public static final DhcpOption ALL_SUBNETS_LOCAL = define(27, "all-subnets-local", OptionFormat.BOOLEAN);
    public static final DhcpOption BROADCAST_ADDRESS = define(28, "broadcast", OptionFormat.IPV4);
    public static final DhcpOption ROUTER_DISCOVERY = define(31, "router-discovery", OptionFormat.BOOLEAN);
    public static final DhcpOption ROUTER_SOLICITATION = define(32, "router-solicitation", OptionFormat.IPV4);
    public static final DhcpOption STATIC_ROUTE = define(33, "static-route", OptionFormat.IPV4_PAIRS);
    public static final DhcpOption TRAILER_ENCAPSULATION = define(34, "trailer-encapsulation", OptionFormat.BOOLEAN);
    public static final DhcpOption ARP_TIMEOUT = define(35, "arp-timeout", OptionFormat.UINT32);
    public static final DhcpOption ETHERNET_ENCAPSULATION = define(36, "ethernet-encap", OptionFormat.BOOLEAN);
    public static final DhcpOption TCP_TTL = define(37, "tcp-ttl", OptionFormat.UINT8);
    public static final DhcpOption TCP_KEEPALIVE = define(38, "tcp-keepalive", OptionFormat.UINT32);
    public static final DhcpOption NIS_DOMAIN = define(40, "nis-domain", OptionFormat.TEXT);
    public static final DhcpOption NIS_SERVER = define(41, "nis-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption NTP_SERVER = define(42, "ntp-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption VENDOR_ENCAPSULATED = define(43, "vendor-encap", OptionFormat.BYTES);
    public static final DhcpOption NETBIOS_NAME_SERVER = define(44, "netbios-ns", OptionFormat.IPV4_LIST);
    public static final DhcpOption NETBIOS_DD_SERVER = define(45, "netbios-dd", OptionFormat.IPV4_LIST);
    public static final DhcpOption NETBIOS_NODE_TYPE = define(46, "netbios-nodetype", OptionFormat.UINT8);
    public static final DhcpOption NETBIOS_SCOPE = define(47, "netbios-scope", OptionFormat.TEXT);
    public static final DhcpOption REQUESTED_IP = define(50, "requested-address", OptionFormat.IPV4);
    public static final DhcpOption LEASE_TIME = define(51, "lease-time", OptionFormat.UINT32);
    public static final DhcpOption OVERLOAD = define(52, "option-overload", OptionFormat.UINT8);
    public static final DhcpOption MESSAGE_TYPE = define(53, "message-type", OptionFormat.MESSAGE_TYPE);
    public static final DhcpOption SERVER_ID = define(54, "server-identifier", OptionFormat.IPV4);
    public static final DhcpOption PARAMETER_REQUEST_LIST = define(55, "parameter-request", OptionFormat.OPTION_CODES);
    public static final DhcpOption MESSAGE = define(56, "message", OptionFormat.TEXT);
    public static final DhcpOption MAX_MESSAGE_SIZE = define(57, "max-message-size", OptionFormat.UINT16);
    public static final DhcpOption RENEWAL_TIME = define(58, "T1", OptionFormat.UINT32);
    public static final DhcpOption REBINDING_TIME = define(59, "T2", OptionFormat.UINT32);
    public static final DhcpOption VENDOR_CLASS = define(60, "vendor-class", OptionFormat.TEXT);
    public static final DhcpOption CLIENT_ID = define(61, "client-id", OptionFormat.CLIENT_ID);
    public static final DhcpOption NISPLUS_DOMAIN = define(64, "nis+-domain", OptionFormat.TEXT);
    public static final DhcpOption NISPLUS_SERVER = define(65, "nis+-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption TFTP_SERVER = define(66, "tftp-server", OptionFormat.TEXT);
    public static final DhcpOption BOOTFILE_NAME = define(67, "bootfile-name", OptionFormat.TEXT);
    public static final DhcpOption MOBILE_IP_HOME = define(68, "mobile-ip-home", OptionFormat.IPV4_LIST);
    public static final DhcpOption SMTP_SERVER = define(69, "smtp-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption POP3_SERVER = define(70, "pop3-server", OptionFormat.IPV4_LIST);
    public static final DhcpOption USER_CLASS = define(77, "user-class", OptionFormat.BYTES);
    public static final DhcpOption RAPID_COMMIT = define(80, "rapid-commit", OptionFormat.EMPTY);
    public static final DhcpOption CLIENT_FQDN = define(81, "FQDN", OptionFormat.BYTES);
    public static final DhcpOption RELAY_AGENT_INFORMATION = define(82, "agent-id", OptionFormat.SUBOPTIONS);
    public static final DhcpOption CLIENT_ARCHITECTURE = define(93, "client-arch", OptionFormat.UINT16);
    public static final DhcpOption CLIENT_INTERFACE_ID = define(94, "client-interface-id", OptionFormat.BYTES);
    public static final DhcpOption CLIENT_MACHINE_ID = define(97, "client-machine-id", OptionFormat.BYTES);
    public static final DhcpOption DOMAIN_SEARCH = define(119, "domain-search", OptionFormat.DOMAIN_LIST);
    public static final DhcpOption SIP_SERVER = define(120, "sip-server", OptionFormat.BYTES);
    public static final DhcpOption CLASSLESS_STATIC_ROUTE = define(121, "classless-static-route", OptionFormat.CLASSLESS_ROUTES);
    public static final DhcpOption VENDOR_IDENTIFYING_VENDOR_CLASS = define(124, "vendor-id-class", OptionFormat.BYTES);
    public static final DhcpOption VENDOR_IDENTIFYING_VENDOR_OPTIONS = define(125, "vendor-id-encap", OptionFormat.BYTES);
    public static final DhcpOption TFTP_SERVER_ADDRESS = define(150, "tftp-server-address", OptionFormat.IPV4_LIST);
    /** Microsoft's classless static route option: same layout as 121. */
    public static final DhcpOption MS_CLASSLESS_STATIC_ROUTE = define(249, "ms-classless-static-route", OptionFormat.CLASSLESS_ROUTES);
    public static final DhcpOption WPAD = define(252, "proxy-autoconfig", OptionFormat.TEXT);
    public static final DhcpOption END = define(255, "end", OptionFormat.EMPTY);

    static {
        // Aliases Neutron's extra_dhcp_opts use besides dnsmasq's canonical names.
        BY_NAME.put("subnet-mask", SUBNET_MASK);
        BY_NAME.put("routers", ROUTER);
        BY_NAME.put("domain-name-servers", DNS_SERVER);
        BY_NAME.put("host-name", HOSTNAME);
        BY_NAME.put("interface-mtu", MTU);
        BY_NAME.put("broadcast-address", BROADCAST_ADDRESS);
        BY_NAME.put("renewal-time", RENEWAL_TIME);
        BY_NAME.put("rebinding-time", REBINDING_TIME);
        BY_NAME.put("tftp-server-name", TFTP_SERVER);
        for (int code = 0; code < 256; code++) {
            if (BY_CODE[code] == null) {
                BY_CODE[code] = new DhcpOption(code, "unknown-" + code, OptionFormat.BYTES, false);
            }
        }
    }

    private final int code;
    private final String name;
    private final OptionFormat format;
    private final boolean known;

    private DhcpOption(int code, String name, OptionFormat format, boolean known) {
        this.code = code;
        this.name = name;
        this.format = format;
        this.known = known;
    }

    private static DhcpOption define(int code, String name, OptionFormat format) {
        DhcpOption option = new DhcpOption(code, name, format, true);
        BY_CODE[code] = option;
        BY_NAME.put(name.toLowerCase(Locale.ROOT), option);
        return option;
    }

    /** The option for {@code code & 0xff}: a named constant, or an unknown one carrying the code. */
    public static DhcpOption valueOf(int code) {
        return BY_CODE[code & 0xff];
    }

    /**
     * The option named {@code nameOrNumber} as Neutron's {@code extra_dhcp_opts} spell it: a dnsmasq name
     * ({@code bootfile-name}), an alias, {@code option:NAME}, or a decimal code; empty when unknown.
     */
    public static java.util.Optional<DhcpOption> lookup(String nameOrNumber) {
        String key = nameOrNumber.trim().toLowerCase(Locale.ROOT);
        if (key.startsWith("option:")) {
            key = key.substring("option:".length());
        }
        if (!key.isEmpty() && key.chars().allMatch(Character::isDigit) && key.length() <= 3) {
            int code = Integer.parseInt(key);
            return code <= 255 ? java.util.Optional.of(valueOf(code)) : java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(BY_NAME.get(key));
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    public OptionFormat format() {
        return format;
    }

    /** Whether this code has a name here (false for codes this class does not describe). */
    public boolean isKnown() {
        return known;
    }

    @Override
    public int compareTo(DhcpOption o) {
        return Integer.compare(code, o.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOption other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
