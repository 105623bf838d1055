package org.vifd.vif;

import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nova's plug_ovs choice: a firewall on the host needs the hybrid qbr bridge; a libvirt that knows
 * {@code <virtualport type='openvswitch'>} (0.9.11 and later) plugs the tap itself; older ones get a tap
 * that vifd plugs. Configuration may force a mode. Each choice is logged with its reason.
 */
public final class VifModeSelector {
    /** libvirt 0.9.11, in virGetVersion's encoding major * 1,000,000 + minor * 1,000 + release. */
    public static final long LIBVIRT_OVS_VPORT_VERSION = 9_011L;
    private static final Logger log = LoggerFactory.getLogger(VifModeSelector.class);

    private final Optional<VifMode> forced;
    private final boolean firewallRequired;
    private final long libvirtVersion;

    /**
     * @param forced           the mode set in configuration, if any
     * @param firewallRequired whether the host filters VM traffic with iptables (Nova's get_firewall_required)
     * @param libvirtVersion   the connected libvirt's version (virConnectGetLibVersion)
     */
    public VifModeSelector(Optional<VifMode> forced, boolean firewallRequired, long libvirtVersion) {
        this.forced = Objects.requireNonNull(forced, "forced");
        this.firewallRequired = firewallRequired;
        this.libvirtVersion = libvirtVersion;
    }

    /** The mode for this port, logged with why. */
    public VifMode modeFor(String portId) {
        VifMode mode;
        String reason;
        if (forced.isPresent()) {
            mode = forced.get();
            reason = "forced by configuration";
        } else if (firewallRequired) {
            mode = VifMode.OVS_HYBRID;
            reason = "a firewall is required";
        } else if (libvirtVersion >= LIBVIRT_OVS_VPORT_VERSION) {
            mode = VifMode.OVS_BRIDGE;
            reason = "libvirt " + versionText(libvirtVersion) + " supports virtualport openvswitch";
        } else {
            mode = VifMode.OVS_ETHERNET;
            reason = "libvirt " + versionText(libvirtVersion) + " predates virtualport openvswitch (0.9.11)";
        }
        log.info("port {}: vif mode {} ({})", portId, mode, reason);
        return mode;
    }

    /** "9.0.0" for 9000000. */
    public static String versionText(long version) {
        return (version / 1_000_000) + "." + (version / 1_000 % 1_000) + "." + (version % 1_000);
    }
}
