package org.vifd.vif;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.PortRows;

/** One driver per {@link VifMode}, sharing the namespace's links and the OVSDB rows. */
public final class VifDrivers {
    private final Map<VifMode, VifDriver> byMode;

    private VifDrivers(Map<VifMode, VifDriver> byMode) {
        this.byMode = byMode;
    }

    /**
     * @param links   the network namespace ovs-vswitchd runs in (where taps and veth ends must live)
     * @param rows    Port/Interface rows of the Open_vSwitch database
     * @param isolate start the ports vifd creates on the dead VLAN 4095 until the agent wires them
     */
    public static VifDrivers create(NamespaceLinks links, PortRows rows, boolean isolate) {
        Objects.requireNonNull(links, "links");
        Objects.requireNonNull(rows, "rows");
        Map<VifMode, VifDriver> m = new EnumMap<>(VifMode.class);
        m.put(VifMode.OVS_BRIDGE, new OvsBridgeDriver());
        m.put(VifMode.OVS_ETHERNET, new OvsEthernetDriver(links, rows, isolate));
        m.put(VifMode.OVS_HYBRID, new OvsHybridDriver(links, rows, isolate));
        m.put(VifMode.VHOSTUSER, new VhostUserDriver(rows, isolate));
        return new VifDrivers(m);
    }

    public VifDriver forMode(VifMode mode) {
        return byMode.get(Objects.requireNonNull(mode, "mode"));
    }
}
