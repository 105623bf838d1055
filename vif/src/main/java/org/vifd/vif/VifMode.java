package org.vifd.vif;

/** How a VM NIC reaches br-int (Nova's plug_ovs_* variants and os-vif's vhost-user). A closed set. */
public enum VifMode {
    /** libvirt adds the tap to br-int itself through {@code <virtualport type="openvswitch">}. */
    OVS_BRIDGE,
    /** vifd creates the tap and its OVS port; libvirt opens the existing tap (managed="no"). */
    OVS_ETHERNET,
    /** tap in a Linux bridge qbr, joined to br-int by the veth pair qvb/qvo (room for iptables filtering). */
    OVS_HYBRID,
    /** OVS-DPDK: a dpdkvhostuserclient port, QEMU serves the vhost-user socket. */
    VHOSTUSER
}
