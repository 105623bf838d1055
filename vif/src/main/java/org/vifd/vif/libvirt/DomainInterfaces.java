package org.vifd.vif.libvirt;

import java.util.List;
import java.util.Objects;

import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot-plugs NICs into a domain (virDomainAttachDeviceFlags / virDomainDetachDeviceFlags) and reads its NICs
 * back. Blocking libvirt calls: run them off event loops.
 */
public final class DomainInterfaces {
    private static final Logger log = LoggerFactory.getLogger(DomainInterfaces.class);

    private DomainInterfaces() {
    }

    /** Which definition a hot-plug changes (virDomainDeviceModifyFlags). */
    public enum Scope {
        /** The running domain only. */
        LIVE(Domain.DeviceModifyFlags.LIVE),
        /** The stored definition only, used at the next start. */
        CONFIG(Domain.DeviceModifyFlags.CONFIG),
        /** Both. */
        LIVE_AND_CONFIG(Domain.DeviceModifyFlags.LIVE | Domain.DeviceModifyFlags.CONFIG);

        private final int flags;

        Scope(int flags) {
            this.flags = flags;
        }
    }

    /** Attaches the NIC to the domain. */
    public static void attach(Domain domain, LibvirtInterface nic, Scope scope) throws LibvirtException {
        Objects.requireNonNull(nic, "nic");
        domain.attachDeviceFlags(nic.toXml(), scope.flags);
        log.info("domain {}: attached interface {} ({})", domain.getName(), nic.mac(), nic.targetDev().orElse(nic.type()));
    }

    /**
     * Detaches the NIC (matched by libvirt on its MAC). A LIVE detach asks the guest to release the PCI device:
     * libvirt returns once QEMU reports it deleted or after its own timeout, when removal may still be pending.
     */
    public static void detach(Domain domain, LibvirtInterface nic, Scope scope) throws LibvirtException {
        Objects.requireNonNull(nic, "nic");
        domain.detachDeviceFlags(nic.toXml(), scope.flags);
        log.info("domain {}: detached interface {} ({})", domain.getName(), nic.mac(), nic.targetDev().orElse(nic.type()));
    }

    /** The domain's NICs as it describes them now (the live XML for a running domain). */
    public static List<LibvirtInterface> list(Domain domain) throws LibvirtException {
        return LibvirtInterface.parseDomain(domain.getXMLDesc(0));
    }
}
