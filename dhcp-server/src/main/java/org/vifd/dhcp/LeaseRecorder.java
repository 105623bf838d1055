package org.vifd.dhcp;

/** Where the responder records every offer, ack, release and decline. Must not block: it runs on the hot path. */
@FunctionalInterface
public interface LeaseRecorder {

    /** Records nothing (tests, or a server without a journal). */
    LeaseRecorder NONE = lease -> { };

    void record(Lease lease);
}
