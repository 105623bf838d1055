package org.vifd.vif.netlink;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Settings to apply to an existing link; absent ones are left as they are.
 *
 * @param master the bridge to enslave to; the empty string releases the link from its master
 */
public record LinkUpdate(OptionalInt mtu, Optional<MacAddress> address, Optional<String> master, Optional<Boolean> up) {
    public static final LinkUpdate NONE = new LinkUpdate(OptionalInt.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public LinkUpdate withMtu(int value) {
        return new LinkUpdate(OptionalInt.of(value), address, master, up);
    }

    public LinkUpdate withAddress(MacAddress value) {
        return new LinkUpdate(mtu, Optional.of(value), master, up);
    }

    public LinkUpdate withMaster(String bridge) {
        return new LinkUpdate(mtu, address, Optional.of(bridge), up);
    }

    public LinkUpdate withUp(boolean value) {
        return new LinkUpdate(mtu, address, master, Optional.of(value));
    }
}
