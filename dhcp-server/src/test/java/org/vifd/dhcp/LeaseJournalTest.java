package org.vifd.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseJournalTest {

    @TempDir
    Path dir;

    @Test
    void recordsAreReplayedAfterCloseLatestPerAddress() throws Exception {
        Path file = dir.resolve("leases");
        Lease first = LeaseJournalCrashChild.lease(1);
        Lease other = LeaseJournalCrashChild.lease(2);
        Lease later = new Lease(LeaseState.RELEASED, first.mac(), first.ip(), first.clientId(), first.hostname(), 5);
        try (LeaseJournal j = LeaseJournal.open(file)) {
            assertThat(j.replayed()).isEmpty();
            j.record(first);
            j.record(other);
            j.record(later);
            j.sync().get(10, TimeUnit.SECONDS);
            assertThat(j.durableRecords()).isEqualTo(3);
        }
        try (LeaseJournal j = LeaseJournal.open(file)) {
            assertThat(j.replayed()).containsOnly(Map.entry(other.ip(), other), Map.entry(first.ip(), later));
        }
    }

    @Test
    void groupCommitBatchesManyRecordsIntoFewFsyncsWithoutBlockingTheCaller() throws Exception {
        Path file = dir.resolve("leases");
        try (LeaseJournal j = LeaseJournal.open(file, Duration.ofMillis(5), 1 << 20)) {
            for (int i = 0; i < 10_000; i++) {
                j.record(LeaseJournalCrashChild.lease(i));
            }
            j.sync().get(10, TimeUnit.SECONDS);
            assertThat(j.durableRecords()).isEqualTo(10_000);
            assertThat(j.droppedRecords()).isZero();
        }
        assertThat(LeaseJournal.replay(file)).hasSize(10_000);
    }

    @Test
    void aFullBatchDropsAndCountsInsteadOfBlocking() throws Exception {
        LeaseJournal j = LeaseJournal.open(dir.resolve("small"), Duration.ofSeconds(30), 600);
        // The writer takes at most one batch, then pauses 30 s: 600 bytes hold about 15 records, the rest are
        // dropped, and no call waits.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 100; i++) {
                j.record(LeaseJournalCrashChild.lease(i));
            }
        });
        assertThat(j.droppedRecords()).isGreaterThan(60);
        assertTimeoutPreemptively(Duration.ofSeconds(10), j::close);
        assertThat(j.durableRecords() + j.droppedRecords()).isEqualTo(100);
    }

    /** Whatever length a crash leaves the file at, replay gives a prefix of the records and never fails. */
    @Test
    void everyTruncationReplaysToAPrefix() throws Exception {
        Path file = dir.resolve("leases");
        int n = 20;
        try (LeaseJournal j = LeaseJournal.open(file)) {
            for (int i = 0; i < n; i++) {
                j.record(LeaseJournalCrashChild.lease(i));
            }
        }
        byte[] full = Files.readAllBytes(file);
        int previous = 0;
        for (int len = 0; len <= full.length; len++) {
            Path cut = dir.resolve("cut");
            Files.write(cut, java.util.Arrays.copyOf(full, len));
            Map<Ipv4Address, Lease> replayed = LeaseJournal.replay(cut);
            assertThat(replayed.size()).isBetween(previous, n);
            int k = 0;
            for (Lease l : replayed.values()) {
                assertThat(l).isEqualTo(LeaseJournalCrashChild.lease(k++));
            }
            previous = replayed.size();
        }
        assertThat(previous).isEqualTo(n);
    }

    @Test
    void aCorruptRecordEndsReplayAndIsCutOffSoAppendsFollowGoodRecords() throws Exception {
        Path file = dir.resolve("leases");
        try (LeaseJournal j = LeaseJournal.open(file)) {
            for (int i = 0; i < 3; i++) {
                j.record(LeaseJournalCrashChild.lease(i));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x55; // inside the last record's body: its CRC no longer matches
        Files.write(file, bytes);
        try (LeaseJournal j = LeaseJournal.open(file)) {
            assertThat(j.replayed()).hasSize(2);
            j.record(LeaseJournalCrashChild.lease(7));
        }
        assertThat(LeaseJournal.replay(file).values()).containsExactly(LeaseJournalCrashChild.lease(0),
                LeaseJournalCrashChild.lease(1), LeaseJournalCrashChild.lease(7));
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws Exception {
        Path file = dir.resolve("other");
        Files.writeString(file, "hello, world\n");
        assertThatThrownBy(() -> LeaseJournal.open(file)).isInstanceOf(IOException.class).hasMessageContaining("not a vifd lease journal");
    }

    /** Kill -9 a JVM in the middle of a burst: replay is consistent and holds at least everything it said was durable. */
    @Test
    void killDuringABurstReplaysToAConsistentState() throws Exception {
        Path file = dir.resolve("crash-leases");
        String classpath = String.join(File.pathSeparator, location(LeaseJournal.class), location(LeaseJournalCrashChild.class),
                location(org.slf4j.LoggerFactory.class));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, LeaseJournalCrashChild.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicInteger durable = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("durable ")) {
                        durable.set(Integer.parseInt(line.substring(8)));
                    }
                }
            } catch (IOException ignored) {
                // the child died: that is the point
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> durable.get() >= 20_000);
        } finally {
            child.destroyForcibly(); // SIGKILL, mid-burst: no shutdown hook, no close()
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        int saidDurable = durable.get();
        Map<Ipv4Address, Lease> replayed = LeaseJournal.replay(file);
        assertThat(replayed.size()).isGreaterThanOrEqualTo(saidDurable);
        int k = 0;
        for (Lease l : replayed.values()) {
            assertThat(l).isEqualTo(LeaseJournalCrashChild.lease(k++)); // every record whole, in order, no gap
        }
        // And the journal opens again (cutting any torn tail) and keeps appending.
        try (LeaseJournal j = LeaseJournal.open(file)) {
            assertThat(j.replayed()).hasSize(replayed.size());
            j.record(LeaseJournalCrashChild.lease(1_000_000));
        }
        assertThat(LeaseJournal.replay(file)).hasSize(replayed.size() + 1);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void closingTwiceIsHarmlessAndSyncAfterCloseFails() throws Exception {
        LeaseJournal j = LeaseJournal.open(dir.resolve("x"));
        j.close();
        j.close();
        assertThat(j.sync()).isCompletedExceptionally();
    }
}
