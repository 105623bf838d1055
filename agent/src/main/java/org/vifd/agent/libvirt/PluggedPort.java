package org.vifd.agent.libvirt;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.vifd.vif.DeviceNames;
import org.vifd.vif.Vif;
import org.vifd.vif.VifMode;
import org.vifd.vif.netlink.MacAddress;

/**
 * A port vifd (or os-vif) plugged for a VM and must unplug itself when the VM goes: an Interface whose
 * external_ids carry {@code iface-id}, {@code attached-mac} and {@code vm-uuid} (os-vif's keys; libvirt writes
 * {@code vm-id} instead for the ovs_bridge ports it plugs and removes itself) and whose name is the device name
 * the mode derives from the iface-id (Nova's naming: {@code tapX} for ovs_ethernet, {@code qvoX} for ovs_hybrid).
 *
 * @param name   the Interface (and Port) name
 * @param mode   {@link VifMode#OVS_ETHERNET} or {@link VifMode#OVS_HYBRID}
 * @param portId the Neutron port id ({@code iface-id})
 * @param vmUuid the domain's UUID ({@code vm-uuid})
 */
public record PluggedPort(String name, VifMode mode, String portId, MacAddress mac, String vmUuid) {
    public static final String IFACE_ID = "iface-id";
    public static final String ATTACHED_MAC = "attached-mac";
    public static final String VM_UUID = "vm-uuid";
    /** The MTU does not matter to unplug; a Vif needs a valid one. */
    private static final int ANY_MTU = 1500;

    public PluggedPort {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vmUuid, "vmUuid");
    }

    /**
     * The vifd-plugged port an Interface row describes, if it is one. {@code type} is the Interface's type: the
     * tap and the qvo veth end are system devices ({@code ""} or {@code "system"}).
     */
    public static Optional<PluggedPort> of(String name, String type, Map<String, String> externalIds) {
        String portId = externalIds.get(IFACE_ID);
        String vm = externalIds.get(VM_UUID);
        String mac = externalIds.get(ATTACHED_MAC);
        if (portId == null || vm == null || vm.isEmpty() || mac == null || !(type.isEmpty() || type.equals("system"))) {
            return Optional.empty();
        }
        DeviceNames names;
        MacAddress address;
        try {
            names = DeviceNames.forPort(portId);
            address = MacAddress.parse(mac);
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not written by vifd or os-vif
        }
        if (name.equals(names.tap())) {
            return Optional.of(new PluggedPort(name, VifMode.OVS_ETHERNET, portId, address, vm));
        }
        if (name.equals(names.ovsVeth())) {
            return Optional.of(new PluggedPort(name, VifMode.OVS_HYBRID, portId, address, vm));
        }
        return Optional.empty();
    }

    /** The {@link Vif} the mode's driver unplugs. */
    public Vif toVif(String integrationBridge) {
        return Vif.of(portId, mac, ANY_MTU, vmUuid).withIntegrationBridge(integrationBridge);
    }
}
