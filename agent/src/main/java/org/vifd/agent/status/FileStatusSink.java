package org.vifd.agent.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every port's status as one JSON file (beside the intent file), replaced atomically: written to a temp file
 * in the same directory, then renamed over the old one, so a reader sees the old or the new file, never half of
 * one. Reports are coalesced: a burst of reports costs one write, done on the sink's own thread.
 *
 * <pre>{"ports": [{"id": "...", "state": "up", "timestamp": "2025-01-02T03:04:05.678Z", "reason": "wired"}]}</pre>
 */
public final class FileStatusSink implements StatusSink {
    private static final Logger LOG = LoggerFactory.getLogger(FileStatusSink.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Map<String, PortStatus> ports = new TreeMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService writer;
    private volatile boolean closed;

    public FileStatusSink(Path file) {
        this.file = Objects.requireNonNull(file, "file");
        this.writer = Executors.newSingleThreadExecutor(r -> {
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
        synchronized (ports) {
            ports.put(status.portId(), status);
        }
        schedule();
    }

    @Override
    public void remove(String portId) {
        synchronized (ports) {
            ports.remove(portId);
        }
        schedule();
    }

    private void schedule() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            writer.execute(() -> {
                scheduled.set(false);
                write();
            });
        }
    }

    /** Writes the file now, on the calling thread. */
    public void flush() {
        write();
    }

    private void write() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("ports");
        synchronized (ports) {
            for (PortStatus s : ports.values()) {
                ObjectNode o = list.addObject();
                o.put("id", s.portId());
                o.put("state", s.state().text());
                o.put("timestamp", s.timestamp().toString());
                o.put("reason", s.reason());
            }
        }
        synchronized (this) {
            Path tmp = null;
            try {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
                Files.write(tmp, JSON.writeValueAsBytes(root));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
            } catch (IOException e) {
                LOG.error("status file {} not written: {}", file, e.toString());
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
