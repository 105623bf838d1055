package org.vifd.ovsdb.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Mutation;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.testkit.OvsSandbox;
import org.vifd.testkit.OvsSandboxExtension;

/** Read-verify-write against a real ovsdb-server while another client (ovs-vsctl) changes the same row. */
class OptimisticTransactionSandboxTest {
    @RegisterExtension
    static final OvsSandboxExtension OVS = OvsSandboxExtension.builder().build();

    /** Increments external_ids:counter of the Open_vSwitch row as read from {@code view}, verifying the read. */
    private static Transaction increment(ReplicaView view) {
        Row ovs = view.table("Open_vSwitch").values().iterator().next();
        Map<String, String> ids = new HashMap<>(ovs.map("external_ids").asStrings());
        ids.put("counter", Integer.toString(Integer.parseInt(ids.getOrDefault("counter", "0")) + 1));
        Transaction tx = new Transaction("Open_vSwitch");
        OptimisticTransaction.verify(tx, "Open_vSwitch", ovs, List.of("external_ids"));
        tx.update("Open_vSwitch", List.of(Condition.equal("_uuid", ovs.uuid())),
                Row.builder().put("external_ids", OvsMap.ofStrings(ids)).build());
        return tx;
    }

    private static String counter(OvsSandbox sb) {
        return sb.vsctl("get", "Open_vSwitch", ".", "external_ids:counter").ok().out().replace("\"", "");
    }

    @Test
    void aLostRaceIsBuiltAgainFromTheNewerViewAndCommitsOnce() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("set", "Open_vSwitch", ".", "external_ids:counter=0").ok();
        AtomicInteger attempts = new AtomicInteger();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build();
             Replica replica = Replica.builder(session, "Open_vSwitch").table("Open_vSwitch", "external_ids").build()) {
            replica.start().get(20, TimeUnit.SECONDS);
            OptimisticTransaction.run(session, replica, 5, (view, n) -> {
                attempts.incrementAndGet();
                Transaction tx = increment(view);
                if (n == 1) {
                    // Another client commits between our read and our write.
                    sb.vsctl("set", "Open_vSwitch", ".", "external_ids:counter=41").ok();
                }
                return tx;
            }).get(20, TimeUnit.SECONDS);
        }
        assertThat(attempts).hasValue(2);
        assertThat(counter(sb)).isEqualTo("42");
    }

    @Test
    void aFailureOtherThanAFailedVerificationIsNotRetried() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        sb.vsctl("--may-exist", "add-br", "br-dup").ok();
        AtomicInteger attempts = new AtomicInteger();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build();
             Replica replica = Replica.builder(session, "Open_vSwitch").table("Open_vSwitch", "external_ids").build()) {
            replica.start().get(20, TimeUnit.SECONDS);
            assertThatThrownBy(() -> OptimisticTransaction.run(session, replica, 5, (view, n) -> {
                attempts.incrementAndGet();
                Transaction tx = increment(view);
                NamedUuid br = tx.insert("Bridge", Row.builder().put("name", "br-dup").build());
                tx.mutate("Open_vSwitch", List.of(), List.of(Mutation.insert("bridges", OvsSet.of(br))));
                return tx;
            }).get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(TransactionException.class,
                            e -> assertThat(e.error()).isEqualTo(OvsdbError.CONSTRAINT_VIOLATION.name()));
        }
        assertThat(attempts).hasValue(1);
    }

    @Test
    void afterTheLastAttemptTheFailedVerificationIsReported() throws Exception {
        OvsSandbox sb = OVS.sandbox();
        AtomicInteger attempts = new AtomicInteger();
        try (OvsdbSession session = OvsdbSession.builder(sb.unixRemote()).database("Open_vSwitch").build();
             Replica replica = Replica.builder(session, "Open_vSwitch").table("Open_vSwitch", "external_ids").build()) {
            replica.start().get(20, TimeUnit.SECONDS);
            assertThatThrownBy(() -> OptimisticTransaction.run(session, replica, 3, (view, n) -> {
                Transaction tx = increment(view);
                sb.vsctl("set", "Open_vSwitch", ".", "external_ids:other=" + attempts.incrementAndGet()).ok();
                return tx;
            }).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(TransactionException.class,
                            e -> assertThat(e.error()).isEqualTo(OvsdbError.TIMED_OUT.name()));
        }
        assertThat(attempts).hasValue(3);
    }
}
