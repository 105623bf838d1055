package org.vifd.agent.flows;

import java.util.List;
import org.vifd.openflow.protocol.FlowMod;

/** A network's flows: on the integration bridge (provider VLAN → local VLAN) and on its physical bridge (back). */
public record NetworkFlows(List<FlowMod> integration, List<FlowMod> physical) {
    public NetworkFlows {
        integration = List.copyOf(integration);
        physical = List.copyOf(physical);
    }
}
