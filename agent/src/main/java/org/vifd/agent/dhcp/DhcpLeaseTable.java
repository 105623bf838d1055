package org.vifd.agent.dhcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.vifd.dhcp.Ipv4Address;
import org.vifd.dhcp.Lease;
import org.vifd.dhcp.LeaseRecorder;

/**
 * The latest lease event per address, in memory, for the status endpoint's {@code /leases}; every event is also
 * handed to the next recorder (the journal in {@code state_dir}). Never blocks: it runs on the hot path.
 */
public final class DhcpLeaseTable implements LeaseRecorder {
    private final LeaseRecorder next;
    private final ConcurrentHashMap<Ipv4Address, Lease> byIp = new ConcurrentHashMap<>();

    /** @param restored leases replayed from the journal at start; @param next where events go on */
    public DhcpLeaseTable(Collection<Lease> restored, LeaseRecorder next) {
        this.next = Objects.requireNonNull(next, "next");
        for (Lease l : restored) {
            byIp.put(l.ip(), l);
        }
    }

    @Override
    public void record(Lease lease) {
        byIp.put(lease.ip(), lease);
        next.record(lease);
    }

    /** Every address's latest event, by address. */
    public List<Lease> leases() {
        List<Lease> out = new ArrayList<>(byIp.values());
        out.sort(Comparator.comparing(Lease::ip));
        return out;
    }

    public Lease lease(Ipv4Address ip) {
        return byIp.get(ip);
    }
}
