package org.vifd.vif;

import java.util.concurrent.CompletableFuture;

import org.vifd.vif.libvirt.LibvirtInterface;

/**
 * One way of wiring a VM NIC into Open vSwitch: what to create before the domain starts, what to remove
 * after it is gone, and the {@code <interface>} libvirt gets. plug and unplug are idempotent: a second plug
 * changes nothing, unplugging what is not there succeeds.
 */
public interface VifDriver {
    VifMode mode();

    /** Creates what this mode needs before libvirt starts the NIC. */
    CompletableFuture<Void> plug(Vif vif);

    /** Removes what {@link #plug} created; libvirt removes only what it plugged itself. */
    CompletableFuture<Void> unplug(Vif vif);

    /** The NIC's {@code <interface>} element for the domain definition or attach-device. */
    LibvirtInterface interfaceXml(Vif vif);
}
