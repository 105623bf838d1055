package org.vifd.agent.libvirt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.vif.libvirt.DomainLifecycle;
import org.vifd.vif.libvirt.LibvirtEvents;

/**
 * The agent's libvirt hook ({@code libvirt_uri}): follows domain lifecycle events and, when a domain is stopped
 * (destroyed, shut down, crashed, migrated away) or undefined, unplugs the ports vifd plugged for it
 * ({@link VmPorts}); libvirt removes only the ovs_bridge ports it plugged itself. On every (re)connection it
 * reconciles once, since events may have been missed meanwhile: the VMs that have ports but no running domain are
 * candidates, and those of them still not running after a grace period lose their ports. Nova (os-vif) plugs a
 * VM's VIFs before it defines and starts the domain, so a VM that boots while the agent (re)connects is running by
 * the end of the grace and keeps them; ports plugged after the reconcile's first look are never candidates.
 *
 * <p>Threads: libvirt's calls block, so they run on this watcher's own thread ({@code vifd-libvirt}); lifecycle
 * callbacks arrive on libvirt's event thread ({@link LibvirtEvents}) and are handed to it. A connection that
 * cannot be opened, or closes, is retried every {@code retry}.
 *
 * <p>A domain that is stopped and started again at once (Nova's hard reboot plugs its VIFs again in between) is
 * looked up before its ports go: if it is running again by then, they stay.
 */
