package org.vifd.dhcp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of a message: each code once, in order of first appearance, with the values of repeated instances
 * already concatenated (RFC 3396 §5). Pad and end are framing, not options, and never appear here.
 *
 * <p>Held compactly (one byte array for all values) so decoding allocates little; typed values are made on request.
 */
public final class DhcpOptions {

    private static final DhcpOptions EMPTY = new DhcpOptions(new byte[0], new int[] {0}, new byte[0]);

    private final byte[] codes;
    /** {@code offsets[i]} is where option i's value starts in {@code data}; {@code offsets[size]} is the end. */
    private final int[] offsets;
    private final byte[] data;
    /** Which codes are present (bit {@code code & 63} of word {@code code >>> 6}): absent codes cost no scan. */
    private final long present0;
    private final long present1;
    private final long present2;
    private final long present3;

    DhcpOptions(byte[] codes, int[] offsets, byte[] data) {
        this.codes = codes;
        this.offsets = offsets;
        this.data = data;
        long p0 = 0;
        long p1 = 0;
        long p2 = 0;
        long p3 = 0;
        for (byte c : codes) {
            int code = c & 0xff;
            long bit = 1L << (code & 63);
            switch (code >>> 6) {
                case 0 -> p0 |= bit;
                case 1 -> p1 |= bit;
                case 2 -> p2 |= bit;
                default -> p3 |= bit;
            }
        }
        this.present0 = p0;
        this.present1 = p1;
        this.present2 = p2;
        this.present3 = p3;
    }

    public static DhcpOptions empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return codes.length;
    }

    public boolean isEmpty() {
        return codes.length == 0;
    }

    /** The options present, in message order. */
    public List<DhcpOption> options() {
        List<DhcpOption> list = new ArrayList<>(codes.length);
        for (byte code : codes) {
            list.add(DhcpOption.valueOf(code));
        }
        return list;
    }

    public boolean contains(DhcpOption option) {
        return indexOf(option.code()) >= 0;
    }

    /** A copy of the option's value bytes. */
    public Optional<byte[]> raw(DhcpOption option) {
        int i = indexOf(option.code());
        return i < 0 ? Optional.empty() : Optional.of(Arrays.copyOfRange(data, offsets[i], offsets[i + 1]));
    }

    /** The option's value, typed by the option's {@link OptionFormat} ({@link OptionValue.Raw} if it does not fit). */
    public Optional<OptionValue> get(DhcpOption option) {
        return raw(option).map(v -> OptionValue.decode(option, v));
    }

    /** The message type (option 53), or null when absent or malformed. */
    public DhcpMessageType messageType() {
        int i = indexOf(53);
        return i >= 0 && length(i) == 1 ? DhcpMessageType.valueOf(data[offsets[i]]) : null;
    }

    /** Typed view of all options, in order. */
    public Map<DhcpOption, OptionValue> asMap() {
        Map<DhcpOption, OptionValue> map = new LinkedHashMap<>();
        for (int i = 0; i < codes.length; i++) {
            DhcpOption option = DhcpOption.valueOf(codes[i]);
            map.put(option, OptionValue.decode(option, Arrays.copyOfRange(data, offsets[i], offsets[i + 1])));
        }
        return map;
    }

    // ---- allocation-free accessors for the responder's hot path ----

    int indexOf(int code) {
        code &= 0xff;
        long word = switch (code >>> 6) {
            case 0 -> present0;
            case 1 -> present1;
            case 2 -> present2;
            default -> present3;
        };
        if ((word & (1L << (code & 63))) == 0) {
            return -1;
        }
        byte c = (byte) code;
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    int codeAt(int index) {
        return codes[index] & 0xff;
    }

    int offset(int index) {
        return offsets[index];
    }

    int length(int index) {
        return offsets[index + 1] - offsets[index];
    }

    byte[] data() {
        return data;
    }

    /** The 4-byte value of {@code code} as an address, or {@code absent} when missing or not 4 bytes long. */
    int ipv4(int code, int absent) {
        int i = indexOf(code);
        if (i < 0 || length(i) != 4) {
            return absent;
        }
        int o = offsets[i];
        return (data[o] & 0xff) << 24 | (data[o + 1] & 0xff) << 16 | (data[o + 2] & 0xff) << 8 | (data[o + 3] & 0xff);
    }

    /** The 2-byte unsigned value of {@code code}, or {@code absent}. */
    int uint16(int code, int absent) {
        int i = indexOf(code);
        if (i < 0 || length(i) != 2) {
            return absent;
        }
        return (data[offsets[i]] & 0xff) << 8 | (data[offsets[i] + 1] & 0xff);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOptions other) || !Arrays.equals(codes, other.codes)) {
            return false;
        }
        for (int i = 0; i < codes.length; i++) {
            if (!Arrays.equals(data, offsets[i], offsets[i + 1], other.data, other.offsets[i], other.offsets[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(codes);
        for (int i = 0; i < codes.length; i++) {
            for (int j = offsets[i]; j < offsets[i + 1]; j++) {
                h = h * 31 + data[j];
            }
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DhcpOptions[");
        for (int i = 0; i < codes.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(codes[i] & 0xff).append('=').append(HexFormat.of().formatHex(data, offsets[i], offsets[i + 1]));
        }
        return sb.append(']').toString();
    }

    /** Builds an option set; putting a code again replaces its value in place. */
    public static final class Builder {
        private final LinkedHashMap<Integer, byte[]> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(DhcpOption option, OptionValue value) {
            return put(option, value.encode());
        }

        /** Puts raw value bytes; longer than 255 bytes is fine (split on the wire per RFC 3396). */
        public Builder put(DhcpOption option, byte[] value) {
            if (option.code() == 0 || option.code() == 255) {
                throw new IllegalArgumentException("pad and end are framing, not options");
            }
            values.put(option.code(), value.clone());
            return this;
        }

        public Builder putAll(DhcpOptions options) {
            for (int i = 0; i < options.size(); i++) {
                values.put(options.codeAt(i), Arrays.copyOfRange(options.data, options.offsets[i], options.offsets[i + 1]));
            }
            return this;
        }

        public Builder remove(DhcpOption option) {
            values.remove(option.code());
            return this;
        }

        public DhcpOptions build() {
            byte[] codes = new byte[values.size()];
            int[] offsets = new int[values.size() + 1];
            int total = 0;
            for (byte[] v : values.values()) {
                total += v.length;
            }
            byte[] data = new byte[total];
            int i = 0;
            int pos = 0;
            for (Map.Entry<Integer, byte[]> e : values.entrySet()) {
                codes[i] = (byte) (int) e.getKey();
                offsets[i] = pos;
                System.arraycopy(e.getValue(), 0, data, pos, e.getValue().length);
                pos += e.getValue().length;
                i++;
            }
            offsets[i] = pos;
            return new DhcpOptions(codes, offsets, data);
        }
    }
}
