package org.vifd.bench.dhcp;

import java.util.List;

import org.vifd.testkit.OvsSandbox;

/** One DHCP server under test, set up on a fresh sandbox whose br-int the benchmark's VMs are plugged into. */
interface DhcpContender extends AutoCloseable {
    String name();

    /** The VLAN tag of the VMs' ports (0: none). */
    int vmTag();

    /** What must exist before the VMs plug in (databases, daemons, the server's namespace). */
    void prepare(OvsSandbox sb) throws Exception;

    /** Serves {@code hosts}; the VMs are plugged. Returns once answers can flow (the caller warms up). */
    void serve(ServedHosts hosts, List<LoadVm> vms) throws Exception;

    /** The processes that do this contender's DHCP work (for CPU time per exchange). */
    List<Long> serverPids();

    /** What to print when the contender does not answer (its logs, its flows). */
    default String diagnostics() {
        return "";
    }

    @Override
    void close();
}
