package org.vifd.ovsdb.replica;

import org.vifd.ovsdb.tx.Condition;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Value;

import java.util.List;

/**
 * Evaluates "where" conditions (RFC 7047 §5.1 {@code <condition>}) on a row held locally: the replica filters with
 * it when the server only knows plain "monitor", which has no conditions. A monitor_cond "where" is a disjunction
 * (ovsdb-server(7): a row is monitored if any condition holds); an empty list matches nothing, null everything.
 */
final class ConditionMatcher {

    private ConditionMatcher() {
    }

    static boolean matchesAny(List<Condition> where, Row row) {
        if (where == null) {
            return true;
        }
        for (Condition c : where) {
            if (matches(c, row)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(Condition c, Row row) {
        Value have = ReplicaIndex.key(row.get(c.column()));
        Value want = ReplicaIndex.key(c.value());
        return switch (c.function()) {
            case EQUALS -> have.equals(want);
            case NOT_EQUALS -> !have.equals(want);
            case INCLUDES -> includes(have, want);
            case EXCLUDES -> excludes(have, want);
            case LESS_THAN -> compare(have, want) < 0;
            case LESS_THAN_OR_EQUALS -> compare(have, want) <= 0;
            case GREATER_THAN -> compare(have, want) > 0;
            case GREATER_THAN_OR_EQUALS -> compare(have, want) >= 0;
        };
    }

    private static boolean includes(Value have, Value want) {
        if (have instanceof OvsMap hm && want instanceof OvsMap wm) {
            return wm.entries().entrySet().stream().allMatch(e -> e.getValue().equals(hm.entries().get(e.getKey())));
        }
        OvsSet h = asSet(have);
        return asSet(want).elements().stream().allMatch(h::contains);
    }

    private static boolean excludes(Value have, Value want) {
        if (have instanceof OvsMap hm && want instanceof OvsMap wm) {
            return wm.entries().entrySet().stream().noneMatch(e -> e.getValue().equals(hm.entries().get(e.getKey())));
        }
        OvsSet h = asSet(have);
        return asSet(want).elements().stream().noneMatch(h::contains);
    }

    private static OvsSet asSet(Value v) {
        return v instanceof OvsSet s ? s : v instanceof Atom a ? OvsSet.of(a) : OvsSet.empty();
    }

    private static int compare(Value have, Value want) {
        if (have instanceof Atom a && want instanceof Atom b) {
            double x = a instanceof Atom.Int i ? i.value() : a instanceof Atom.Real r ? r.value() : Double.NaN;
            double y = b instanceof Atom.Int i ? i.value() : b instanceof Atom.Real r ? r.value() : Double.NaN;
            if (!Double.isNaN(x) && !Double.isNaN(y)) {
                return Double.compare(x, y);
            }
        }
        throw new IllegalArgumentException("cannot order " + have + " and " + want);
    }
}
