package org.vifd.vif.ovs;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.client.OvsdbClient;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.OperationResult;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;

/**
 * {@link PortRows} over an {@link OvsdbClient} on the Open_vSwitch database (ovs-vswitchd.conf.db(5)): one
 * RFC 7047 transaction per plug or unplug, like {@code ovs-vsctl --may-exist add-port … -- set Interface …}.
 */
public final class OvsdbPortRows implements PortRows {
    public static final String DATABASE = "Open_vSwitch";
    private static final Logger log = LoggerFactory.getLogger(OvsdbPortRows.class);

    private final Function<Transaction, CompletableFuture<TransactResult>> transact;
    private final String database;

    public OvsdbPortRows(OvsdbClient client) {
        this(client, DATABASE);
    }

    public OvsdbPortRows(OvsdbClient client, String database) {
        this(Objects.requireNonNull(client, "client")::transact, database);
    }

    /**
     * Over any way of sending a transaction, e.g. a reconnecting session's {@code transact} (the agent's
     * {@code OvsdbSession::transact}).
     */
    public OvsdbPortRows(Function<Transaction, CompletableFuture<TransactResult>> transact, String database) {
        this.transact = Objects.requireNonNull(transact, "transact");
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public CompletableFuture<Boolean> ensurePort(OvsPort port) {
        Objects.requireNonNull(port, "port");
        return findPort(port.name()).thenCompose(existing -> {
            if (existing != null) {
                log.debug("port {} already on the database, not re-created", port.name());
                return CompletableFuture.completedFuture(false);
            }
            Transaction tx = new Transaction(database);
            // RFC 7047 §5.2.6 wait: "no Port of this name" and "the bridge exists" are checked when the
            // transaction runs, so a concurrent creator or a missing bridge aborts it instead of duplicating rows.
            int noSuchPort = tx.wait("Port", List.of(Condition.equal("name", port.name())), List.of("name"), true,
                    List.of(), 0L);
            tx.wait("Bridge", List.of(Condition.equal("name", port.bridge())), List.of("name"), true,
                    List.of(Row.builder().put("name", port.bridge()).build()), 0L);
            Row.Builder iface = Row.builder().put("name", port.name())
                    .put("external_ids", OvsMap.ofStrings(port.externalIds()));
            if (!port.interfaceType().isEmpty()) {
                iface.put("type", port.interfaceType());
            }
            if (!port.options().isEmpty()) {
                iface.put("options", OvsMap.ofStrings(port.options()));
            }
            NamedUuid ifaceRow = tx.insert("Interface", iface.build(), "iface");
            Row.Builder portRow = Row.builder().put("name", port.name()).put("interfaces", OvsSet.of(ifaceRow));
            if (port.isolated()) {
                portRow.put("tag", OvsSet.ofIntegers(OvsPort.DEAD_VLAN)).put("vlan_mode", OvsSet.ofStrings("trunk"))
                        .put("trunks", OvsSet.ofIntegers(OvsPort.DEAD_VLAN));
            }
            NamedUuid portUuid = tx.insert("Port", portRow.build(), "port");
            tx.mutate("Bridge", List.of(Condition.equal("name", port.bridge())),
                    List.of(Mutation.insert("ports", OvsSet.of(portUuid))));
            tx.comment("vifd: add port " + port.name() + " to " + port.bridge());
            return transact.apply(tx).handle((result, error) -> {
                if (error == null) {
                    log.info("added port {} to bridge {} (type '{}', iface-id {}, isolated {})", port.name(), port.bridge(),
                            port.interfaceType(), port.externalIds().getOrDefault("iface-id", ""), port.isolated());
                    return true;
                }
                Throwable cause = unwrap(error);
                if (cause instanceof TransactionException te && te.operationIndex() == noSuchPort) {
                    log.debug("port {} was created concurrently", port.name());
                    return false;
                }
                if (cause instanceof TransactionException te && te.operationIndex() == noSuchPort + 1) {
                    throw new CompletionException(new TransactionException("no such bridge",
                            "cannot add port " + port.name() + ": bridge " + port.bridge() + " does not exist",
                            te.operationIndex(), te.operation(), te.results()));
                }
                throw new CompletionException(cause);
            });
        });
    }

    @Override
    public CompletableFuture<Boolean> deletePort(String bridge, String name) {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(name, "name");
        return findPort(name).thenCompose(uuid -> {
            if (uuid == null) {
                log.debug("port {} not on the database, nothing to delete", name);
                return CompletableFuture.completedFuture(false);
            }
            Transaction tx = new Transaction(database);
            // Whichever bridge holds it; Port and Interface are not root tables, so the rows go with the reference
            // (RFC 7047 §3.2 isRoot). The explicit delete says so and fails if something else still refers to it.
            tx.mutate("Bridge", List.of(Condition.includes("ports", OvsSet.of(uuid))),
                    List.of(Mutation.delete("ports", OvsSet.of(uuid))));
            tx.delete("Port", List.of(Condition.equal("_uuid", uuid)));
            tx.comment("vifd: delete port " + name);
            return transact.apply(tx).thenApply(result -> {
                log.info("deleted port {} (expected on bridge {})", name, bridge);
                return true;
            });
        });
    }

    /** The Port row's uuid, or null. */
    private CompletableFuture<Uuid> findPort(String name) {
        Transaction tx = new Transaction(database);
        tx.select("Port", List.of(Condition.equal("name", name)), List.of("_uuid"));
        return transact.apply(tx).thenApply(result -> {
            OperationResult select = result.get(0);
            return select.rows() == null || select.rows().isEmpty() ? null : select.rows().get(0).uuid();
        });
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

}
