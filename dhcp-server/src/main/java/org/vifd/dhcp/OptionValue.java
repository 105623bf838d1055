package org.vifd.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * An option's value as a typed Java value. {@link #decode(DhcpOption, byte[])} never throws: bytes that do not fit
 * the option's {@link OptionFormat} come back as {@link Raw}, so unknown and malformed options survive unchanged.
 */
public sealed interface OptionValue {

    /** The option's value bytes (without code and length). */
    byte[] encode();

    static OptionValue decode(DhcpOption option, byte[] v) {
        OptionValue value = switch (option.format()) {
            case IPV4 -> v.length == 4 ? Addresses.decode(v) : null;
            case IPV4_LIST -> v.length >= 4 && v.length % 4 == 0 ? Addresses.decode(v) : null;
            case IPV4_PAIRS -> v.length >= 8 && v.length % 8 == 0 ? Addresses.decode(v) : null;
            case UINT8 -> v.length == 1 ? new Unsigned(v[0] & 0xff, 1) : null;
            case UINT16 -> v.length == 2 ? new Unsigned((v[0] & 0xff) << 8 | (v[1] & 0xff), 2) : null;
            case UINT32 -> v.length == 4 ? new Unsigned(Integer.toUnsignedLong(int32(v)), 4) : null;
            case INT32 -> v.length == 4 ? new Signed(int32(v)) : null;
            case BOOLEAN -> v.length == 1 && (v[0] == 0 || v[0] == 1) ? new Bool(v[0] == 1) : null;
            case TEXT -> new Text(new String(v, StandardCharsets.ISO_8859_1));
            case EMPTY -> v.length == 0 ? new Flag() : null;
            case MESSAGE_TYPE -> v.length == 1 ? new MessageType(DhcpMessageType.valueOf(v[0])) : null;
            case OPTION_CODES -> OptionCodes.decode(v);
            case CLIENT_ID -> v.length >= 2 ? new ClientIdentifier(v[0] & 0xff, Arrays.copyOfRange(v, 1, v.length)) : null;
            case CLASSLESS_ROUTES -> {
                List<ClasslessRoute> routes = ClasslessRoute.decode(v);
                yield routes == null ? null : new ClasslessRoutes(routes);
            }
            case DOMAIN_LIST -> {
                List<String> names = DomainNames.decode(v);
                yield names == null ? null : new DomainList(names);
            }
            case SUBOPTIONS -> SubOptions.decode(v);
            case BYTES -> null;
        };
        return value != null ? value : new Raw(v.clone());
    }

    private static int int32(byte[] v) {
        return (v[0] & 0xff) << 24 | (v[1] & 0xff) << 16 | (v[2] & 0xff) << 8 | (v[3] & 0xff);
    }

    /** One or more IPv4 addresses (also pairs: policy filter, static routes). */
    record Addresses(List<Ipv4Address> addresses) implements OptionValue {
        public Addresses {
            addresses = List.copyOf(addresses);
        }

        public static Addresses of(Ipv4Address... addresses) {
            return new Addresses(List.of(addresses));
        }

