package org.vifd.tools.vif;

import org.vifd.tools.Vifctl;
import org.vifd.tools.vsctl.VsctlException;
import org.vifd.vif.Vif;
import org.vifd.vif.VifDriver;
import org.vifd.vif.VifDrivers;
import org.vifd.vif.VifMode;
import org.vifd.vif.libvirt.LibvirtInterface;
import org.vifd.vif.netlink.MacAddress;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsPort;
import org.vifd.vif.ovs.PortRows;
import org.vifd.ovsdb.client.BlockingOvsdbClient;
import org.vifd.tools.vsctl.Connections;
import org.vifd.tools.vsctl.VsctlOptions;
import org.vifd.vif.netlink.DeviceException;
import org.vifd.vif.ovs.OvsdbPortRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code vifctl vif ...}: what the vif module does for one VM NIC, by hand. */
@Command(name = "vif", mixinStandardHelpOptions = true, description = "VM NICs: libvirt interface XML, plug and unplug by hand",
        subcommands = {VifCommand.Xml.class, VifCommand.Plug.class, VifCommand.Unplug.class})
public final class VifCommand {

    @ParentCommand
    Vifctl vifctl;

    /** The mode names an operator types, as Nova's vif types say them without the "ovs_" prefix. */
    static VifMode mode(String name) {
        return switch (name) {
            case "bridge" -> VifMode.OVS_BRIDGE;
            case "ethernet" -> VifMode.OVS_ETHERNET;
            case "hybrid" -> VifMode.OVS_HYBRID;
            case "vhostuser" -> VifMode.VHOSTUSER;
            default -> throw new VsctlException("--mode: expected bridge, ethernet, hybrid or vhostuser, got '"
                    + name + "'", 2);
        };
    }

    /** The options that describe one NIC. */
    public static final class NicOptions {
        @Option(names = "--port-id", required = true, paramLabel = "ID", description = "the Neutron port id")
        String portId;

        @Option(names = "--mac", required = true, paramLabel = "MAC", description = "the NIC's MAC address")
        String mac;

        @Option(names = "--mtu", paramLabel = "N", description = "the NIC's MTU (default: ${DEFAULT-VALUE})")
        int mtu = 1500;

        @Option(names = "--bridge", paramLabel = "BRIDGE", description = "the integration bridge (default: ${DEFAULT-VALUE})")
        String bridge = Vif.DEFAULT_BRIDGE;

        @Option(names = "--vm-uuid", paramLabel = "UUID", description = "the VM the NIC belongs to (OVS external_ids:vm-uuid)")
        String vmUuid = "";

        @Option(names = "--socket-dir", paramLabel = "DIR",
                description = "vhostuser: where the vhost-user socket lives (default: /var/run/openvswitch)")
        Path socketDir;

        Vif vif() {
            try {
                Vif v = Vif.of(portId, MacAddress.parse(mac), mtu, vmUuid).withIntegrationBridge(bridge);
                return socketDir == null ? v : v.withVhostUserSocketDir(socketDir);
            } catch (IllegalArgumentException e) {
                throw new VsctlException(e.getMessage(), 2);
            }
        }
    }

    @Command(name = "xml", mixinStandardHelpOptions = true,
            description = "print the libvirt <interface> element for a NIC in the given mode")
    static final class Xml implements Callable<Integer> {
        @ParentCommand
        VifCommand parent;

        @Option(names = "--mode", required = true, paramLabel = "MODE", description = "bridge, ethernet, hybrid or vhostuser")
        String mode;

        @Mixin
        NicOptions nic = new NicOptions();

        @Override
        public Integer call() {
            Vif vif = nic.vif();
            LibvirtInterface xml;
            try {
                xml = interfaceXml(mode(mode), vif);
            } catch (IllegalArgumentException e) {
                throw new VsctlException(e.getMessage(), 1);
            }
            String text = xml.toXml();
            parent.vifctl.out().print(text.endsWith("\n") ? text : text + "\n");
            return 0;
        }
    }

