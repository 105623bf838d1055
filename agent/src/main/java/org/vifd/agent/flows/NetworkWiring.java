package org.vifd.agent.flows;

import java.util.Objects;
import org.vifd.agent.intent.NetworkType;

/**
 * What a network's translation flows need: its provider segment, its local VLAN, and the OpenFlow port numbers of
 * the patch pair between the integration bridge ({@code int-<phys>}) and its physical bridge ({@code phy-<phys>}).
 *
 * @param segmentationId provider VLAN (1-4094), ignored for flat networks
 */
public record NetworkWiring(String networkId, NetworkType type, int segmentationId, int localVlan,
                            long intPatchOfport, long phyPatchOfport) {
    public NetworkWiring {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(type, "type");
        if (localVlan < 1 || localVlan > 4094) {
            throw new IllegalArgumentException("local VLAN " + localVlan + " outside 1..4094");
        }
        if (type == NetworkType.VLAN && (segmentationId < 1 || segmentationId > 4094)) {
            throw new IllegalArgumentException("segmentation id " + segmentationId + " outside 1..4094");
        }
    }
}
