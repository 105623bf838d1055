package org.vifd.openflow.match;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One OXM TLV: a field, its value and optional mask (OpenFlow 1.3.5 §7.2.3.2). Value semantics: equal
 * fields, values and masks are equal. Normalised on construction: value bits outside the mask are cleared and an
 * all-ones mask is dropped, matching how OVS reports a flow back.
 */
public final class OxmEntry {
    private final OxmField field;
    private final byte[] value;
    private final byte[] mask;

    public OxmEntry(OxmField field, byte[] value, byte[] mask) {
        this.field = Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        if (field.width() >= 0 && value.length != field.width()) {
            throw new IllegalArgumentException(field + " needs " + field.width() + " bytes, got " + value.length);
        }
        if (mask != null && mask.length != value.length) {
            throw new IllegalArgumentException(field + " mask length " + mask.length + " != " + value.length);
        }
        byte[] v = value.clone();
        byte[] m = mask == null ? null : mask.clone();
        if (m != null) {
            boolean allOnes = true;
            for (int i = 0; i < v.length; i++) {
                v[i] &= m[i];
                allOnes &= m[i] == (byte) 0xff;
            }
            if (allOnes) {
                m = null;
            }
        }
        this.value = v;
        this.mask = m;
    }

    public static OxmEntry of(OxmField field, long value) {
        return new OxmEntry(field, toBytes(value, field.width()), null);
    }

    public static OxmEntry of(OxmField field, long value, long mask) {
        return new OxmEntry(field, toBytes(value, field.width()), toBytes(mask, field.width()));
    }

    static byte[] toBytes(long v, int width) {
        if (width < 0 || width > 8) {
            throw new IllegalArgumentException("field width " + width + " does not fit a long");
        }
        byte[] b = new byte[width];
        for (int i = width - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    public OxmField field() {
        return field;
    }

    public byte[] value() {
        return value.clone();
    }

    /** The mask, or null for an exact match. */
    public byte[] mask() {
        return mask == null ? null : mask.clone();
    }

    public boolean hasMask() {
        return mask != null;
    }

    /** The value as an unsigned number (fields up to 8 bytes wide). */
    public long longValue() {
        long v = 0;
        for (int i = 0; i < Math.min(8, value.length); i++) {
            v = v << 8 | (value[i] & 0xff);
        }
        return v;
    }

    /** The mask as a number, all ones if exact. */
    public long longMask() {
        if (mask == null) {
            return value.length >= 8 ? -1L : (1L << (8 * value.length)) - 1;
        }
        long v = 0;
        for (int i = 0; i < Math.min(8, mask.length); i++) {
            v = v << 8 | (mask[i] & 0xff);
        }
        return v;
    }

    /** Bytes this entry takes on the wire, header included. */
    public int wireLength() {
        return 4 + (field.isExperimenter() ? 4 : 0) + value.length * (mask == null ? 1 : 2);
    }

    int valueLength() {
        return value.length;
    }

    byte valueByte(int i) {
        return value[i];
    }

    byte maskByte(int i) {
        return mask[i];
    }

    /** The value without copying, for encoders in this package: never modify or hand out. */
    byte[] valueArray() {
        return value;
    }

    /** The mask (non-null only if {@link #hasMask}) without copying, for encoders in this package. */
    byte[] maskArray() {
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OxmEntry)) {
            return false;
        }
        OxmEntry e = (OxmEntry) o;
        return field.equals(e.field) && Arrays.equals(value, e.value) && Arrays.equals(mask, e.mask);
    }

    @Override
    public int hashCode() {
        return (field.hashCode() * 31 + Arrays.hashCode(value)) * 31 + Arrays.hashCode(mask);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return field + "=0x" + hex.formatHex(value) + (mask == null ? "" : "/0x" + hex.formatHex(mask));
    }
}
