package org.vifd.dhcp;

/** How an option's value bytes are laid out (RFC 2132 and the RFCs of the later options). A closed set. */
public enum OptionFormat {
    /** Exactly one IPv4 address. */
    IPV4,
    /** One or more IPv4 addresses. */
    IPV4_LIST,
    /** Pairs of IPv4 addresses (policy filter, static route). */
    IPV4_PAIRS,
    UINT8,
    UINT16,
    UINT32,
    INT32,
    /** One byte, 0 or 1. */
    BOOLEAN,
    /** NVT ASCII text (kept byte for byte as ISO-8859-1). */
    TEXT,
    /** No value: the option's presence is the information (RFC 4039 rapid commit). */
    EMPTY,
    MESSAGE_TYPE,
    /** A list of option codes (RFC 2132 §9.8 parameter request list). */
    OPTION_CODES,
    /** RFC 2132 §9.14 type + identifier, RFC 4361 IAID + DUID when the type is 255. */
    CLIENT_ID,
    /** RFC 3442 classless static routes. */
    CLASSLESS_ROUTES,
    /** RFC 3397 domain search list in RFC 1035 encoding with compression. */
    DOMAIN_LIST,
    /** RFC 3046 sub-options (code, length, value). */
    SUBOPTIONS,
    /** Opaque bytes. */
    BYTES
}
