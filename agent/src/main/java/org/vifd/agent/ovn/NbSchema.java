package org.vifd.agent.ovn;

import java.util.List;

/**
 * The parts of the OVN Northbound schema (ovn-nb(5), {@code /usr/share/ovn/ovn-nb.ovsschema}) that vifd reads, and
 * the {@code external_ids} keys Neutron's ML2/OVN driver writes there.
 */
public final class NbSchema {
    public static final String DATABASE = "OVN_Northbound";

    public static final String LOGICAL_SWITCH = "Logical_Switch";
    public static final String LOGICAL_SWITCH_PORT = "Logical_Switch_Port";
    public static final String DHCP_OPTIONS = "DHCP_Options";

    // Logical_Switch columns
    public static final String LS_NAME = "name";
    public static final String LS_PORTS = "ports";
    public static final String LS_EXTERNAL_IDS = "external_ids";
    public static final String LS_OTHER_CONFIG = "other_config";

    // Logical_Switch_Port columns
    public static final String LSP_NAME = "name";
    public static final String LSP_TYPE = "type";
    public static final String LSP_ADDRESSES = "addresses";
    public static final String LSP_PORT_SECURITY = "port_security";
    public static final String LSP_ENABLED = "enabled";
    public static final String LSP_UP = "up";
    public static final String LSP_DHCPV4_OPTIONS = "dhcpv4_options";
    public static final String LSP_OPTIONS = "options";
    public static final String LSP_TAG = "tag";
    public static final String LSP_EXTERNAL_IDS = "external_ids";

    // DHCP_Options columns
    public static final String DHCP_CIDR = "cidr";
    public static final String DHCP_OPTIONS_COLUMN = "options";
    public static final String DHCP_EXTERNAL_IDS = "external_ids";

    /** Logical_Switch_Port.type of a VM port (the empty string) and of a provider network's port. */
    public static final String TYPE_VM = "";
    public static final String TYPE_LOCALNET = "localnet";
    /** Logical_Switch_Port.options key naming the physical network of a localnet port. */
    public static final String OPTION_NETWORK_NAME = "network_name";

    // Neutron's external_ids keys (neutron/common/ovn/constants.py)
    public static final String NEUTRON_NAME_PREFIX = "neutron-";
    public static final String EXT_NETWORK_NAME = "neutron:network_name";
    public static final String EXT_NETWORK_ID = "neutron:network_id";
    public static final String EXT_MTU = "neutron:mtu";
    public static final String EXT_DEVICE_OWNER = "neutron:device_owner";
    public static final String EXT_CIDRS = "neutron:cidrs";
    public static final String EXT_SUBNET_ID = "subnet_id";
    public static final String EXT_PORT_ID = "port_id";

    /** What the agent monitors of each table. */
    public static final List<String> LS_COLUMNS = List.of(LS_NAME, LS_PORTS, LS_EXTERNAL_IDS, LS_OTHER_CONFIG);
    public static final List<String> LSP_COLUMNS = List.of(LSP_NAME, LSP_TYPE, LSP_ADDRESSES, LSP_PORT_SECURITY,
            LSP_ENABLED, LSP_UP, LSP_DHCPV4_OPTIONS, LSP_OPTIONS, LSP_TAG, LSP_EXTERNAL_IDS);
    public static final List<String> DHCP_COLUMNS = List.of(DHCP_CIDR, DHCP_OPTIONS_COLUMN, DHCP_EXTERNAL_IDS);

    private NbSchema() {
    }
}
