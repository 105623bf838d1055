package org.vifd.vif;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.vifd.vif.libvirt.LibvirtInterface;

/**
 * Nova's plug_ovs_bridge: nothing to create. libvirt adds the tap to the bridge itself when the domain starts
 * (ovs-vsctl add-port with external_ids attached-mac, iface-id, iface-status, vm-id) and removes it when the
 * domain stops.
 */
public final class OvsBridgeDriver implements VifDriver {
    @Override
    public VifMode mode() {
        return VifMode.OVS_BRIDGE;
    }

    @Override
    public CompletableFuture<Void> plug(Vif vif) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unplug(Vif vif) {
        return CompletableFuture.completedFuture(null);
    }

    /** libvirt parses {@code <parameters interfaceid>} as a UUID and refuses the domain otherwise. */
    @Override
    public LibvirtInterface interfaceXml(Vif vif) {
        try {
            UUID.fromString(vif.portId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("port id " + vif.portId() + " is not a UUID: libvirt rejects it as "
                    + "the openvswitch virtualport's interfaceid", e);
        }
        return LibvirtInterface.builder(LibvirtInterface.TYPE_BRIDGE, vif.mac())
                .sourceBridge(vif.integrationBridge())
                .targetDev(vif.names().tap())
                .openvswitchInterfaceId(vif.portId())
                .mtu(vif.mtu())
                .build();
    }
}
