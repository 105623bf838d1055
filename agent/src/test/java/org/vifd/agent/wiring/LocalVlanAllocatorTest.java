package org.vifd.agent.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LocalVlanAllocatorTest {
    @Test
    void aNetworksPortsShareOneVlanTheLowestFreeAndItIsFreedWithTheLastPort() {
        LocalVlanAllocator a = new LocalVlanAllocator();
        assertThat(a.acquire("net-a", "tap1")).hasValue(1);
        assertThat(a.acquire("net-b", "tap2")).hasValue(2);
        assertThat(a.acquire("net-a", "tap3")).hasValue(1);
        assertThat(a.acquire("net-a", "tap3")).as("idempotent").hasValue(1);
        assertThat(a.holders("net-a")).containsExactly("tap1", "tap3");

        assertThat(a.release("tap1")).isEmpty();
        assertThat(a.vlanOf("net-a")).hasValue(1);
        assertThat(a.release("tap3")).contains("net-a");
        assertThat(a.vlanOf("net-a")).isEmpty();
        assertThat(a.release("tap3")).as("unknown holder").isEmpty();

        assertThat(a.acquire("net-c", "tap4")).as("1 is free again").hasValue(1);
        assertThat(a.allocations()).containsExactly(Map.entry("net-b", 2), Map.entry("net-c", 1));
    }

    @Test
    void aPortMovedToAnotherNetworkLeavesTheOld() {
        LocalVlanAllocator a = new LocalVlanAllocator();
        a.acquire("net-a", "tap1");
        assertThat(a.acquire("net-b", "tap1")).hasValue(1);
        assertThat(a.vlanOf("net-a")).isEmpty();
        assertThat(a.holders("net-b")).containsExactly("tap1");
    }

    @Test
    void all4094AreHandedOutThenNoneAndNeverTheDeadVlan() {
        LocalVlanAllocator a = new LocalVlanAllocator();
        for (int i = 1; i <= 4094; i++) {
            assertThat(a.acquire("n" + i, "p" + i)).hasValue(i);
        }
        assertThat(a.acquire("one-too-many", "p")).isEmpty();
        a.release("p77");
        assertThat(a.acquire("one-too-many", "p")).hasValue(77);
    }

    @Test
    void restoreKeepsWhatPortsCarryAndSettlesConflictsDeterministically() {
        LocalVlanAllocator a = LocalVlanAllocator.restore(List.of(
                new LocalVlanAllocator.Observed("tap1", "net-a", 7),
                new LocalVlanAllocator.Observed("tap2", "net-a", 7),
                new LocalVlanAllocator.Observed("tap3", "net-a", 9),   // minority: not restored
                new LocalVlanAllocator.Observed("tap4", "net-b", 7),   // 7 is net-a's (lower id)
                new LocalVlanAllocator.Observed("tap5", "net-b", 3),
                new LocalVlanAllocator.Observed("tap6", "net-c", 4095), // dead VLAN: nothing to restore
                new LocalVlanAllocator.Observed("tap7", "", 5),
                new LocalVlanAllocator.Observed("tap8", "net-d", 12),
                new LocalVlanAllocator.Observed("tap9", "net-d", 11))); // tie: the lower
        assertThat(a.allocations()).containsExactly(Map.entry("net-a", 7), Map.entry("net-b", 3),
                Map.entry("net-d", 11));
        assertThat(a.holders("net-a")).containsExactly("tap1", "tap2");
        assertThat(a.acquire("net-a", "tap3")).as("retagged to the network's VLAN").hasValue(7);
        assertThat(a.acquire("net-c", "tap6")).as("lowest free").hasValue(1);
        assertThat(a.acquire("net-e", "tapX")).hasValue(2);
        assertThat(a.acquire("net-f", "tapY")).as("3 is taken by the restored net-b").hasValue(4);
    }

    /** Any sequence of acquire/release keeps one VLAN per network, distinct, in 1..4094, shared by its holders. */
    @Property(tries = 200)
    void randomSequencesKeepTheInvariants(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 59) Integer> ops) {
        LocalVlanAllocator a = new LocalVlanAllocator();
        Map<String, String> model = new HashMap<>();    // holder -> network
        for (int op : ops) {
            String holder = "p" + (op % 20);
            if (op < 40) {
                String net = "n" + (op % 7);
                OptionalInt v = a.acquire(net, holder);
                assertThat(v).isPresent();
                model.put(holder, net);
            } else {
                a.release(holder);
                model.remove(holder);
            }
            Map<String, Integer> alloc = a.allocations();
            assertThat(new HashSet<>(alloc.values())).hasSameSizeAs(alloc.values());
            assertThat(alloc.values()).allMatch(x -> x >= 1 && x <= 4094);
            assertThat(alloc.keySet()).isEqualTo(new HashSet<>(model.values()));
            for (Map.Entry<String, String> e : model.entrySet()) {
                assertThat(a.holders(e.getValue())).contains(e.getKey());
            }
        }
    }
}