        static Addresses decode(byte[] v) {
            List<Ipv4Address> list = new ArrayList<>(v.length / 4);
            for (int i = 0; i + 4 <= v.length; i += 4) {
                list.add(Ipv4Address.of((v[i] & 0xff) << 24 | (v[i + 1] & 0xff) << 16 | (v[i + 2] & 0xff) << 8 | (v[i + 3] & 0xff)));
            }
            return new Addresses(list);
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).toBytes(), 0, out, i * 4, 4);
            }
            return out;
        }
    }

    /** An unsigned integer of {@code width} bytes (1, 2 or 4). */
    record Unsigned(long value, int width) implements OptionValue {
        public Unsigned {
            if (width != 1 && width != 2 && width != 4) {
                throw new IllegalArgumentException("width must be 1, 2 or 4: " + width);
            }
            if (value < 0 || value >= 1L << (8 * width)) {
                throw new IllegalArgumentException(value + " does not fit " + width + " unsigned bytes");
            }
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[width];
            for (int i = 0; i < width; i++) {
                out[i] = (byte) (value >>> (8 * (width - 1 - i)));
            }
            return out;
        }
    }

    /** A signed 32-bit integer (time offset). */
    record Signed(int value) implements OptionValue {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        }
    }

    record Bool(boolean value) implements OptionValue {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) (value ? 1 : 0)};
        }
    }

    /** Text, byte for byte (ISO-8859-1), so no byte sequence is lost. */
    record Text(String text) implements OptionValue {
        public Text {
            if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
                throw new IllegalArgumentException("text option must be ISO-8859-1: " + text);
            }
        }

        @Override
        public byte[] encode() {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** A zero-length option whose presence is the value (RFC 4039 rapid commit). */
    record Flag() implements OptionValue {
        @Override
        public byte[] encode() {
            return new byte[0];
        }
    }

    record MessageType(DhcpMessageType type) implements OptionValue {
        @Override
        public byte[] encode() {
            return new byte[] {(byte) type.code()};
        }
    }

    /** RFC 2132 §9.8 parameter request list, in the client's order of preference. */
    record OptionCodes(List<DhcpOption> options) implements OptionValue {
        public OptionCodes {
            options = List.copyOf(options);
        }

        static OptionCodes decode(byte[] v) {
            List<DhcpOption> list = new ArrayList<>(v.length);
            for (byte b : v) {
                list.add(DhcpOption.valueOf(b));
            }
            return new OptionCodes(list);
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[options.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) options.get(i).code();
            }
            return out;
        }
    }

    /**
     * RFC 2132 §9.14 client identifier: a type (1 = Ethernet hardware address) and the identifier. RFC 4361 §6.1:
     * type 255 means a 4-byte IAID followed by a DUID.
     */
    record ClientIdentifier(int type, byte[] identifier) implements OptionValue {
        public ClientIdentifier {
            if (type < 0 || type > 255) {
                throw new IllegalArgumentException("client identifier type out of 0..255: " + type);
            }
            identifier = identifier.clone();
        }

        public static ClientIdentifier rfc4361(int iaid, byte[] duid) {
            byte[] id = new byte[4 + duid.length];
            id[0] = (byte) (iaid >>> 24);
            id[1] = (byte) (iaid >>> 16);
            id[2] = (byte) (iaid >>> 8);
            id[3] = (byte) iaid;
            System.arraycopy(duid, 0, id, 4, duid.length);
            return new ClientIdentifier(255, id);
        }

        public boolean isRfc4361() {
            return type == 255 && identifier.length >= 4;
        }

        /** The RFC 4361 IAID; only meaningful when {@link #isRfc4361()}. */
        public int iaid() {
            return (identifier[0] & 0xff) << 24 | (identifier[1] & 0xff) << 16 | (identifier[2] & 0xff) << 8 | (identifier[3] & 0xff);
        }

        /** The RFC 4361 DUID (RFC 8415 §11); only meaningful when {@link #isRfc4361()}. */
        public byte[] duid() {
            return Arrays.copyOfRange(identifier, 4, identifier.length);
        }

        @Override
        public byte[] identifier() {
            return identifier.clone();
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[1 + identifier.length];
            out[0] = (byte) type;
            System.arraycopy(identifier, 0, out, 1, identifier.length);
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClientIdentifier c && c.type == type && Arrays.equals(c.identifier, identifier);
        }

        @Override
        public int hashCode() {
            return type * 31 + Arrays.hashCode(identifier);
        }

        @Override
        public String toString() {
            return "ClientIdentifier[type=" + type + ", id=" + HexFormat.of().formatHex(identifier) + "]";
        }
    }

    /** RFC 3442 routes (options 121 and 249). */
    record ClasslessRoutes(List<ClasslessRoute> routes) implements OptionValue {
        public ClasslessRoutes {
            routes = List.copyOf(routes);
        }

        @Override
        public byte[] encode() {
            return ClasslessRoute.encode(routes);
        }
    }

    /** RFC 3397 domain search list; encoded with RFC 1035 compression. */
    record DomainList(List<String> names) implements OptionValue {
        public DomainList {
            names = List.copyOf(names);
        }

        @Override
        public byte[] encode() {
            return DomainNames.encode(names);
        }
    }

    /** RFC 3046 relay agent information: sub-options in the order received. */
    record SubOptions(List<SubOption> subOptions) implements OptionValue {
        public SubOptions {
            subOptions = List.copyOf(subOptions);
        }

        static SubOptions decode(byte[] v) {
            List<SubOption> list = new ArrayList<>();
            int pos = 0;
            while (pos < v.length) {
                if (pos + 2 > v.length || pos + 2 + (v[pos + 1] & 0xff) > v.length) {
                    return null;
                }
                int len = v[pos + 1] & 0xff;
                list.add(new SubOption(v[pos] & 0xff, Arrays.copyOfRange(v, pos + 2, pos + 2 + len)));
                pos += 2 + len;
            }
            return new SubOptions(list);
        }

        @Override
        public byte[] encode() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (SubOption s : subOptions) {
                out.write(s.code());
                out.write(s.data().length);
                out.write(s.data(), 0, s.data().length);
            }
            return out.toByteArray();
        }
    }

    /** One RFC 3046 sub-option (1 = circuit id, 2 = remote id, …). */
    record SubOption(int code, byte[] data) {
        public SubOption {
            if (code < 0 || code > 255 || data.length > 255) {
                throw new IllegalArgumentException("sub-option code or length out of range");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SubOption s && s.code == code && Arrays.equals(s.data, data);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "SubOption[" + code + "=" + HexFormat.of().formatHex(data) + "]";
        }
    }

    /** Bytes kept as they came: unknown options and values that do not fit their option's format. */
    record Raw(byte[] bytes) implements OptionValue {
        public Raw {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public byte[] encode() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && Arrays.equals(r.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Raw[" + HexFormat.of().formatHex(bytes) + "]";
        }
    }
}
