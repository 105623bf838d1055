package org.vifd.vif;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.vif.libvirt.LibvirtInterface;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsPort;
import org.vifd.vif.ovs.PortRows;

/**
 * Nova's plug_ovs_ethernet with os-vif's create_tap: vifd creates the persistent tap (MAC, MTU, up) and its
 * OVS port; libvirt opens the existing tap, which it only accepts with {@code managed="no"}.
 */
public final class OvsEthernetDriver implements VifDriver {
    private static final Logger log = LoggerFactory.getLogger(OvsEthernetDriver.class);

    private final NamespaceLinks links;
    private final PortRows rows;
    private final boolean isolate;

    public OvsEthernetDriver(NamespaceLinks links, PortRows rows, boolean isolate) {
        this.links = Objects.requireNonNull(links, "links");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.isolate = isolate;
    }

    @Override
    public VifMode mode() {
        return VifMode.OVS_ETHERNET;
    }

    @Override
    public CompletableFuture<Void> plug(Vif vif) {
        String tap = vif.names().tap();
        return links.ensureTap(tap, vif.mac(), vif.mtu())
                .thenCompose(v -> rows.ensurePort(new OvsPort(vif.integrationBridge(), tap, "", Map.of(),
                        PortExternalIds.of(vif), isolate)))
                .thenAccept(created -> log.info("port {}: plugged {} on {} (ovs_ethernet, port row {})", vif.portId(), tap,
                        vif.integrationBridge(), created ? "created" : "already there"));
    }

    @Override
    public CompletableFuture<Void> unplug(Vif vif) {
        String tap = vif.names().tap();
        return rows.deletePort(vif.integrationBridge(), tap)
                .thenCompose(v -> links.deleteIfExists(tap))
                .thenAccept(v -> log.info("port {}: unplugged {} (ovs_ethernet)", vif.portId(), tap));
    }

    @Override
    public LibvirtInterface interfaceXml(Vif vif) {
        return LibvirtInterface.builder(LibvirtInterface.TYPE_ETHERNET, vif.mac())
                .targetDev(vif.names().tap())
                .targetManaged(false)
                .mtu(vif.mtu())
                .build();
    }
}
