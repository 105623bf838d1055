package org.vifd.ovsdb.client;

/** RFC 7047 §4.1.5 {@code <monitor-select>}: which kinds of change to report. */
public record MonitorSelect(boolean initial, boolean insert, boolean delete, boolean modify) {

    public static final MonitorSelect ALL = new MonitorSelect(true, true, true, true);
    /** Changes only, no initial contents. */
    public static final MonitorSelect CHANGES = new MonitorSelect(false, true, true, true);
}
