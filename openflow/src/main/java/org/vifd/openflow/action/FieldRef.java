package org.vifd.openflow.action;

import java.util.Objects;
import org.vifd.openflow.match.OxmField;

/**
 * A run of bits in a field, as Nicira actions name it ({@code NXM_NX_REG0[0..15]}, ovs-actions(7) "Field
 * Specifications"): the field, the offset of the lowest bit and the number of bits.
 */
public record FieldRef(OxmField field, int offset, int nBits) {
    public FieldRef {
        Objects.requireNonNull(field, "field");
        if (offset < 0 || nBits < 1 || (field.width() >= 0 && offset + nBits > field.width() * 8)) {
            throw new IllegalArgumentException("bits " + offset + ".." + (offset + nBits - 1) + " outside " + field);
        }
    }

    /** The whole field. */
    public static FieldRef of(OxmField field) {
        return new FieldRef(field, 0, field.width() * 8);
    }

    /** Bits {@code start..end} inclusive. */
    public static FieldRef of(OxmField field, int start, int end) {
        return new FieldRef(field, start, end - start + 1);
    }

    public boolean isWholeField() {
        return offset == 0 && nBits == field.width() * 8;
    }

    /** The ofs_nbits encoding of nx_action_reg_load and friends: offset << 6 | (nBits - 1). */
    public int ofsNbits() {
        return offset << 6 | (nBits - 1);
    }

    static FieldRef fromOfsNbits(int header, int ofsNbits) {
        OxmField f = OxmField.fromHeader(header);
        return new FieldRef(f, ofsNbits >>> 6, (ofsNbits & 0x3f) + 1);
    }

    @Override
    public String toString() {
        return field + "[" + offset + ".." + (offset + nBits - 1) + "]";
    }
}
