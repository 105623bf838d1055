package org.vifd.vif;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.vif.libvirt.LibvirtInterface;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsPort;
import org.vifd.vif.ovs.PortRows;

/**
 * Nova's plug_ovs_hybrid (os-vif's _plug_bridge): a Linux bridge qbrX (ageing 0, up) where libvirt puts the
 * tap and where iptables can filter, joined to br-int by the veth pair qvbX (in qbrX) / qvoX (an OVS port).
 */
public final class OvsHybridDriver implements VifDriver {
    private static final Logger log = LoggerFactory.getLogger(OvsHybridDriver.class);

    private final NamespaceLinks links;
    private final PortRows rows;
    private final boolean isolate;

    public OvsHybridDriver(NamespaceLinks links, PortRows rows, boolean isolate) {
        this.links = Objects.requireNonNull(links, "links");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.isolate = isolate;
    }

    @Override
    public VifMode mode() {
        return VifMode.OVS_HYBRID;
    }

    @Override
    public CompletableFuture<Void> plug(Vif vif) {
        DeviceNames n = vif.names();
        return links.ensureBridge(n.bridge(), vif.mtu())
                .thenCompose(v -> links.ensureVethPair(n.bridgeVeth(), n.ovsVeth(), vif.mtu(), Optional.of(n.bridge())))
                .thenCompose(v -> rows.ensurePort(new OvsPort(vif.integrationBridge(), n.ovsVeth(), "", Map.of(),
                        PortExternalIds.of(vif), isolate)))
                .thenAccept(created -> log.info("port {}: plugged {} -> {}/{} -> {} (ovs_hybrid, port row {})", vif.portId(),
                        n.bridge(), n.bridgeVeth(), n.ovsVeth(), vif.integrationBridge(), created ? "created" : "already there"));
    }

    @Override
    public CompletableFuture<Void> unplug(Vif vif) {
        DeviceNames n = vif.names();
        return rows.deletePort(vif.integrationBridge(), n.ovsVeth())
                .thenCompose(v -> links.deleteIfExists(n.bridgeVeth()))
                .thenCompose(v -> links.deleteIfExists(n.ovsVeth()))
                .thenCompose(v -> links.deleteIfExists(n.bridge()))
                .thenAccept(v -> log.info("port {}: unplugged {} and {}/{} (ovs_hybrid)", vif.portId(), n.bridge(),
                        n.bridgeVeth(), n.ovsVeth()));
    }

    @Override
    public LibvirtInterface interfaceXml(Vif vif) {
        return LibvirtInterface.builder(LibvirtInterface.TYPE_BRIDGE, vif.mac())
                .sourceBridge(vif.names().bridge())
                .targetDev(vif.names().tap())
                .mtu(vif.mtu())
                .build();
    }
}
