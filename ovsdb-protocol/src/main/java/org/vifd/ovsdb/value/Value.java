package org.vifd.ovsdb.value;

/**
 * A database value as RFC 7047 §5.1 defines it: an atom, a set or a map. All implementations are immutable.
 */
public sealed interface Value permits Atom, OvsSet, OvsMap {
}
