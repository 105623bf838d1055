package org.vifd.vif.netlink;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import com.sun.jna.LastErrorException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated thread that lives in a given network namespace: it calls setns(2) on the namespace's file
 * (e.g. {@code /var/run/netns/NAME}, what {@code ip netns add} creates) before running anything, and runs only
 * the tasks given here, in order. setns changes the calling thread only, so the thread is never shared with
 * other work, and it ends with {@link #close()}. Sockets and tun files opened on it belong to the namespace.
 */
public final class NetnsThread implements AutoCloseable {
    /** Where iproute2 keeps named namespaces. */
    public static final Path NETNS_RUN_DIR = Path.of("/var/run/netns");
    private static final Logger log = LoggerFactory.getLogger(NetnsThread.class);

    /** A unit of work run inside the namespace. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws Exception;
    }

    private final String namespace;
    private final ExecutorService executor;

    private NetnsThread(String namespace, ExecutorService executor) {
        this.namespace = namespace;
        this.executor = executor;
    }

    /** A thread in the named namespace ({@code /var/run/netns/NAME}). */
    public static NetnsThread enter(String netnsName) throws DeviceException {
        return enter(NETNS_RUN_DIR.resolve(netnsName), netnsName);
    }

    /** A thread in the namespace of {@code nsFile} (a bind mount or {@code /proc/PID/ns/net}). */
    public static NetnsThread enter(Path nsFile, String label) throws DeviceException {
        ExecutorService executor = newExecutor(label);
        try {
            executor.submit(() -> {
                LibC libc = LibC.INSTANCE;
                int fd;
                try {
                    fd = libc.open(nsFile.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
                } catch (LastErrorException e) {
                    throw new DeviceException("open namespace file " + nsFile + " of", label, Errno.valueOf(e.getErrorCode()));
                }
                try {
                    libc.setns(fd, LibC.CLONE_NEWNET);
                } catch (LastErrorException e) {
                    throw new DeviceException("setns", label, Errno.valueOf(e.getErrorCode()));
                } finally {
                    libc.close(fd);
                }
                return null;
            }).get();
        } catch (ExecutionException e) {
            executor.shutdownNow();
            if (e.getCause() instanceof DeviceException de) {
                throw de;
            }
            throw new IllegalStateException("cannot enter network namespace " + label, e.getCause());
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while entering network namespace " + label, e);
        }
        log.debug("thread entered network namespace {}", label);
        return new NetnsThread(label, executor);
    }

    /** A thread that stays in the namespace vifd itself runs in. */
    public static NetnsThread host() {
        return new NetnsThread("host", newExecutor("host"));
    }

    public String namespace() {
        return namespace;
    }

    /** Runs the task on this namespace's thread; its failure completes the future exceptionally. */
    public <T> CompletableFuture<T> submit(Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.run());
                } catch (Throwable t) {
                    result.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("namespace thread for " + namespace + " is closed", e));
        }
        return result;
    }

    /** Stops the thread after the tasks already submitted. */
    @Override
    public void close() {
        executor.shutdown();
    }

    private static ExecutorService newExecutor(String label) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + label);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String toString() {
        return "NetnsThread[" + namespace + "]";
    }
}
