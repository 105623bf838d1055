package org.vifd.agent.intent;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What differs between two intents: the ids of the networks, subnets and ports that were added, removed or changed.
 * It is what an intent change hands on ({@link IntentChange}), so that the reconciler and the DHCP bindings redo
 * the work of the changed records only, not of every port of the intent.
 *
 * <p>A delta may name more than changed: ids that changed and changed back, or a union of the deltas of several
 * changes in a row ({@link #plus}); whoever applies one re-decides those ids and finds them unchanged. It must never
 * name less.
 */
public record IntentDelta(Set<String> networks, Set<String> subnets, Set<String> ports) {
    public static final IntentDelta NONE = new IntentDelta(Set.of(), Set.of(), Set.of());

    public IntentDelta {
        networks = Set.copyOf(networks);
        subnets = Set.copyOf(subnets);
        ports = Set.copyOf(ports);
    }

    /** A delta naming only these ports. */
    public static IntentDelta ofPorts(Set<String> ports) {
        return new IntentDelta(Set.of(), Set.of(), ports);
    }

    /**
     * The records that differ from {@code before} to {@code after}: one pass over each, O(records) — what a source
     * that gets whole intents (a file) does once per change, so that nothing downstream has to. Records that are the
     * same object in both are equal without a look inside.
     */
    public static IntentDelta between(Intent before, Intent after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before == after) {
            return NONE;
        }
        return new IntentDelta(differing(before.networks(), after.networks(), Network::id, before::network,
                        after::network),
                differing(before.subnets(), after.subnets(), Subnet::id, before::subnet, after::subnet),
                differing(before.ports(), after.ports(), Port::id, before::port, after::port));
    }

    private static <T> Set<String> differing(List<T> before, List<T> after, Function<T, String> id,
                                             Function<String, java.util.Optional<T>> inBefore,
                                             Function<String, java.util.Optional<T>> inAfter) {
        Set<String> out = new HashSet<>();
        for (T t : after) {
            T was = inBefore.apply(id.apply(t)).orElse(null);
            // Identity first: a source that shares unchanged records (OvnNbMapper.Memo) makes this a pointer test.
            if (t != was && !t.equals(was)) {
                out.add(id.apply(t));
            }
        }
        for (T t : before) {
            if (inAfter.apply(id.apply(t)).isEmpty()) {
                out.add(id.apply(t));
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return networks.isEmpty() && subnets.isEmpty() && ports.isEmpty();
    }

    /** Everything either delta names: the delta of this change followed by {@code next}. */
    public IntentDelta plus(IntentDelta next) {
        if (next.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return next;
        }
        return new IntentDelta(union(networks, next.networks), union(subnets, next.subnets),
                union(ports, next.ports));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    @Override
    public String toString() {
        return "IntentDelta[" + networks.size() + " networks, " + subnets.size() + " subnets, " + ports.size()
                + " ports]";
    }
}
