package org.vifd.dhcp;

/**
 * The DHCP message type (option 53, RFC 2132 §9.6 and later RFCs). Open-ended: {@link #valueOf(int)} returns a
 * named constant or an unknown value, never an exception.
 */
public final class DhcpMessageType {

    private static final DhcpMessageType[] BY_CODE = new DhcpMessageType[256];

    public static final DhcpMessageType DISCOVER = define(1, "DHCPDISCOVER");
    public static final DhcpMessageType OFFER = define(2, "DHCPOFFER");
    public static final DhcpMessageType REQUEST = define(3, "DHCPREQUEST");
    public static final DhcpMessageType DECLINE = define(4, "DHCPDECLINE");
    public static final DhcpMessageType ACK = define(5, "DHCPACK");
    public static final DhcpMessageType NAK = define(6, "DHCPNAK");
    public static final DhcpMessageType RELEASE = define(7, "DHCPRELEASE");
    public static final DhcpMessageType INFORM = define(8, "DHCPINFORM");
    public static final DhcpMessageType FORCERENEW = define(9, "DHCPFORCERENEW");
    public static final DhcpMessageType LEASEQUERY = define(10, "DHCPLEASEQUERY");

    static {
        for (int i = 0; i < 256; i++) {
            if (BY_CODE[i] == null) {
                BY_CODE[i] = new DhcpMessageType(i, "UNKNOWN(" + i + ")");
            }
        }
    }

    private final int code;
    private final String name;

    private DhcpMessageType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static DhcpMessageType define(int code, String name) {
        DhcpMessageType type = new DhcpMessageType(code, name);
        BY_CODE[code] = type;
        return type;
    }

    public static DhcpMessageType valueOf(int code) {
        return BY_CODE[code & 0xff];
    }

    public int code() {
        return code;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpMessageType other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
