package org.vifd.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.vifd.ovsdb.OvsdbError;
import org.vifd.ovsdb.OvsdbException;
import org.vifd.ovsdb.schema.Schema;
import org.vifd.ovsdb.tx.TransactResult;
import org.vifd.ovsdb.tx.Transaction;
import org.vifd.ovsdb.value.Uuid;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thin blocking face of {@link OvsdbClient} for tools and tests: each method waits up to {@code timeout} and throws
 * the same {@link OvsdbException} the future would have failed with. Never call it on an event loop thread.
 */
public final class BlockingOvsdbClient implements AutoCloseable {

    private final OvsdbClient client;
    private final Duration timeout;

    public BlockingOvsdbClient(OvsdbClient client, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public static BlockingOvsdbClient connect(String remotes, Duration timeout) {
        return new BlockingOvsdbClient(await(OvsdbClient.connect(remotes), timeout, "connect to " + remotes), timeout);
    }

    public OvsdbClient async() {
        return client;
    }

    private <T> T await(CompletableFuture<T> f, String what) {
        if (client.channel().eventLoop().inEventLoop()) {
            throw new IllegalStateException("blocking OVSDB call (" + what + ") on the event loop would deadlock");
        }
        return await(f, timeout, what);
    }

    private static <T> T await(CompletableFuture<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof OvsdbException oe) {
                throw oe;
            }
            throw new OvsdbException(OvsdbError.PROTOCOL_ERROR.name(), what + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new OvsdbException(OvsdbError.TIMED_OUT.name(), what + " got no answer within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(OvsdbError.CONNECTION_CLOSED.name(), what + " interrupted");
        }
    }

    public List<String> listDbs() {
        return await(client.listDbs(), "list_dbs");
    }

    public Schema getSchema(String db) {
        return await(client.getSchema(db), "get_schema " + db);
    }

    public TransactResult transact(Transaction tx) {
        return await(client.transact(tx), "transact on " + tx.database());
    }

    public TableUpdates<RowUpdate> monitor(String db, String monitorId, Map<String, MonitorRequest> requests) {
        return await(client.monitor(db, monitorId, requests), "monitor " + monitorId);
    }

    public TableUpdates<RowUpdate2> monitorCond(String db, String monitorId, Map<String, MonitorRequest> requests) {
        return await(client.monitorCond(db, monitorId, requests), "monitor_cond " + monitorId);
    }

    public MonitorSinceResult monitorCondSince(String db, String monitorId, Map<String, MonitorRequest> requests, Uuid lastTxnId) {
        return await(client.monitorCondSince(db, monitorId, requests, lastTxnId), "monitor_cond_since " + monitorId);
    }

    public void monitorCondChange(String monitorId, String newMonitorId, Map<String, MonitorRequest> changes) {
        await(client.monitorCondChange(monitorId, newMonitorId, changes), "monitor_cond_change " + monitorId);
    }

    public void monitorCancel(String monitorId) {
        await(client.monitorCancel(monitorId), "monitor_cancel " + monitorId);
    }

    public boolean lock(String lockId) {
        return await(client.lock(lockId), "lock " + lockId);
    }

    public boolean steal(String lockId) {
        return await(client.steal(lockId), "steal " + lockId);
    }

    public void unlock(String lockId) {
        await(client.unlock(lockId), "unlock " + lockId);
    }

    public JsonNode echo(JsonNode params) {
        return await(client.echo(params), "echo");
    }

    public Uuid getServerId() {
        return await(client.getServerId(), "get_server_id");
    }

    public void setDbChangeAware(boolean aware) {
        await(client.setDbChangeAware(aware), "set_db_change_aware");
    }

    @Override
    public void close() {
        client.close();
    }
}
