package org.vifd.dhcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only journal of lease events with group commit. {@link #record} only copies the record into an
 * in-memory buffer (never blocks on I/O); a writer thread writes the buffer and fsyncs it, at most once per
 * {@code commitInterval}, so a crash loses at most the last batch. Harmless: bindings come from the intent.
 *
 * <p>File: an 8-byte magic, then records {@code [u16 body length][body][u32 CRC-32 of body]}; body:
 * {@code u8 state, u64 expiry ms, u32 ip, u48 mac, u8 client-id length, client id, u8 hostname length, hostname}.
 * Replay stops at the first truncated or corrupt record (a crash mid-write) and cuts the file there; the file is
 * then compacted to the latest record per address.
 */
public final class LeaseJournal implements LeaseRecorder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseJournal.class);
    private static final byte[] MAGIC = "VIFDLJ1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_BODY = 1 + 8 + 4 + 6 + 1 + 255 + 1 + 255;
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(5);
    public static final int DEFAULT_BUFFER_BYTES = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final long commitIntervalNanos;
    private final Map<Ipv4Address, Lease> replayed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final CRC32 crc = new CRC32();
    private final Thread writer;
    private ByteBuffer active;
    private ByteBuffer flushing;
    private List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private boolean closed;
    private long recorded;
    private long dropped;
    private volatile long durable;
    private volatile IOException failure;

    private LeaseJournal(Path file, FileChannel channel, Duration commitInterval, int bufferBytes,
                         Map<Ipv4Address, Lease> replayed) {
        this.file = file;
        this.channel = channel;
        this.commitIntervalNanos = commitInterval.toNanos();
        this.active = ByteBuffer.allocate(bufferBytes);
        this.flushing = ByteBuffer.allocate(bufferBytes);
        this.replayed = replayed;
        this.writer = new Thread(this::writeLoop, "vifd-lease-journal");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public static LeaseJournal open(Path file) throws IOException {
        return open(file, DEFAULT_COMMIT_INTERVAL, DEFAULT_BUFFER_BYTES);
    }

    /** Replays {@code file} (creating it if absent), compacts it, and starts the writer thread. */
    public static LeaseJournal open(Path file, Duration commitInterval, int bufferBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        if (bufferBytes < 2 + MAX_BODY + 4) {
            throw new IllegalArgumentException("bufferBytes too small for one record: " + bufferBytes);
        }
        Map<Ipv4Address, Lease> leases = replay(file);
        compact(file, leases.values());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new LeaseJournal(file, ch, commitInterval, bufferBytes, Collections.unmodifiableMap(leases));
    }

    /** The latest record per address found at open, in file order. */
    public Map<Ipv4Address, Lease> replayed() {
        return replayed;
    }

    /** Reads a journal without opening it for writing: the latest record per address. */
    public static Map<Ipv4Address, Lease> replay(Path file) throws IOException {
        Map<Ipv4Address, Lease> leases = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return leases;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < MAGIC.length) {
            return leases; // crashed while creating: nothing was durable yet
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IOException(file + " is not a vifd lease journal (bad magic)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(MAGIC.length);
        CRC32 crc = new CRC32();
        int count = 0;
        while (b.remaining() > 0) {
            int start = b.position();
            Lease lease = readRecord(b, crc);
            if (lease == null) {
                log.warn("lease journal {}: ignoring {} bytes of a truncated or corrupt record at offset {} after {} records",
                        file, bytes.length - start, start, count);
                break;
            }
            leases.remove(lease.ip());
            leases.put(lease.ip(), lease);
            count++;
        }
        return leases;
    }

    private static Lease readRecord(ByteBuffer b, CRC32 crc) {
        if (b.remaining() < 2) {
            return null;
        }
        int len = b.getShort() & 0xffff;
        if (len < 21 || len > MAX_BODY || b.remaining() < len + 4) {
            return null;
        }
        int bodyStart = b.position();
        crc.reset();
        crc.update(b.array(), bodyStart, len);
        int expected = b.getInt(bodyStart + len);
        if ((int) crc.getValue() != expected) {
            return null;
        }
        LeaseState state = LeaseState.ofCode(b.get());
        long expiry = b.getLong();
        int ip = b.getInt();
        long mac = (b.getShort() & 0xffffL) << 32 | (b.getInt() & 0xffffffffL);
        int idLen = b.get() & 0xff;
        if (state == null || b.position() + idLen + 1 > bodyStart + len) {
            return null;
        }
        byte[] id = new byte[idLen];
        b.get(id);
        int hostLen = b.get() & 0xff;
        if (b.position() + hostLen != bodyStart + len) {
            return null;
        }
        byte[] host = new byte[hostLen];
        b.get(host);
        b.getInt(); // the CRC, checked above
        return new Lease(state, new MacAddress(mac), Ipv4Address.of(ip), id,
                new String(host, StandardCharsets.ISO_8859_1), expiry);
    }

    /** Rewrites the file with just the given leases: write a temp file, fsync, rename over, fsync the directory. */
    private static void compact(Path file, java.util.Collection<Lease> leases) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length + leases.size() * (2 + MAX_BODY + 4));
            b.put(MAGIC);
            CRC32 crc = new CRC32();
            for (Lease l : leases) {
                writeRecord(b, crc, l);
            }
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("lease journal {}: cannot fsync directory {}: {}", file, dir, e.toString());
        }
    }

    private static boolean writeRecord(ByteBuffer b, CRC32 crc, Lease l) {
        byte[] id = l.clientIdBytes();
        String host = l.hostname();
        int idLen = Math.min(255, id.length);
        int hostLen = Math.min(255, host.length());
        int len = 1 + 8 + 4 + 6 + 1 + idLen + 1 + hostLen;
        if (b.remaining() < 2 + len + 4) {
            return false;
        }
        b.putShort((short) len);
        int bodyStart = b.position();
        b.put((byte) l.state().code());
        b.putLong(l.expiresAtMillis());
        b.putInt(l.ip().bits());
        long mac = l.mac().bits();
        b.putShort((short) (mac >>> 32));
        b.putInt((int) mac);
        b.put((byte) idLen);
        b.put(id, 0, idLen);
        b.put((byte) hostLen);
        for (int i = 0; i < hostLen; i++) {
            b.put((byte) host.charAt(i));
        }
        crc.reset();
        crc.update(b.array(), bodyStart, len);
        b.putInt((int) crc.getValue());
        return true;
    }

    /** Copies the record into the current batch; drops it (counted) if the batch is full. Never blocks on I/O. */
    @Override
    public void record(Lease lease) {
        lock.lock();
        try {
            if (closed) {
                dropped++;
                return;
            }
            boolean wasEmpty = active.position() == 0;
            if (writeRecord(active, crc, lease)) {
                recorded++;
                if (wasEmpty) {
                    work.signal();
                }
            } else {
                dropped++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Completes once everything recorded before this call is written and fsynced (exceptionally on I/O error). */
    public CompletableFuture<Void> sync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (failure != null) {
                f.completeExceptionally(failure);
            } else if (closed) {
                f.completeExceptionally(new IOException("lease journal " + file + " is closed"));
            } else {
                waiters.add(f);
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        return f;
    }

    /** Records made durable (written and fsynced) so far. */
    public long durableRecords() {
        return durable;
    }

    /** Records dropped because the batch buffer was full or the journal closed. */
    public long droppedRecords() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private void writeLoop() {
        while (true) {
            ByteBuffer batch;
            List<CompletableFuture<Void>> done;
            long count;
            boolean stop;
            lock.lock();
            try {
                while (active.position() == 0 && waiters.isEmpty() && !closed) {
                    work.awaitUninterruptibly();
                }
                batch = active;
                active = flushing;
                flushing = batch;
                done = waiters;
                waiters = new ArrayList<>();
                count = recorded;
                stop = closed;
            } finally {
                lock.unlock();
            }
            IOException error = null;
            try {
                batch.flip();
                if (batch.hasRemaining()) {
                    while (batch.hasRemaining()) {
                        channel.write(batch);
                    }
                    channel.force(false);
                }
                durable = count;
            } catch (IOException e) {
                error = e;
                failure = e;
                log.error("lease journal {}: write failed, leases are no longer journaled: {}", file, e.toString());
            } finally {
                batch.clear();
            }
            for (CompletableFuture<Void> f : done) {
                if (error == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(error);
                }
            }
            if (stop || error != null) {
                return;
            }
            // Group commit: at most one fsync per interval; records meanwhile gather into the next batch.
            LockSupport.parkNanos(commitIntervalNanos);
        }
    }

    /** Writes and fsyncs what is buffered, then stops the writer and closes the file. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(writer); // cut short the group-commit pause: the last batch is written now
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel.close();
        if (failure != null) {
            throw failure;
        }
    }
}
