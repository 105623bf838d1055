package org.vifd.ovsdb.replica;

/** The monitor methods a replica negotiates down through (ovsdb-server(7), RFC 7047 §4.1.5): a closed set. */
public enum MonitorMethod {
    MONITOR_COND_SINCE("monitor_cond_since"), MONITOR_COND("monitor_cond"), MONITOR("monitor");

    private final String wire;

    MonitorMethod(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
