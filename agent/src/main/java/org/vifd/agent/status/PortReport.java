package org.vifd.agent.status;

import java.util.Objects;

/**
 * One row of {@code /ports}: what the agent knows of a port now.
 *
 * @param iface     the OVS Interface name, empty when no interface carries the port's iface-id
 * @param ofport    the OpenFlow port number, -1 when there is none (yet)
 * @param networkId the port's network, empty when the port is not in the intent
 * @param localVlan the port's Port.tag: its network's local VLAN, 4095 (dead) or 0 when untagged
 * @param lastError the last error wiring the port, empty when none
 */
public record PortReport(String portId, String iface, long ofport, String networkId, int localVlan, PortState state,
                         String reason, String lastError) {
    public PortReport {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
    }
}
