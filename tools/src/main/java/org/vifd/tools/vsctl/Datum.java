package org.vifd.tools.vsctl;

import org.vifd.ovsdb.schema.ColumnType;
import org.vifd.ovsdb.value.Atom;
import org.vifd.ovsdb.value.NamedUuid;
import org.vifd.ovsdb.value.OvsMap;
import org.vifd.ovsdb.value.OvsSet;
import org.vifd.ovsdb.value.Uuid;
import org.vifd.ovsdb.value.Value;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A column value in OVSDB's canonical form: keys sorted (and, for a map, values in key order), the way
 * ovsdb-server and ovs-vsctl hold a datum (lib/ovsdb-data.c). {@code values} is null for a set.
 */
public record Datum(List<Atom> keys, List<Atom> values) {

    /**
     * OVSDB's atom order: numbers by value, false before true, strings byte-wise, uuids by their text (OVS compares
     * the four 32-bit words unsigned, which is the order of the hex text; java.util.UUID compares signed longs).
     */
    public static final Comparator<Atom> ORDER = Datum::compareAtoms;

    public Datum {
        keys = List.copyOf(keys);
        values = values == null ? null : List.copyOf(values);
    }

    public static int compareAtoms(Atom a, Atom b) {
        if (a instanceof Atom.Int x && b instanceof Atom.Int y) {
            return Long.compare(x.value(), y.value());
        }
        if (a instanceof Atom.Real x && b instanceof Atom.Real y) {
            return Double.compare(x.value(), y.value());
        }
        if (a instanceof Atom.Str x && b instanceof Atom.Str y) {
            return compareUtf8(x.value(), y.value());
        }
        if (a instanceof Uuid x && b instanceof Uuid y) {
            return x.value().toString().compareTo(y.value().toString());
        }
        if (a instanceof NamedUuid x && b instanceof NamedUuid y) {
            return x.name().compareTo(y.name());
        }
        return a.compareTo(b);
    }

    /** strcmp order: by Unicode code point, which is UTF-8 byte order. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    public static Datum of(Value v, ColumnType type) {
        if (v == null) {
            return new Datum(List.of(), type.isMap() ? List.of() : null);
        }
        if (v instanceof OvsMap m) {
            TreeMap<Atom, Atom> sorted = new TreeMap<>(ORDER);
            sorted.putAll(m.entries());
            return new Datum(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
        }
        if (type.isMap()) {
            return new Datum(List.of(), List.of());
        }
        List<Atom> keys = new ArrayList<>(v instanceof Atom a ? List.of(a) : ((OvsSet) v).elements());
        keys.sort(ORDER);
        return new Datum(keys, null);
    }

    public boolean isMap() {
        return values != null;
    }

    public int size() {
        return keys.size();
    }

    /** The wire value: an atom for a scalar column, a set or a map otherwise. */
    public Value toValue(ColumnType type) {
        if (isMap()) {
            LinkedHashMap<Atom, Atom> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                m.put(keys.get(i), values.get(i));
            }
            return new OvsMap(m);
        }
        if (type.isScalar() && keys.size() == 1) {
            return keys.get(0);
        }
        return new OvsSet(new LinkedHashSet<>(keys));
    }

    /** The value at {@code key} of a map datum, or null. */
    public Atom get(Atom key) {
        int i = indexOf(key);
        return i < 0 || values == null ? null : values.get(i);
    }

    public int indexOf(Atom key) {
        for (int i = 0; i < keys.size(); i++) {
            if (compareAtoms(keys.get(i), key) == 0) {
                return i;
            }
        }
        return -1;
    }

    /** ovsdb_datum_compare_3way: by size, then keys, then values. */
    public int compareTo(Datum o) {
        if (size() != o.size()) {
            return size() < o.size() ? -1 : 1;
        }
        for (int i = 0; i < size(); i++) {
            int c = compareAtoms(keys.get(i), o.keys.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (values != null && o.values != null) {
            for (int i = 0; i < size(); i++) {
                int c = compareAtoms(values.get(i), o.values.get(i));
                if (c != 0) {
                    return c;
                }
            }
        }
        return 0;
    }

    /** ovsdb_datum_includes_all: every element (pair, for maps) of {@code sub} is in this datum. */
    public boolean includesAll(Datum sub) {
        for (int i = 0; i < sub.size(); i++) {
            int j = indexOf(sub.keys.get(i));
            if (j < 0) {
                return false;
            }
            if (values != null && sub.values != null && compareAtoms(values.get(j), sub.values.get(i)) != 0) {
                return false;
            }
        }
        return true;
    }

    /** This datum with the elements of {@code add} added; map keys already present keep their value (RFC 7047 §5.1 "insert"). */
    public Datum union(Datum add) {
        if (isMap()) {
            TreeMap<Atom, Atom> m = toMap();
            for (int i = 0; i < add.size(); i++) {
                m.putIfAbsent(add.keys.get(i), add.values == null ? null : add.values.get(i));
            }
            return fromMap(m);
        }
        List<Atom> out = new ArrayList<>(keys);
        for (Atom a : add.keys) {
            if (indexOf(a) < 0) {
                out.add(a);
            }
        }
        out.sort(ORDER);
        return new Datum(out, null);
    }

    /** This datum without the elements of {@code remove}: keys (a set) or pairs (a map) for a map datum. */
    public Datum difference(Datum remove) {
        if (isMap()) {
            TreeMap<Atom, Atom> m = toMap();
            for (int i = 0; i < remove.size(); i++) {
                Atom k = remove.keys.get(i);
                if (remove.values == null || (m.containsKey(k) && compareAtoms(m.get(k), remove.values.get(i)) == 0)) {
                    m.remove(k);
                }
            }
            return fromMap(m);
        }
        List<Atom> out = new ArrayList<>();
        for (Atom a : keys) {
            if (remove.indexOf(a) < 0) {
                out.add(a);
            }
        }
        return new Datum(out, null);
    }

    /** This map with {@code key} set to {@code value} (replacing any value). */
    public Datum with(Atom key, Atom value) {
        TreeMap<Atom, Atom> m = toMap();
        m.put(key, value);
        return fromMap(m);
    }

    private TreeMap<Atom, Atom> toMap() {
        TreeMap<Atom, Atom> m = new TreeMap<>(ORDER);
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), values.get(i));
        }
        return m;
    }

    private static Datum fromMap(Map<Atom, Atom> m) {
        return new Datum(new ArrayList<>(m.keySet()), new ArrayList<>(m.values()));
    }
}
