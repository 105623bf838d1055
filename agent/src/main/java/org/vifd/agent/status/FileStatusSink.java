package org.vifd.agent.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every port's status as one JSON file (beside the intent file), replaced atomically: written to a temp file
 * in the same directory, then renamed over the old one, so a reader sees the old or the new file, never half of
 * one.
 *
 * <p>Serializing follows the changes, not the number of ports: each port's entry is serialized once when it
 * changes and kept as bytes, so a write serializes only the ports reported since the last one and copies the
 * others. Writes are coalesced on the sink's own thread, at most one per {@code minInterval} (100 ms by default): a
 * burst of reports costs one write, and a report reaches the file within that bound (plus the write itself). A
 * write costs about 0.2 ms of file operations (open, rename) plus about 1 ms per MB written (10,000 ports are
 * 0.9 MB), so the writer uses at most a few percent of a core however fast ports change.
 *
 * <pre>{"ports": [
 *   {"id": "...", "state": "up", "timestamp": "2025-01-02T03:04:05.678Z", "reason": "wired"}
 * ]}</pre>
 */
public final class FileStatusSink implements StatusSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileStatusSink.class);
    /** The default bound on how long a report waits for the next write (and on the rate of writes). */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMillis(100);
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] HEAD = "{\"ports\": [".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = "]}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIRST = "\n  ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT = ",\n  ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST = "\n".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final long minIntervalNanos;
    private final ScheduledExecutorService writer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;

    /** Reports not yet written, by port id; a null value is a removal. Guarded by changedLock. */
    private final Object changedLock = new Object();
    private Map<String, PortStatus> changed = new HashMap<>();

    // ---- the writer's state, guarded by writeLock ----
    private final Object writeLock = new Object();
    /** Each written port's entry, serialized, in port id order (the file's order). */
    private final TreeMap<String, byte[]> entries = new TreeMap<>();
    private volatile long lastWriteNanos;
    private boolean written;
    private long writes;
    private long serialized;

    public FileStatusSink(Path file) {
        this(file, DEFAULT_MIN_INTERVAL);
    }

    public FileStatusSink(Path file, Duration minInterval) {
        this.file = Objects.requireNonNull(file, "file");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
        this.lastWriteNanos = System.nanoTime() - minIntervalNanos;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vifd-status-writer");
            t.setDaemon(true);
            return t;
        });
    }

    public Path file() {
        return file;
    }

    @Override
    public void report(PortStatus status) {
        Objects.requireNonNull(status, "status");
        synchronized (changedLock) {
            changed.put(status.portId(), status);
        }
        schedule();
    }

    @Override
    public void remove(String portId) {
        Objects.requireNonNull(portId, "portId");
        synchronized (changedLock) {
            changed.put(portId, null);
        }
        schedule();
    }

    private void schedule() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            // Read without the write lock: a report never waits for a write in progress.
            long wait = Math.max(0, lastWriteNanos + minIntervalNanos - System.nanoTime());
            writer.schedule(() -> {
                scheduled.set(false);
                write();
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Writes the file now, on the calling thread. */
    public void flush() {
        write();
    }

    /** How many times the file was written (tests: bursts are coalesced). */
    long writes() {
        synchronized (writeLock) {
            return writes;
        }
    }

    /** How many port entries were serialized in all (tests: the cost follows the changes). */
    long serializedEntries() {
        synchronized (writeLock) {
            return serialized;
        }
    }

    private void write() {
        synchronized (writeLock) {
            Map<String, PortStatus> batch;
            synchronized (changedLock) {
                batch = changed;
                changed = new HashMap<>();
            }
            if (batch.isEmpty() && written) {
                return;
            }
            for (Map.Entry<String, PortStatus> c : batch.entrySet()) {
                if (c.getValue() == null) {
                    entries.remove(c.getKey());
                } else {
                    entries.put(c.getKey(), entry(c.getValue()));
                    serialized++;
                }
            }
            // A failed write leaves written false: the next flush (or close) writes again, changes or not.
            written = replaceFile();
            writes++;
            lastWriteNanos = System.nanoTime();
        }
    }

    private static byte[] entry(PortStatus s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", s.portId());
            g.writeStringField("state", s.state().text());
            g.writeStringField("timestamp", s.timestamp().toString());
            g.writeStringField("reason", s.reason());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("serializing the status of port " + s.portId(), e); // in memory: cannot
        }
        return out.toByteArray();
    }

    private boolean replaceFile() {
        Path tmp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            // One fixed temp name: writes are serialized by writeLock, and Files.createTempFile (a random name,
            // then permissions) cost more than writing 1,000 ports' entries.
            tmp = dir.resolve("." + file.getFileName() + ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16)) {
                out.write(HEAD);
                boolean first = true;
                for (byte[] e : entries.values()) {
                    out.write(first ? FIRST : NEXT);
                    out.write(e);
                    first = false;
                }
                if (!first) {
                    out.write(LAST);
                }
                out.write(TAIL);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return true;
        } catch (IOException e) {
            LOG.error("status file {} not written: {}", file, e.toString());
            return false;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // Best effort; the error was logged above.
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
