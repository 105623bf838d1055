package org.vifd.vif.libvirt;

import java.util.Objects;

import org.libvirt.event.DomainEventType;

/**
 * One libvirt domain lifecycle event (virConnectDomainEventLifecycleCallback), detached from libvirt's
 * objects so it can cross to the agent's thread.
 *
 * @param detail the event's detail as libvirt-java names it (e.g. DESTROYED, BOOTED), "UNKNOWN" if it has none
 */
public record DomainLifecycle(String domainName, String domainUuid, DomainEventType type, String detail) {
    public DomainLifecycle {
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(domainUuid, "domainUuid");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }

    /** The domain started or resumed running: its NICs are plugged. */
    public boolean isStarted() {
        return type == DomainEventType.STARTED;
    }

    /** The domain stopped (destroyed, shut down, crashed, migrated away) or was undefined: unplug its NICs. */
    public boolean isGone() {
        return type == DomainEventType.STOPPED || type == DomainEventType.UNDEFINED;
    }
}