public final class DomainPortWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomainPortWatcher.class);

    /** Opens a connection (blocking); called on the watcher's thread after libvirt's event loop runs. */
    @FunctionalInterface
    public interface Opener {
        Connect open() throws LibvirtException;
    }

    private final String uri;
    private final Opener opener;
    private final VmPorts ports;
    private final Duration retry;
    private final Duration grace;
    private final ScheduledExecutorService worker;
    private LibvirtEvents events;
    /** Owned by the worker thread. */
    private Connect conn;
    private LibvirtEvents.Subscription subscription;
    /** Owned by the worker thread: counts connections, so a reconcile outlived by its connection is dropped. */
    private int generation;
    private volatile boolean closed;
    private final AtomicInteger reconciles = new AtomicInteger();

    private DomainPortWatcher(String uri, Opener opener, VmPorts ports, Duration retry, Duration grace) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.grace = Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace " + grace + " is negative");
        }
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vifd-libvirt");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Watches the domains of {@code uri} (e.g. {@code qemu:///system}).
     *
     * @param grace how long a reconcile's candidates may take to start before their ports go; zero: at once
     */
    public static DomainPortWatcher start(String uri, VmPorts ports, Duration grace) throws LibvirtException {
        return start(uri, () -> new Connect(uri), ports, Duration.ofSeconds(5), grace);
    }

    /**
     * Starts libvirt's event loop, then connects on the watcher's thread (and keeps retrying).
     *
     * @param uri    for logs
     * @param opener how to connect (a test driver connection must be shared with the test that drives it)
     * @param grace  how long a reconcile's candidates may take to start before their ports go; zero: at once
     */
    public static DomainPortWatcher start(String uri, Opener opener, VmPorts ports, Duration retry, Duration grace)
            throws LibvirtException {
        DomainPortWatcher w = new DomainPortWatcher(uri, opener, ports, retry, grace);
        w.events = LibvirtEvents.start();
        w.worker.execute(w::connect);
        return w;
    }

    /** How many reconciles have completed (for tests and logs). */
    public int reconciles() {
        return reconciles.get();
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            conn = opener.open();
            generation++;
            try {
                conn.registerCloseListener((c, reason) -> {
                    LOG.warn("libvirt {}: connection closed ({}), reconnecting", uri, reason);
                    schedule(this::reconnect, retry);
                });
            } catch (LibvirtException e) {
                // Drivers without a daemon (test:///) have no close callback: nothing to reconnect to either.
                LOG.debug("libvirt {}: no close callback: {}", uri, e.getMessage());
            }
            subscription = events.subscribe(conn, this::onLifecycle);
            LOG.info("libvirt {}: watching domain lifecycle events", uri);
            reconcile();
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("libvirt {}: cannot connect ({}), retrying in {} s", uri, e.getMessage(), retry.toSeconds());
            dropConnection();
            schedule(this::connect, retry);
        }
    }

    private void reconnect() {
        dropConnection();
        connect();
    }

    /**
     * Lists the running domains, then the VMs with plugged ports: those without a running domain are the
     * candidates, unplugged after {@link #grace} if still not running ({@link #unplugCandidates}).
     */
    private void reconcile() throws LibvirtException {
        Set<String> running = domainUuids(Connect.ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_ACTIVE);
        int gen = generation;
        ports.pluggedVms().whenComplete((plugged, e) -> {
            if (e != null) {
                reconcileFailed(e);
                return;
            }
            Set<String> candidates = new HashSet<>(plugged);
            candidates.removeAll(running);
            if (candidates.isEmpty()) {
                reconciled(running.size(), 0, 0);
                return;
            }
            LOG.info("libvirt {}: {} VMs have ports but no running domain, unplugging those not running in {} ms: {}",
                    uri, candidates.size(), grace.toMillis(), candidates);
            schedule(() -> unplugCandidates(gen, Set.copyOf(candidates)), grace);
        });
    }

    /** After the grace, on the worker: unplugs the candidates that are still not running. */
    private void unplugCandidates(int gen, Set<String> candidates) {
        if (gen != generation || conn == null) {
            LOG.debug("libvirt {}: connection changed during the grace; its own reconcile takes over", uri);
            return;
        }
        Set<String> running;
        Set<String> defined;
        try {
            running = domainUuids(Connect.ConnectListAllDomainsFlags.CONNECT_LIST_DOMAINS_ACTIVE);
            defined = domainUuids(0);
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("libvirt {}: cannot list domains after the grace ({}), reconnecting", uri, e.getMessage());
            reconnect();
            return;
        }
        List<CompletableFuture<Integer>> unplugs = new ArrayList<>();
        for (String vm : candidates) {
            if (running.contains(vm)) {
                LOG.info("libvirt {}: VM {} started during the grace, its ports stay", uri, vm);
                continue;
            }
            String why = defined.contains(vm) ? "its domain is defined but not running"
                    : "no domain has its UUID";
            unplugs.add(ports.unplugVm(vm).whenComplete((n, err) -> {
                if (err != null) {
                    LOG.warn("libvirt {}: VM {}: unplugging its ports failed ({}); {}", uri, vm, err.toString(), why);
                } else {
                    LOG.info("libvirt {}: VM {}: {} ports unplugged at reconcile: {} after a {} ms grace", uri, vm, n,
                            why, grace.toMillis());
                }
            }));
        }
        CompletableFuture.allOf(unplugs.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            if (e != null) {
                reconcileFailed(e);
            } else {
                reconciled(running.size(), unplugs.size(), unplugs.stream().mapToInt(CompletableFuture::join).sum());
            }
        });
    }

    private Set<String> domainUuids(int flags) throws LibvirtException {
        Set<String> uuids = new HashSet<>();
        for (Domain d : conn.listAllDomains(flags)) {
            uuids.add(d.getUUIDString());
        }
        return uuids;
    }

    private void reconciled(int running, int vms, int unplugged) {
        reconciles.incrementAndGet();
        LOG.info("libvirt {}: reconciled, {} running domains, {} ports of {} VMs not running unplugged", uri, running,
                unplugged, vms);
    }

    private void reconcileFailed(Throwable e) {
        LOG.warn("libvirt {}: reconcile of VM ports failed ({}), retrying in {} s", uri, e.toString(),
                retry.toSeconds());
        schedule(this::reconcileOrReconnect, retry);
    }

    private void reconcileOrReconnect() {
        try {
            reconcile();
        } catch (LibvirtException | RuntimeException e) {
            reconnect();
        }
    }

    /** On libvirt's event thread: hand over, never block. */
    private void onLifecycle(DomainLifecycle e) {
        if (e.isGone()) {
            LOG.info("libvirt {}: domain {} ({}) {} {}", uri, e.domainName(), e.domainUuid(), e.type(), e.detail());
            schedule(() -> unplugIfStillGone(e.domainUuid()), Duration.ZERO);
        }
    }

    private void unplugIfStillGone(String uuid) {
        try {
            Domain d = conn.domainLookupByUUIDString(uuid);
            if (d.isActive() == 1) {
                LOG.info("libvirt {}: domain {} runs again, its ports stay", uri, uuid);
                return;
            }
        } catch (LibvirtException e) {
            // VIR_ERR_NO_DOMAIN: undefined, so certainly gone
        }
        ports.unplugVm(uuid).whenComplete((n, err) -> {
            if (err != null) {
                LOG.warn("libvirt {}: unplugging the ports of domain {} failed ({}), reconciling in {} s", uri, uuid,
                        err.toString(), retry.toSeconds());
                schedule(this::reconcileOrReconnect, retry);
            } else {
                LOG.info("libvirt {}: domain {} gone, {} ports unplugged", uri, uuid, n);
            }
        });
    }

    private void schedule(Runnable task, Duration delay) {
        if (closed) {
            return;
        }
        try {
            worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("libvirt watcher stopped; task dropped");
        }
    }

    private void dropConnection() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        if (conn != null) {
            try {
                conn.unregisterCloseListener();
            } catch (LibvirtException | RuntimeException ignored) {
                // closed already
            }
            try {
                conn.close();
            } catch (LibvirtException | RuntimeException ignored) {
                // closed already
            }
            conn = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            worker.submit(this::dropConnection).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("libvirt watcher close: {}", e.toString());
        }
        worker.shutdownNow();
        if (events != null) {
            events.close();
        }
    }
}
