package org.vifd.openflow.stats;

import java.util.Arrays;
import java.util.HexFormat;

/** A TLV property kept as bytes (OpenFlow 1.3.5 §7.3.5.5.2 table feature properties, 1.4.1 §7.2.2 properties). */
public record Property(int type, byte[] value) {
    public Property {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Property p && p.type == type && Arrays.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Property[type=" + type + ", " + HexFormat.of().formatHex(value) + "]";
    }
}
