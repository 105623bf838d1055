package org.vifd.ovsdb.replica;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replica's copy-on-write map behaves as a HashMap, and an edit never changes the version it started from. */
class ShardedMapPropertyTest {

    @Property(tries = 200)
    void editsMatchAHashMapAndLeaveTheBaseAlone(@ForAll @Size(max = 300) List<@IntRange(min = -200, max = 200) Integer> ops,
                                                @ForAll @Size(max = 300) List<@IntRange(min = -200, max = 200) Integer> more) {
        Map<Integer, String> model = new HashMap<>();
        // Either from the shared empty map or pre-sized (as a full reload starts), the same behaviour.
        ShardedMap.Editor<Integer, String> e = ops.size() % 2 == 0 ? ShardedMap.edit(ShardedMap.empty()) : ShardedMap.editEmpty(ops.size());
        apply(ops, model, e);
        ShardedMap<Integer, String> first = e.freeze();
        Map<Integer, String> firstModel = new HashMap<>(model);
        assertThat(first).isEqualTo(firstModel).hasSize(firstModel.size());

        ShardedMap.Editor<Integer, String> e2 = ShardedMap.edit(first);
        apply(more, model, e2);
        ShardedMap<Integer, String> second = e2.freeze();
        assertThat(second).isEqualTo(model).hasSize(model.size());
        assertThat(first).as("the base version is unchanged").isEqualTo(firstModel);
        Map<Integer, String> iterated = new HashMap<>();
        second.entrySet().forEach(en -> iterated.put(en.getKey(), en.getValue()));
        assertThat(iterated).isEqualTo(model);
        assertThatThrownBy(() -> e2.put(1, "x")).isInstanceOf(IllegalStateException.class);
    }

    /** A non-negative key puts (key → "v" + key + round), a negative one removes -key. */
    private static void apply(List<Integer> ops, Map<Integer, String> model, ShardedMap.Editor<Integer, String> e) {
        int round = 0;
        for (int k : ops) {
            round++;
            if (k >= 0) {
                model.put(k, "v" + k + "." + round);
                e.put(k, "v" + k + "." + round);
            } else {
                model.remove(-k);
                e.remove(-k);
            }
            assertThat(e.get(Math.abs(k))).isEqualTo(model.get(Math.abs(k)));
        }
    }
}
