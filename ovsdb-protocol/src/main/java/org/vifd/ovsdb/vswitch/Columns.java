package org.vifd.ovsdb.vswitch;

import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Row;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tolerant column reads for the typed rows: a column that is absent (an older schema, or not monitored) or of an
 * unexpected type (a newer schema) reads as empty, never as an exception.
 */
final class Columns {

    private Columns() {
    }

    static String string(Row r, String c) {
        Atom a = single(r.get(c));
        return a instanceof Atom.Str s ? s.value() : null;
    }

    static Long integer(Row r, String c) {
        Atom a = single(r.get(c));
        return a instanceof Atom.Int i ? i.value() : null;
    }

    static Boolean bool(Row r, String c) {
        Atom a = single(r.get(c));
        return a instanceof Atom.Bool b ? b.value() : null;
    }

    static Map<String, String> map(Row r, String c) {
        Value v = r.get(c);
        return v instanceof OvsMap m ? m.asStrings() : Map.of();
    }

    static List<Uuid> uuids(Row r, String c) {
        List<Uuid> out = new ArrayList<>();
        Value v = r.get(c);
        if (v instanceof Uuid u) {
            out.add(u);
        } else if (v instanceof OvsSet s) {
            s.elements().forEach(a -> {
                if (a instanceof Uuid u) {
                    out.add(u);
                }
            });
        }
        return List.copyOf(out);
    }

    static List<String> strings(Row r, String c) {
        List<String> out = new ArrayList<>();
        Value v = r.get(c);
        if (v instanceof Atom.Str s) {
            out.add(s.value());
        } else if (v instanceof OvsSet set) {
            set.elements().forEach(a -> {
                if (a instanceof Atom.Str s) {
                    out.add(s.value());
                }
            });
        }
        return List.copyOf(out);
    }

    static Uuid uuid(Row r) {
        Atom a = single(r.get("_uuid"));
        return a instanceof Uuid u ? u : null;
    }

    private static Atom single(Value v) {
        if (v instanceof Atom a) {
            return a;
        }
        if (v instanceof OvsSet s && s.size() == 1) {
            return s.elements().iterator().next();
        }
        return null;
    }
}
