package org.vifd.agent.dhcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        LeaseJournal journal = LeaseJournal.open(file);
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
