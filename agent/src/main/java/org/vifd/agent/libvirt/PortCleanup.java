package org.vifd.agent.libvirt;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.config.AgentConfig;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.vif.VifDrivers;
import org.vifd.vif.netlink.NamespaceLinks;
import org.vifd.vif.ovs.OvsdbPortRows;

/**
 * The agent's port cleanups, each on when configured: the stale-port sweep at start ({@code cleanup_stale_ports},
 * {@link StalePortCleanup}) and the libvirt hook ({@code libvirt_uri}, {@link DomainPortWatcher}) that unplugs the
 * ovs_ethernet/ovs_hybrid ports of domains that go away. Kernel devices are removed in vifd's own network
 * namespace, where ovs-vswitchd runs in a deployment.
 */
public final class PortCleanup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PortCleanup.class);

    private final NamespaceLinks links;
    private final DomainPortWatcher watcher;

    private PortCleanup(NamespaceLinks links, DomainPortWatcher watcher) {
        this.links = links;
        this.watcher = watcher;
    }

    /** Starts what {@code config} asks for; nothing (and no thread) when neither key is set. */
    public static PortCleanup start(AgentConfig config, OvsdbSession session, String database) throws LibvirtException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(session, "session");
        if (!config.libvirtEnabled() && !config.cleanupStalePorts()) {
            return new PortCleanup(null, null);
        }
        OvsdbPortRows rows = new OvsdbPortRows(session::transact, database);
        if (config.cleanupStalePorts()) {
            StalePortCleanup stale = new StalePortCleanup(session::transact, database, rows);
            session.awaitConnected().thenCompose(c -> stale.run()).whenComplete((names, e) -> {
                if (e != null) {
                    LOG.warn("stale port cleanup failed: {}", e.toString());
                } else {
                    LOG.info("stale port cleanup: {} ports deleted {}", names.size(), names);
                }
            });
        }
        if (!config.libvirtEnabled()) {
            return new PortCleanup(null, null);
        }
        NamespaceLinks links = NamespaceLinks.inHostNamespace();
        boolean ok = false;
        try {
            VifDrivers drivers = VifDrivers.create(links, rows, true);
            // Lifecycle events may come before OVSDB is (re)connected: their unplugs wait for it instead of failing.
            Function<Transaction, CompletableFuture<TransactResult>> whenConnected =
                    tx -> session.awaitConnected().thenCompose(c -> session.transact(tx));
            DomainPortWatcher watcher = DomainPortWatcher.start(config.libvirtUri(),
                    new VmPortUnplugger(whenConnected, database, drivers, config.integrationBridge()),
                    config.libvirtReconcileGrace());
            ok = true;
            return new PortCleanup(links, watcher);
        } finally {
            if (!ok) {
                links.close();
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (links != null) {
            links.close();
        }
    }
}
