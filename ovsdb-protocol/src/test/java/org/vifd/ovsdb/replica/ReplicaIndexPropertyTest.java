package org.vifd.ovsdb.replica;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica index, built at once or kept up to date change by change, answers exactly the rows a scan finds (values
 * held by one row or by many, one-element sets looked up by their atom), and an update never changes the index it
 * started from.
 */
class ReplicaIndexPropertyTest {

    private static Uuid uuid(int i) {
        return new Uuid(new UUID(0, i));
    }

    /** Row {@code i} with column "c" = value {@code v}: small values as strings, others as one-element sets, 0 absent. */
    private static Row row(int i, int v) {
        Row.Builder b = Row.builder().put("_uuid", uuid(i));
        if (v % 3 == 1) {
            b.put("c", Atom.of("v" + v));
        } else if (v % 3 == 2) {
            b.put("c", OvsSet.of(Atom.of("v" + v)));
        }
        return b.build();
    }

    private static void assertMatchesScan(ReplicaIndex index, Map<Uuid, Row> rows, int values) {
        for (int v = 0; v <= values; v++) {   // (absent values too: they must answer nothing)
            Value key = v % 3 == 0 ? OvsSet.empty() : Atom.of("v" + v);
            Set<Row> want = new HashSet<>();
            rows.values().forEach(r -> {
                if (ReplicaIndex.key(r.get("c")).equals(key)) {
                    want.add(r);
                }
            });
            assertThat(new HashSet<>(index.get(key))).as("value %s", key).isEqualTo(want);
            assertThat(index.get(key)).hasSize(want.size());
        }
    }

    /** ops: row id * 100 + v: v below 70 sets the row's value to v % 21, 70 and above deletes the row. */
    @Property(tries = 300)
    void anIndexKeptUpToDateAnswersWhatAScanFinds(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 20) Integer> initial,
                                                  @ForAll @Size(max = 8) List<@Size(max = 12) List<@IntRange(min = 0, max = 2099) Integer>> batches) {
        Map<Uuid, Row> rows = new HashMap<>();
        for (int i = 0; i < initial.size(); i++) {
            rows.put(uuid(i), row(i, initial.get(i)));
        }
        ReplicaIndex index = ReplicaIndex.build("T", "c", rows);
        assertMatchesScan(index, rows, 99);
        for (List<Integer> batch : batches) {
            Map<Uuid, Row> before = new HashMap<>(rows);
            ReplicaIndex previous = index;
            List<RowChange> changes = new ArrayList<>();
            for (int op : batch) {
                int id = op / 100;
                int v = op % 100;
                Row old = rows.get(uuid(id));
                if (v >= 70) {
                    if (old != null) {
                        rows.remove(uuid(id));
                        changes.add(RowChange.delete("T", uuid(id), old));
                    }
                } else {
                    Row next = row(id, v % 21);
                    rows.put(uuid(id), next);
                    changes.add(old == null ? RowChange.insert("T", uuid(id), next) : RowChange.modify("T", uuid(id), old, next));
                }
            }
            index = index.apply(changes);
            assertMatchesScan(index, rows, 99);
            assertMatchesScan(ReplicaIndex.build("T", "c", rows), rows, 99);
            assertMatchesScan(previous, before, 99);   // copy-on-write: the older view's index is untouched
        }
    }
}
