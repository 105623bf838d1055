package org.vifd.agent.status;

/**
 * Where port state goes for the orchestrator to see (Nova boots a VM only after its port is reported up:
 * {@code network-vif-plugged}). Called from the agent loop; implementations must not block it (hand slow I/O to
 * their own thread).
 */
public interface StatusSink extends AutoCloseable {
    /** Records a port's state, replacing what was reported for it before. */
    void report(PortStatus status);

    /** The port left the intent: forget it. */
    void remove(String portId);

    /** Writes out what is pending and releases resources. */
    @Override
    void close();
}
