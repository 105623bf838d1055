package org.vifd.openflow;

/**
 * An OpenFlow wire version (the {@code version} byte of ofp_header, OpenFlow 1.3.5 §7.1).
 * Open-ended: {@link #valueOf(int)} returns a named constant or an unknown value, never throws.
 */
public final class OfVersion implements Comparable<OfVersion> {
    public static final OfVersion OF_1_0 = new OfVersion(0x01, "OF1.0");
    public static final OfVersion OF_1_1 = new OfVersion(0x02, "OF1.1");
    public static final OfVersion OF_1_2 = new OfVersion(0x03, "OF1.2");
    public static final OfVersion OF_1_3 = new OfVersion(0x04, "OF1.3");
    public static final OfVersion OF_1_4 = new OfVersion(0x05, "OF1.4");
    public static final OfVersion OF_1_5 = new OfVersion(0x06, "OF1.5");

    private final int wire;
    private final String name;

    private OfVersion(int wire, String name) {
        this.wire = wire;
        this.name = name;
    }

    public static OfVersion valueOf(int wire) {
        switch (wire) {
            case 0x01: return OF_1_0;
            case 0x02: return OF_1_1;
            case 0x03: return OF_1_2;
            case 0x04: return OF_1_3;
            case 0x05: return OF_1_4;
            case 0x06: return OF_1_5;
            default: return new OfVersion(wire & 0xff, "UNKNOWN(0x" + Integer.toHexString(wire & 0xff) + ")");
        }
    }

    public int wire() {
        return wire;
    }

    /** True for versions this library speaks: 1.3, 1.4 and 1.5. */
    public boolean isSupported() {
        return wire >= 0x04 && wire <= 0x06;
    }

    public boolean atLeast(OfVersion other) {
        return wire >= other.wire;
    }

    @Override
    public int compareTo(OfVersion o) {
        return Integer.compare(wire, o.wire);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OfVersion && ((OfVersion) o).wire == wire;
    }

    @Override
    public int hashCode() {
        return wire;
    }

    @Override
    public String toString() {
        return name;
    }
}
