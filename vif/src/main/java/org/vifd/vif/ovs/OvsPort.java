package org.vifd.vif.ovs;

import java.util.Map;
import java.util.Objects;

/**
 * One Port with its single Interface of the same name, as vifd creates it on the integration bridge
 * (ovs-vswitchd.conf.db(5), tables Port and Interface).
 *
 * @param interfaceType Interface.type: "" (a kernel device), "dpdkvhostuserclient", …
 * @param options       Interface.options (vhost-server-path for vhost-user)
 * @param externalIds   Interface.external_ids (iface-id, iface-status, attached-mac, vm-uuid)
 * @param isolated      put the Port on the dead VLAN: tag=4095, vlan_mode=trunk, trunks=[4095] (os-vif isolate_vif)
 */
public record OvsPort(String bridge, String name, String interfaceType, Map<String, String> options,
                      Map<String, String> externalIds, boolean isolated) {
    /** Neutron's DEAD_VLAN_TAG: the agent's table 0 drops it, so the port is silent until it is wired. */
    public static final int DEAD_VLAN = 4095;

    public OvsPort {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceType, "interfaceType");
        options = Map.copyOf(options);
        externalIds = Map.copyOf(externalIds);
    }
}
