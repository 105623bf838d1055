package org.vifd.ovsdb.value;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * RFC 7047 §5.1 {@code <set>}: an unordered collection of distinct atoms. Keeps insertion order for encoding;
 * equality is set equality.
 */
public record OvsSet(Set<Atom> elements) implements Value {

    private static final OvsSet EMPTY = new OvsSet(Set.of());

    /** The JDK's immutable one-element set: taken as it is when its element is not null. */
    private static final Class<?> SINGLETON = Collections.singleton(Boolean.TRUE).getClass();

    public OvsSet {
        Objects.requireNonNull(elements, "elements");
        if (!(elements instanceof Owned) && !(elements.getClass() == SINGLETON && !elements.contains(null))) {
            elements = freeze(elements);
        }
    }

    /**
     * An immutable copy; sets of zero and one element (most OVSDB values: optional columns, single references)
     * take the JDK's compact empty and singleton sets instead of a hash table.
     */
    private static Set<Atom> freeze(Collection<? extends Atom> elements) {
        int n = elements.size();
        if (n == 0) {
            return Collections.emptySet();
        }
        if (n == 1) {
            return Collections.singleton(Objects.requireNonNull(elements.iterator().next(), "set element"));
        }
        LinkedHashSet<Atom> copy = new LinkedHashSet<>(n * 2);
        for (Atom a : elements) {
            copy.add(Objects.requireNonNull(a, "set element"));
        }
        return new Owned(copy);
    }

    /** Takes over {@code atoms} (no nulls, and no one changes it afterwards) without a copy: for decoders in this package. */
    static OvsSet owning(LinkedHashSet<Atom> atoms) {
        if (atoms.size() <= 1) {
            return atoms.isEmpty() ? EMPTY : new OvsSet(freeze(atoms));
        }
        return new OvsSet(new Owned(atoms));
    }

    /** The read-only element set of an OvsSet, over a set no one else holds. */
    private static final class Owned extends AbstractSet<Atom> {
        private final Set<Atom> set;

        Owned(LinkedHashSet<Atom> set) {
            this.set = set;
        }

        @Override
        public Iterator<Atom> iterator() {
            return Collections.unmodifiableSet(set).iterator();
        }

        @Override
        public int size() {
            return set.size();
        }

        @Override
        public boolean contains(Object o) {
            return set.contains(o);
        }
    }

    public static OvsSet empty() {
        return EMPTY;
    }

    public static OvsSet of(Atom... atoms) {
        return atoms.length == 0 ? EMPTY : new OvsSet(freeze(Arrays.asList(atoms)));
    }

    /** The set of one atom (most optional values and single references): no copy, no hash table. */
    public static OvsSet of(Atom atom) {
        return new OvsSet(Collections.singleton(Objects.requireNonNull(atom, "set element")));
    }

    public static OvsSet of(Collection<? extends Atom> atoms) {
        return new OvsSet(freeze(atoms));
    }

    public static OvsSet ofStrings(String... values) {
        LinkedHashSet<Atom> s = new LinkedHashSet<>();
        for (String v : values) {
            s.add(Atom.of(v));
        }
        return new OvsSet(s);
    }

    public static OvsSet ofIntegers(long... values) {
        LinkedHashSet<Atom> s = new LinkedHashSet<>();
        for (long v : values) {
            s.add(Atom.of(v));
        }
        return new OvsSet(s);
    }

    public static OvsSet ofUuids(UUID... values) {
        LinkedHashSet<Atom> s = new LinkedHashSet<>();
        for (UUID v : values) {
            s.add(Atom.of(v));
        }
        return new OvsSet(s);
    }

    public int size() {
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    public boolean contains(Atom a) {
        return elements.contains(a);
    }

    /** The single element of a set of size one (an optional value that is present), or null when empty. */
    public Atom single() {
        if (elements.size() > 1) {
            throw new IllegalStateException("set has " + elements.size() + " elements, not at most one");
        }
        return elements.isEmpty() ? null : elements.iterator().next();
    }

    @Override
    public String toString() {
        return elements.toString();
    }
}
