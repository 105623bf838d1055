package org.vifd.agent.wiring;

import java.util.Objects;

/**
 * A port the reconciler has wired: tagged with its network's local VLAN and admitted by its flows on the
 * integration bridge. What other parts of the agent (the DHCP service) build on.
 *
 * @param portId    the Neutron port id (the Interface's {@code external_ids:iface-id})
 * @param iface     the OVS Interface name
 * @param ofport    its OpenFlow port number on the integration bridge
 * @param networkId its network
 * @param localVlan its network's local VLAN (its Port.tag)
 */
public record WiredPort(String portId, String iface, long ofport, String networkId, int localVlan) {
    public WiredPort {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(networkId, "networkId");
    }
}
