package org.vifd.agent.libvirt;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** What the libvirt hook does to the ports of VMs that are gone (the seam the domain watcher is tested through). */
public interface VmPorts {
    /** Unplugs the ports vifd plugged for the VM; completes with how many it unplugged. */
    CompletableFuture<Integer> unplugVm(String vmUuid);

    /** The UUIDs of the VMs that have vifd-plugged ports now ({@link PluggedPort#vmUuid()}). */
    CompletableFuture<Set<String>> pluggedVms();
}