    /** The options of plug and unplug: which devices, in which namespace, which database. */
    public static final class Wiring {
        @Option(names = "--mode", required = true, paramLabel = "MODE", description = "ethernet or hybrid")
        String mode;

        @Option(names = "--netns", paramLabel = "NS",
                description = "the network namespace ovs-vswitchd runs in (default: vifctl's own)")
        String netns;

        @Option(names = "--db", paramLabel = "REMOTE", description = "the Open_vSwitch database (default: ${DEFAULT-VALUE})")
        String db = VsctlOptions.DEFAULT_DB;

        @Option(names = {"-t", "--timeout"}, paramLabel = "SECS", description = "give up after SECS seconds (default: ${DEFAULT-VALUE})")
        long timeoutSeconds = 30;

        @Mixin
        NicOptions nic = new NicOptions();

        /** Plugs or unplugs with the mode's driver; both are idempotent. */
        int run(boolean plug) {
            VifMode m = mode(mode);
            if (m != VifMode.OVS_ETHERNET && m != VifMode.OVS_HYBRID) {
                throw new VsctlException("--mode: plug and unplug take ethernet or hybrid, got '" + mode + "'", 2);
            }
            Vif vif = nic.vif();
            Duration timeout = Duration.ofSeconds(timeoutSeconds);
            try (BlockingOvsdbClient client = Connections.connect(db, timeout);
                 NamespaceLinks links = links()) {
                VifDriver driver = VifDrivers.create(links, new OvsdbPortRows(client.async()), true).forMode(m);
                (plug ? driver.plug(vif) : driver.unplug(vif)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return 0;
            } catch (ExecutionException e) {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                throw new VsctlException((plug ? "plug" : "unplug") + " of port " + vif.portId() + " failed: "
                        + (c.getMessage() != null ? c.getMessage() : c.toString()), 1);
            } catch (TimeoutException e) {
                throw new VsctlException((plug ? "plug" : "unplug") + " of port " + vif.portId() + " timed out after "
                        + timeoutSeconds + " s", 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VsctlException("interrupted", 1);
            }
        }

        private NamespaceLinks links() {
            if (netns == null) {
                return NamespaceLinks.inHostNamespace();
            }
            try {
                return NamespaceLinks.inNamespace(netns);
            } catch (DeviceException e) {
                throw new VsctlException("cannot enter network namespace " + netns + ": " + e.getMessage(), 1);
            }
        }
    }

    @Command(name = "plug", mixinStandardHelpOptions = true,
            description = "create the NIC's devices and its OVS port (isolated on VLAN 4095 until the agent wires it)")
    static final class Plug implements Callable<Integer> {
        @Mixin
        Wiring wiring = new Wiring();

        @Override
        public Integer call() {
            return wiring.run(true);
        }
    }

    @Command(name = "unplug", mixinStandardHelpOptions = true, description = "remove the NIC's OVS port and devices")
    static final class Unplug implements Callable<Integer> {
        @Mixin
        Wiring wiring = new Wiring();

        @Override
        public Integer call() {
            return wiring.run(false);
        }
    }

    /**
     * The mode's driver's {@link VifDriver#interfaceXml}: the XML depends on the {@link Vif} alone, so the drivers
     * get links of vifd's own namespace that are never used (the netlink socket opens on first use) and rows that
     * refuse to be used.
     */
    static LibvirtInterface interfaceXml(VifMode mode, Vif vif) {
        try (NamespaceLinks unused = NamespaceLinks.inHostNamespace()) {
            return VifDrivers.create(unused, NO_ROWS, true).forMode(mode).interfaceXml(vif);
        }
    }

    private static final PortRows NO_ROWS = new PortRows() {
        @Override
        public CompletableFuture<Boolean> ensurePort(OvsPort port) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("xml only"));
        }

        @Override
        public CompletableFuture<Boolean> deletePort(String bridge, String name) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("xml only"));
        }
    };

}
