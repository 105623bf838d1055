package org.vifd.vif.libvirt;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's default event loop (virEventRegisterDefaultImpl / virEventRunDefaultImpl) on a thread of its own,
 * and domain lifecycle subscriptions whose callbacks run on that thread. Listeners must hand events on (e.g.
 * to the agent's executor) and return quickly. Start this BEFORE opening the connections to subscribe on:
 * libvirt binds a connection's event delivery to the loop registered when it is opened. libvirt has one default
 * event loop per process: run one {@code LibvirtEvents} at a time.
 */
public final class LibvirtEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LibvirtEvents.class);
    private static final Object INIT_LOCK = new Object();
    private static boolean loopRegistered;

    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;

    private LibvirtEvents() {
        this.thread = new Thread(this::run, "libvirt-events");
        this.thread.setDaemon(true);
    }

    /** Registers libvirt's default event loop (once per process) and starts running it. */
    public static LibvirtEvents start() throws LibvirtException {
        synchronized (INIT_LOCK) {
            if (!loopRegistered) {
                Library.initEventLoop();
                loopRegistered = true;
            }
        }
        LibvirtEvents events = new LibvirtEvents();
        events.thread.start();
        return events;
    }

    private void run() {
        try {
            while (!closing) {
                Library.runEventLoop(); // returns after stopEventLoop
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            log.error("libvirt event loop failed: {}", e.getMessage());
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Calls {@code listener} on the event thread for every lifecycle event of every domain of {@code conn}.
     * Close the returned subscription to stop.
     */
    public Subscription subscribe(Connect conn, Consumer<DomainLifecycle> listener) throws LibvirtException {
        Objects.requireNonNull(conn, "conn");
        Objects.requireNonNull(listener, "listener");
        LifecycleListener l = (domain, event) -> {
            try {
                DomainLifecycle e = new DomainLifecycle(domain.getName(), domain.getUUIDString(), event.getType(),
                        detailOf(event));
                log.debug("domain {} ({}): {} {}", e.domainName(), e.domainUuid(), e.type(), e.detail());
                listener.accept(e);
            } catch (LibvirtException | RuntimeException ex) {
                log.warn("domain lifecycle event {} dropped: {}", event, ex.toString());
            }
            return 0;
        };
        conn.addLifecycleListener(l);
        return () -> {
            try {
                conn.removeLifecycleListener(l);
            } catch (LibvirtException e) {
                log.warn("cannot remove lifecycle listener: {}", e.getMessage());
            }
        };
    }

    private static String detailOf(DomainEvent event) {
        try {
            Object d = event.getDetail();
            return d == null ? "UNKNOWN" : d.toString();
        } catch (RuntimeException e) {
            return "UNKNOWN";
        }
    }

    /** Stops the loop and waits (bounded) for its thread. */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        try {
            // stopEventLoop only wakes a loop that is already running: repeat until the thread has left it.
            while (!stopped.await(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                Library.stopEventLoop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LibvirtException e) {
            log.warn("cannot stop libvirt event loop: {}", e.getMessage());
        }
    }

    /** A lifecycle subscription; closing it removes the listener. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
