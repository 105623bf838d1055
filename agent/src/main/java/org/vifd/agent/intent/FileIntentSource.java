package org.vifd.agent.intent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vifd.agent.status.FileStatusSink;
import org.vifd.agent.status.StatusSink;

/**
 * The intent from one JSON or YAML file, watched for changes. The directory is watched, not the file, because
 * editors and deployment tools replace a file by renaming a new one over it. A changed file is re-read after a
 * short quiet period (a write often comes as several events); an invalid one is rejected with one error log line
 * and the intent in force stays. A removed file also leaves the intent in force.
 *
 * <p>Status goes to a {@link FileStatusSink} beside the file ({@code intent.json} → {@code intent.status.json}).
 */
public final class FileIntentSource implements IntentSource {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntentSource.class);
    /** Default limit on the intent file's size. */
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** Events closer together than this are one change. */
    static final long QUIET_MILLIS = 50;

    private final Path file;
    private final long maxBytes;
    private final FileStatusSink sink;
    private final List<Consumer<IntentChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile Intent current;
    private WatchService watcher;
    private Thread thread;

    /**
     * @param file       the intent file
     * @param statusFile where the status JSON goes
     * @param maxBytes   larger files are rejected unread
     */
    public FileIntentSource(Path file, Path statusFile, long maxBytes) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.maxBytes = maxBytes;
        this.sink = new FileStatusSink(Objects.requireNonNull(statusFile, "statusFile"));
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the file and starts watching it.
     *
     * @throws InvalidIntentException when the file is invalid: at start there is no intent in force to keep
     * @throws IOException            when it cannot be read (a missing file included) or not watched
     */
    public synchronized void start() throws IOException, InvalidIntentException {
        if (watcher != null) {
            throw new IllegalStateException("already started");
        }
        current = read();
        LOG.info("intent {} loaded: {}", file, current);
        watcher = file.getFileSystem().newWatchService();
        file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::watch, "vifd-intent-watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Intent current() {
        Intent i = current;
        if (i == null) {
            throw new IllegalStateException("not started");
        }
        return i;
    }

    @Override
    public void addChangeListener(Consumer<IntentChange> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public StatusSink statusSink() {
        return sink;
    }

    /**
     * Re-reads the file now (the watcher calls this; so may a SIGHUP handler). Returns true when a new intent came
     * into force.
     */
    public boolean reload() {
        Intent next;
        long t0 = System.nanoTime();
        try {
            next = read();
        } catch (NoSuchFileException e) {
            LOG.warn("intent {} is gone; keeping the intent in force ({})", file, current);
            return false;
        } catch (InvalidIntentException e) {
            LOG.error("intent rejected, keeping the intent in force: {}", e.getMessage());
            return false;
        } catch (IOException e) {
            LOG.error("intent {} unreadable, keeping the intent in force: {}", file, e.toString());
            return false;
        }
        long parsed = System.nanoTime();
        IntentChange change;
        synchronized (this) {
            // The file gives whole intents: one diff here (O(records), a fraction of the parse), so that the
            // reconciler and the DHCP bindings work on the changed records only.
            change = IntentChange.between(current, next);
            if (change.delta().isEmpty()) {
                LOG.debug("intent {} unchanged", file);
                return false;
            }
            current = next;
        }
        LOG.info("intent {} changed: {}, {} (read and parsed in {} ms, diffed in {} ms)", file, next,
                change.delta(), (parsed - t0) / 1_000_000, (System.nanoTime() - parsed) / 1_000_000);
        for (Consumer<IntentChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                LOG.error("intent listener {} failed: {}", l, e.toString(), e);
            }
        }
        return true;
    }

    private Intent read() throws IOException, InvalidIntentException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new InvalidIntentException(file.toString(), List.of("file is " + size + " bytes, more than the "
                    + maxBytes + " allowed"));
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return IntentParser.parse(text, IntentParser.Format.of(file), file.toString());
    }

    private void watch() {
        Path name = file.getFileName();
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean touched = concernsFile(key, name);
                // Let a burst of events (truncate + write, or several writes) settle before reading, but not for
                // ever: busy neighbours in the directory must not starve the reload.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < deadline) {
                    WatchKey more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                    if (more == null) {
                        break;
                    }
                    touched |= concernsFile(more, name);
                }
                if (touched) {
                    reload();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("intent watcher for {} stopped", file);
        }
    }

    private static boolean concernsFile(WatchKey key, Path name) {
        boolean touched = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
            touched |= ev.kind() == StandardWatchEventKinds.OVERFLOW || name.equals(ev.context());
        }
        key.reset();
        return touched;
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.warn("closing the watcher of {}: {}", file, e.toString());
            }
        }
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sink.close();
    }
}
