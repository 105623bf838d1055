package org.vifd.agent.dhcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.dhcp.DhcpResponder;
import org.vifd.dhcp.DhcpResponderConfig;
import org.vifd.dhcp.LeaseJournal;

/**
 * vifd's DHCP server put together: the lease journal in {@code state_dir} (replayed at start), the lease table
 * for {@code /leases}, the responder and the hot path. Give {@link #service()} to the OpenFlowController as its
 * packet-in handler and publish snapshots to it.
 *
 * <p>After a restart the bindings come from the intent again, so a client in INIT-REBOOT asking for its address
 * gets an ACK (RFC 2131 §4.3.2); the journal brings back the leases shown at {@code /leases} and the addresses held
 * in conflict after a DECLINE.
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);
    /** The journal's file name in {@code state_dir}. */
    public static final String JOURNAL_FILE = "dhcp-leases.journal";
    /**
     * The journal's group commit: at most one write + fsync per this interval, on the journal's own thread (never on
     * the event loop). 20 ms keeps fsyncs to 50 per second however many ACKs go out (at 5 ms, 200/s of ext4 journal
     * commits showed as CPU per exchange in the DORA benchmark). A crash loses at most the last 20 ms of lease
     * records; the bindings themselves come from the intent, so those clients still get ACK on INIT-REBOOT.
     */
    public static final Duration JOURNAL_COMMIT_INTERVAL = Duration.ofMillis(20);

    private final LeaseJournal journal;
    private final DhcpLeaseTable leases;
    private final DhcpResponder responder;
    private final DhcpService service;

    private DhcpServer(LeaseJournal journal, DhcpResponderConfig config) {
        this.journal = journal;
        this.leases = new DhcpLeaseTable(journal.replayed().values(), journal);
        this.responder = new DhcpResponder(config, DhcpSnapshot.EMPTY.bindings(), leases);
        this.responder.restore(journal.replayed().values());
        this.service = new DhcpService(responder);
    }

    /** Opens (or creates) the journal under {@code stateDir} and builds the server around it. */
    public static DhcpServer open(Path stateDir, DhcpResponderConfig config) throws IOException {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(config, "config");
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve(JOURNAL_FILE);
        LeaseJournal journal = LeaseJournal.open(file, JOURNAL_COMMIT_INTERVAL, LeaseJournal.DEFAULT_BUFFER_BYTES);
        LOG.info("DHCP lease journal {} opened: {} leases replayed", file, journal.replayed().size());
        return new DhcpServer(journal, config);
    }

    public DhcpService service() {
        return service;
    }

    public DhcpLeaseTable leases() {
        return leases;
    }

    public DhcpResponder responder() {
        return responder;
    }

    public LeaseJournal journal() {
        return journal;
    }

    /** Writes what is buffered and closes the journal. */
    @Override
    public void close() throws IOException {
        journal.close();
    }
}
