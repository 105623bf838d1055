package org.vifd.vif;

import java.util.Objects;

/**
 * The kernel and OVS device names of one Neutron port, built as Nova and os-vif build them: a three-letter
 * prefix plus the port id, cut to {@link #NIC_NAME_LEN} (nova/network/model.py NIC_NAME_LEN = 14;
 * nova/virt/libvirt/vif.py get_br_name, get_veth_pair_names; os-vif's vhu prefix for vhost-user).
 * Port {@code 8a6107b1-3e72-4b71-bd5f-1aa772517004} gives {@code tap8a6107b1-3e}.
 */
public record DeviceNames(String tap, String bridge, String bridgeVeth, String ovsVeth, String vhostUser) {
    /** Nova's NIC_NAME_LEN: shorter than IFNAMSIZ - 1 = 15. */
    public static final int NIC_NAME_LEN = 14;

    public static DeviceNames forPort(String portId) {
        Objects.requireNonNull(portId, "portId");
        if (portId.isBlank() || portId.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c) || c > 126)) {
            throw new IllegalArgumentException("port id cannot name a device: '" + portId + "'");
        }
        return new DeviceNames(name("tap", portId), name("qbr", portId), name("qvb", portId), name("qvo", portId),
                name("vhu", portId));
    }

    private static String name(String prefix, String portId) {
        String full = prefix + portId;
        return full.length() > NIC_NAME_LEN ? full.substring(0, NIC_NAME_LEN) : full;
    }
}
