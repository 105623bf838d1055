package org.vifd.agent.intent;

import java.util.Objects;

/**
 * A Neutron network with its provider attributes.
 *
 * @param segmentationId the VLAN id (1-4094) for {@link NetworkType#VLAN}; 0 for {@link NetworkType#FLAT}
 * @param mtu            the network's MTU ({@code mtu}, default 1500)
 */
public record Network(String id, String name, NetworkType networkType, String physicalNetwork, int segmentationId,
                      int mtu, boolean adminStateUp) {
    public static final int DEFAULT_MTU = 1500;

    public Network {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(networkType, "networkType");
        Objects.requireNonNull(physicalNetwork, "physicalNetwork");
    }

    public boolean isFlat() {
        return networkType == NetworkType.FLAT;
    }
}
