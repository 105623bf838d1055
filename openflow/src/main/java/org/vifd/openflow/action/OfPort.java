package org.vifd.openflow.action;

/** Reserved port numbers (ofp_port_no, OpenFlow 1.3.5 §7.2.1), as unsigned 32-bit values. */
public final class OfPort {
    public static final long MAX = 0xffffff00L;
    public static final long IN_PORT = 0xfffffff8L;
    public static final long TABLE = 0xfffffff9L;
    public static final long NORMAL = 0xfffffffaL;
    public static final long FLOOD = 0xfffffffbL;
    public static final long ALL = 0xfffffffcL;
    public static final long CONTROLLER = 0xfffffffdL;
    public static final long LOCAL = 0xfffffffeL;
    public static final long ANY = 0xffffffffL;

    private OfPort() {
    }

    /** The 16-bit form used by Nicira actions (OpenFlow 1.0 port numbers: 0xff00 + low byte for reserved ports). */
    public static int toOf10(long port) {
        return port >= MAX ? (int) (0xff00 | (port & 0xff)) : (int) port;
    }

    /** The 32-bit port for a 16-bit OpenFlow 1.0 port number. */
    public static long fromOf10(int port) {
        return port >= 0xff00 ? 0xffffff00L | (port & 0xff) : port;
    }

    public static String name(long port) {
        if (port == IN_PORT) {
            return "IN_PORT";
        } else if (port == TABLE) {
            return "TABLE";
        } else if (port == NORMAL) {
            return "NORMAL";
        } else if (port == FLOOD) {
            return "FLOOD";
        } else if (port == ALL) {
            return "ALL";
        } else if (port == CONTROLLER) {
            return "CONTROLLER";
        } else if (port == LOCAL) {
            return "LOCAL";
        } else if (port == ANY) {
            return "ANY";
        }
        return Long.toString(port);
    }
}
