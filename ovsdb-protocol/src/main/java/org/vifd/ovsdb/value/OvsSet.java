package org.vifd.ovsdb.value;

import java.util.Arrays;
import java.util.Collection;
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

    public OvsSet {
        Objects.requireNonNull(elements, "elements");
        LinkedHashSet<Atom> copy = new LinkedHashSet<>(elements.size() * 2);
        for (Atom a : elements) {
            copy.add(Objects.requireNonNull(a, "set element"));
        }
        elements = Collections.unmodifiableSet(copy);
    }

    public static OvsSet empty() {
        return EMPTY;
    }

    public static OvsSet of(Atom... atoms) {
        return new OvsSet(new LinkedHashSet<>(Arrays.asList(atoms)));
    }

    public static OvsSet of(Collection<? extends Atom> atoms) {
        return new OvsSet(new LinkedHashSet<>(atoms));
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
