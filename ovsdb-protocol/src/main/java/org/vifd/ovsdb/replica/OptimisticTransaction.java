package org.vifd.ovsdb.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.session.OvsdbSession;
import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.tx.Operation;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.tx.TransactionException;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Value;

/**
 * Read, verify, write — optimistic concurrency as the OVS IDL does it ({@code ovsdb_idl_txn_verify} and
 * {@code TXN_TRY_AGAIN} in lib/ovsdb-idl.c). The caller builds the transaction from a replica view and marks every
 * row it relied on with {@link #verify}: a {@code wait} operation with timeout 0 that the server fails with
 * "timed out" if the row no longer holds the values read (RFC 7047 §5.2.6). When that happens another client won
 * the race: once the replica has received that client's change, the transaction is built again from the newer view
 * and sent again. Any other failure ends the attempt as it came.
 */
public final class OptimisticTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(OptimisticTransaction.class);
    public static final int DEFAULT_MAX_ATTEMPTS = 10;

    private OptimisticTransaction() {
    }

    /**
     * Adds a wait to {@code tx} that fails unless {@code row} (as read from a replica view, with its {@code _uuid})
     * still has the given columns' values.
     */
    public static int verify(Transaction tx, String table, Row row, List<String> columns) {
        Objects.requireNonNull(row.uuid(), "row has no _uuid: read it from a replica view");
        Row.Builder expected = Row.builder();
        for (String c : columns) {
            Value v = row.get(c);
            if (v == null) {
                throw new IllegalArgumentException(table + " row " + row.uuid() + " has no column " + c
                        + " in the view: monitor it to verify it");
            }
            expected.put(c, v);
        }
        return tx.wait(table, List.of(Condition.equal("_uuid", row.uuid())), columns, true, List.of(expected.build()),
                0L);
    }

    /**
     * Builds from the replica's current view and commits; on a failed verification waits for a newer view and tries
     * again, at most {@code maxAttempts} times. {@code build} runs on the caller's thread for the first attempt and
     * on the replica's notification thread afterwards; it returns the transaction for a view.
     */
    public static CompletableFuture<TransactResult> run(OvsdbSession session, Replica replica, int maxAttempts,
                                                        BiFunction<ReplicaView, Integer, Transaction> build) {
        CompletableFuture<TransactResult> result = new CompletableFuture<>();
        attempt(session, replica, maxAttempts, build, 1, replica.view(), result);
        return result;
    }

    private static void attempt(OvsdbSession session, Replica replica, int maxAttempts,
                                BiFunction<ReplicaView, Integer, Transaction> build, int n, ReplicaView view,
                                CompletableFuture<TransactResult> result) {
        Transaction tx;
        try {
            tx = build.apply(view, n);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        session.transact(tx).whenComplete((r, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause == null) {
                result.complete(r);
            } else if (isFailedVerification(cause) && n < maxAttempts) {
                LOG.info("ovsdb transaction attempt {} lost a race at view version {} ({}); trying again on a newer view",
                        n, view.version(), cause.getMessage());
                newerView(replica, view.version()).thenAccept(
                        next -> attempt(session, replica, maxAttempts, build, n + 1, next, result));
            } else {
                result.completeExceptionally(cause);
            }
        });
    }

    /** A wait (with timeout 0) that timed out: the verified row changed under us — the IDL's TXN_TRY_AGAIN. */
    static boolean isFailedVerification(Throwable t) {
        return t instanceof TransactionException te && OvsdbError.TIMED_OUT.name().equals(te.error())
                && te.operation() instanceof Operation.Wait;
    }

    /** Completes with the first view newer than {@code version} (at once if the replica already has one). */
    private static CompletableFuture<ReplicaView> newerView(Replica replica, long version) {
        CompletableFuture<ReplicaView> newer = new CompletableFuture<>();
        List<RowListener> self = new ArrayList<>(1);
        RowListener listener = new RowListener() {
            @Override
            public void onChanges(List<RowChange> changes) {
            }

            @Override
            public void onChanges(ReplicaView v, List<RowChange> changes) {
                offer(v);
            }

            @Override
            public void onResync(ReplicaView v, Resync resync) {
                offer(v);
            }

            private void offer(ReplicaView v) {
                if (v.version() > version && newer.complete(v)) {
                    replica.removeListener(self.get(0));
                }
            }
        };
        self.add(listener);
        replica.addListener(listener, Runnable::run);
        ReplicaView now = replica.view();
        if (now.version() > version && newer.complete(now)) {
            replica.removeListener(listener);
        }
        return newer;
    }
}
