package org.vifd.vif;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import org.vifd.vif.netlink.MacAddress;

/**
 * One VM NIC to plug: the Neutron port, its MAC and MTU, the VM it belongs to and the integration bridge.
 *
 * @param vhostUserSocketDir where vhost-user sockets live (OVS's run dir for OVS-DPDK); used by VHOSTUSER only
 */
public record Vif(String portId, MacAddress mac, int mtu, String vmUuid, String integrationBridge,
                  Optional<Path> vhostUserSocketDir) {
    public static final String DEFAULT_BRIDGE = "br-int";
    /** The smallest IPv4 link MTU (RFC 791) and the kernel's ETH_MAX_MTU. */
    public static final int MIN_MTU = 68;
    public static final int MAX_MTU = 65535;

    public Vif {
        Objects.requireNonNull(portId, "portId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(integrationBridge, "integrationBridge");
        Objects.requireNonNull(vhostUserSocketDir, "vhostUserSocketDir");
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("MTU " + mtu + " of port " + portId + " is outside " + MIN_MTU + ".." + MAX_MTU);
        }
        DeviceNames.forPort(portId); // rejects ids that cannot name devices
    }

    /** A NIC on br-int. */
    public static Vif of(String portId, MacAddress mac, int mtu, String vmUuid) {
        return new Vif(portId, mac, mtu, vmUuid, DEFAULT_BRIDGE, Optional.empty());
    }

    public Vif withVhostUserSocketDir(Path dir) {
        return new Vif(portId, mac, mtu, vmUuid, integrationBridge, Optional.of(dir));
    }

    public Vif withIntegrationBridge(String bridge) {
        return new Vif(portId, mac, mtu, vmUuid, bridge, vhostUserSocketDir);
    }

    public DeviceNames names() {
        return DeviceNames.forPort(portId);
    }
}
