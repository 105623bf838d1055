package org.vifd.dhcp;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LeaseJournalTest}: records leases as fast as it can and prints "durable N" whenever
 * a sync completes, until it is killed. Record i is derived from i alone, so the parent can check what it replays.
 */
public final class LeaseJournalCrashChild {

    private LeaseJournalCrashChild() {
    }

    static Lease lease(int i) {
        return new Lease(LeaseState.values()[i % 4], new MacAddress(0x5254_0000_0000L + i),
                Ipv4Address.of(0x0a00_0000 + i), i % 3 == 0 ? null : new byte[] {1, (byte) i, (byte) (i >>> 8)},
                "host-" + i, 1_700_000_000_000L + i);
    }

    public static void main(String[] args) throws Exception {
        LeaseJournal journal = LeaseJournal.open(Path.of(args[0]));
        int i = 0;
        while (true) {
            for (int burst = 0; burst < 200; burst++) {
                journal.record(lease(i++));
            }
            int recordedSoFar = i;
            journal.sync().get();
            System.out.println("durable " + recordedSoFar);
            System.out.flush();
        }
    }
}
