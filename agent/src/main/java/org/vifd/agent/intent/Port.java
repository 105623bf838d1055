package org.vifd.agent.intent;

import java.util.List;
import java.util.Objects;
import org.vifd.openflow.packet.MacAddress;

/**
 * A Neutron port. Its {@code id} is the {@code external_ids:iface-id} of the OVS Interface that plugs it.
 *
 * @param portSecurityEnabled when false, no anti-spoofing flows: the port may send from any address
 * @param deviceOwner         Neutron's {@code device_owner} ({@code compute:nova}, ...), empty when unset
 */
public record Port(String id, String networkId, MacAddress macAddress, List<FixedIp> fixedIps, boolean adminStateUp,
                   boolean portSecurityEnabled, List<AllowedAddressPair> allowedAddressPairs,
                   List<ExtraDhcpOpt> extraDhcpOpts, String deviceOwner) {
    public Port {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(macAddress, "macAddress");
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        extraDhcpOpts = List.copyOf(extraDhcpOpts);
        Objects.requireNonNull(deviceOwner, "deviceOwner");
    }
}
