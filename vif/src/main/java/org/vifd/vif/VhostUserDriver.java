package org.vifd.vif;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.vif.libvirt.LibvirtInterface;
import org.vifd.vif.ovs.OvsPort;
import org.vifd.vif.ovs.PortRows;

/**
 * OVS-DPDK vhost-user as os-vif plugs it in server mode: QEMU serves the socket, OVS connects as the client
 * through a {@code dpdkvhostuserclient} Interface with {@code options:vhost-server-path}. Nothing waits for
 * ovs-vswitchd to accept the port (a vswitchd without DPDK only records an error on the Interface).
 */
public final class VhostUserDriver implements VifDriver {
    public static final String INTERFACE_TYPE = "dpdkvhostuserclient";
    public static final String SERVER_PATH_OPTION = "vhost-server-path";
    /** Where OVS keeps its vhost-user sockets by default. */
    public static final Path DEFAULT_SOCKET_DIR = Path.of("/var/run/openvswitch");
    private static final Logger log = LoggerFactory.getLogger(VhostUserDriver.class);

    private final PortRows rows;
    private final boolean isolate;

    public VhostUserDriver(PortRows rows, boolean isolate) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.isolate = isolate;
    }

    @Override
    public VifMode mode() {
        return VifMode.VHOSTUSER;
    }

    /** {@code <dir>/vhuXXXXXXXX-XX}. */
    public static Path socketPath(Vif vif) {
        return vif.vhostUserSocketDir().orElse(DEFAULT_SOCKET_DIR).resolve(vif.names().vhostUser());
    }

    @Override
    public CompletableFuture<Void> plug(Vif vif) {
        String name = vif.names().vhostUser();
        return rows.ensurePort(new OvsPort(vif.integrationBridge(), name, INTERFACE_TYPE,
                        Map.of(SERVER_PATH_OPTION, socketPath(vif).toString()), PortExternalIds.of(vif), isolate))
                .thenAccept(created -> log.info("port {}: plugged {} on {} (vhostuser {}, port row {})", vif.portId(), name,
                        vif.integrationBridge(), socketPath(vif), created ? "created" : "already there"));
    }

    @Override
    public CompletableFuture<Void> unplug(Vif vif) {
        String name = vif.names().vhostUser();
        return rows.deletePort(vif.integrationBridge(), name)
                .thenAccept(v -> log.info("port {}: unplugged {} (vhostuser)", vif.portId(), name));
    }

    @Override
    public LibvirtInterface interfaceXml(Vif vif) {
        return LibvirtInterface.builder(LibvirtInterface.TYPE_VHOSTUSER, vif.mac())
                .vhostUser(new LibvirtInterface.VhostUserSource(socketPath(vif).toString(), "server"))
                .targetDev(vif.names().vhostUser())
                .mtu(vif.mtu())
                .build();
    }
}
