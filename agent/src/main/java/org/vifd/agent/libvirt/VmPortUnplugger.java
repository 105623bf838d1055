package org.vifd.agent.libvirt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.OperationResult;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.Row;
import org.vifd.vif.VifDrivers;

/**
 * Finds the ports vifd plugged for VMs through OVSDB ({@link PluggedPort}: Interface external_ids {@code vm-uuid}
 * and Nova's device naming) and unplugs them with the mode's vif driver, which removes the OVS port and the kernel
 * devices (tap; qbr, qvb, qvo). ovs_bridge ports are libvirt's: they carry {@code vm-id}, not {@code vm-uuid},
 * and are never touched.
 */
public final class VmPortUnplugger implements VmPorts {
    private static final Logger LOG = LoggerFactory.getLogger(VmPortUnplugger.class);

    private final Function<Transaction, CompletableFuture<TransactResult>> transact;
    private final String database;
    private final VifDrivers drivers;
    private final String integrationBridge;

    /**
     * @param transact how to send an OVSDB transaction (the agent's session)
     * @param drivers  the vif drivers, in the network namespace ovs-vswitchd runs in
     */
    public VmPortUnplugger(Function<Transaction, CompletableFuture<TransactResult>> transact, String database,
                           VifDrivers drivers, String integrationBridge) {
        this.transact = Objects.requireNonNull(transact, "transact");
        this.database = Objects.requireNonNull(database, "database");
        this.drivers = Objects.requireNonNull(drivers, "drivers");
        this.integrationBridge = Objects.requireNonNull(integrationBridge, "integrationBridge");
    }

    @Override
    public CompletableFuture<Integer> unplugVm(String vmUuid) {
        Objects.requireNonNull(vmUuid, "vmUuid");
        // RFC 7047 §5.1 "includes" on a map: rows whose external_ids contain this key-value pair.
        return plugged(List.of(Condition.includes("external_ids", OvsMap.of(PluggedPort.VM_UUID, vmUuid))))
                .thenCompose(ports -> unplug(ports, p -> p.vmUuid().equals(vmUuid), "its VM is not running"));
    }

    @Override
    public CompletableFuture<Set<String>> pluggedVms() {
        return plugged(List.of()).thenApply(ports -> {
            Set<String> vms = new HashSet<>();
            ports.forEach(p -> vms.add(p.vmUuid()));
            return Set.copyOf(vms);
        });
    }

    /** The vifd-plugged ports among the Interface rows matching {@code where}. */
    CompletableFuture<List<PluggedPort>> plugged(List<Condition> where) {
        Transaction tx = new Transaction(database);
        tx.select("Interface", where, List.of("name", "type", "external_ids"));
        return transact.apply(tx).thenApply(result -> {
            OperationResult select = result.get(0);
            List<PluggedPort> out = new ArrayList<>();
            for (Row row : select.rows() == null ? List.<Row>of() : select.rows()) {
                Map<String, String> ids = row.map("external_ids").asStrings();
                PluggedPort.of(row.string("name"), row.string("type"), ids).ifPresent(out::add);
            }
            return out;
        });
    }

    private CompletableFuture<Integer> unplug(List<PluggedPort> ports, Predicate<PluggedPort> which, String why) {
        List<CompletableFuture<Boolean>> unplugs = new ArrayList<>();
        for (PluggedPort p : ports) {
            if (!which.test(p)) {
                continue;
            }
            LOG.info("port {}: unplugging {} ({}) of VM {}: {}", p.portId(), p.name(), p.mode().name().toLowerCase(),
                    p.vmUuid(), why);
            unplugs.add(drivers.forMode(p.mode()).unplug(p.toVif(integrationBridge)).handle((v, e) -> {
                if (e != null) {
                    LOG.warn("port {}: unplug of {} failed: {}", p.portId(), p.name(), e.toString());
                    return false;
                }
                return true;
            }));
        }
        return CompletableFuture.allOf(unplugs.toArray(CompletableFuture[]::new))
                .thenApply(v -> (int) unplugs.stream().filter(CompletableFuture::join).count());
    }
}
