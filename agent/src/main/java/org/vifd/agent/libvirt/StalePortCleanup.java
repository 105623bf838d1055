package org.vifd.agent.libvirt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.tx.OperationResult;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Row;
import org.vifd.vif.ovs.PortRows;

/**
 * What {@code neutron-ovs-cleanup} does at boot, optional at start ({@code cleanup_stale_ports}): deletes the ports
 * of VM NICs (an Interface with {@code external_ids:iface-id}) whose kernel device is gone. That is read from
 * OVSDB itself, as ovs-vswitchd reports it (ovs-vswitchd.conf.db(5) Interface: {@code ofport} -1 "when the
 * interface cannot be created or opened", and {@code error}, "could not open network device … (No such device)"):
 * the devices live in vswitchd's network namespace, which need not be vifd's. Only system devices (type empty or
 * {@code system}) qualify; internal, patch, tunnel and DPDK ports are vswitchd's own.
 */
public final class StalePortCleanup {
    private static final Logger LOG = LoggerFactory.getLogger(StalePortCleanup.class);
    /** strerror(ENODEV), the words vswitchd puts into Interface.error when the device does not exist. */
    static final String NO_SUCH_DEVICE = "No such device";

    private final Function<Transaction, CompletableFuture<TransactResult>> transact;
    private final String database;
    private final PortRows rows;

    public StalePortCleanup(Function<Transaction, CompletableFuture<TransactResult>> transact, String database,
                            PortRows rows) {
        this.transact = Objects.requireNonNull(transact, "transact");
        this.database = Objects.requireNonNull(database, "database");
        this.rows = Objects.requireNonNull(rows, "rows");
    }

    /** True for a VM NIC's Interface row whose device vswitchd found missing. */
    static boolean isStale(String type, Long ofport, String error, Map<String, String> externalIds) {
        String ifaceId = externalIds.get(PluggedPort.IFACE_ID);
        return ifaceId != null && !ifaceId.isEmpty()
                && (type == null || type.isEmpty() || type.equals("system"))
                && ofport != null && ofport == -1
                && error != null && error.contains(NO_SUCH_DEVICE);
    }

    /** Deletes every stale port once; completes with the names deleted. */
    public CompletableFuture<List<String>> run() {
        Transaction tx = new Transaction(database);
        tx.select("Interface", List.of(), List.of("name", "type", "ofport", "error", "external_ids"));
        return transact.apply(tx).thenCompose(result -> {
            OperationResult select = result.get(0);
            List<String> stale = new ArrayList<>();
            for (Row row : select.rows() == null ? List.<Row>of() : select.rows()) {
                Map<String, String> ids = row.map("external_ids").asStrings();
                if (isStale(row.string("type"), row.integer("ofport"), row.string("error"), ids)) {
                    LOG.info("port {}: deleting stale port {}: {}", ids.get(PluggedPort.IFACE_ID), row.string("name"),
                            row.string("error"));
                    stale.add(row.string("name"));
                }
            }
            List<CompletableFuture<Boolean>> deletes = stale.stream().map(n -> rows.deletePort("(any bridge)", n)).toList();
            return CompletableFuture.allOf(deletes.toArray(CompletableFuture[]::new)).thenApply(v -> stale);
        });
    }
}
