package org.vifd.ovsdb.schema;

/** RFC 7047 §3.2 "refType": how a uuid column's references to "refTable" are enforced. */
public enum RefType {
    /** A reference to a missing row is a referential integrity violation. */
    STRONG,
    /** A reference to a missing row is silently removed. */
    WEAK
}
