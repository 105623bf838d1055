package org.vifd.vif.netlink;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A kernel network device as RTM_GETLINK reports it.
 *
 * @param index   ifindex
 * @param name    IFLA_IFNAME
 * @param flags   ifi_flags (IFF_UP = 1, IFF_RUNNING = 0x40, ...)
 * @param mtu     IFLA_MTU
 * @param address IFLA_ADDRESS when it is an Ethernet address
 * @param master  IFLA_MASTER ifindex, 0 when none
 * @param kind    IFLA_LINKINFO/IFLA_INFO_KIND ("bridge", "veth", "tun"), empty for devices without one
 * @param bridgeAgeingTime IFLA_BR_AGEING_TIME in centiseconds, for bridges
 */
public record Link(int index, String name, int flags, int mtu, Optional<MacAddress> address, int master,
                   String kind, OptionalInt bridgeAgeingTime) {
    public static final int IFF_UP = 0x1;

    public boolean isUp() {
        return (flags & IFF_UP) != 0;
    }

    public boolean hasMaster() {
        return master != 0;
    }
}
