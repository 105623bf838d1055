package org.vifd.vif;

import java.util.Map;

/**
 * Interface.external_ids that tell the agent (and neutron's tooling) which Neutron port and VM a device
 * belongs to, as os-vif writes them; libvirt writes the same keys (with vm-id) for ports it plugs.
 */
final class PortExternalIds {
    static final String IFACE_ID = "iface-id";
    static final String IFACE_STATUS = "iface-status";
    static final String ATTACHED_MAC = "attached-mac";
    static final String VM_UUID = "vm-uuid";

    private PortExternalIds() {
    }

    static Map<String, String> of(Vif vif) {
        return Map.of(IFACE_ID, vif.portId(), IFACE_STATUS, "active", ATTACHED_MAC, vif.mac().text(),
                VM_UUID, vif.vmUuid());
    }
}
