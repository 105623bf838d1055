package org.vifd.agent.flows;

/** The integration bridge's tables (DESIGN.md "Flow tables"), numbered after neutron-openvswitch-agent's. */
public final class Tables {
    /** Classify: dead VLAN drop, wired ports to their checks, claimed provider VLANs to local ones; default drop. */
    public static final int CLASSIFY = 0;
    /** One canary flow, looked for on every OpenFlow (re)connect: gone means vswitchd lost its flows. */
    public static final int CANARY = 23;
    /** ARP: sender MAC and IP must be the port's (fixed IPs, allowed address pairs); default drop. */
    public static final int ARP_CHECK = 24;
    /** Source MAC and IPv4 source must be the port's; DHCP from 0.0.0.0 allowed; default drop. */
    public static final int SOURCE_CHECK = 25;
    /** Forwarding: DHCP to {@link #DHCP_PUNT} (added by the DHCP service), else NORMAL. */
    public static final int FORWARD = 60;
    /** DHCP punt per port (the DHCP service's). */
    public static final int DHCP_PUNT = 77;

    private Tables() {
    }
}
