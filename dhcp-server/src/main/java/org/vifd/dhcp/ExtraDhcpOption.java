package org.vifd.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One of Neutron's per-port {@code extra_dhcp_opts}: an option by name ({@code bootfile-name}, {@code router}, …)
 * or number, and its value in dnsmasq's text form (addresses and lists comma-separated).
 * {@code server-ip-address} is not an option: it sets the header's {@code siaddr} (next server).
 */
public record ExtraDhcpOption(String name, String value) {

    public static final String SERVER_IP_ADDRESS = "server-ip-address";

    public ExtraDhcpOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public boolean isServerIpAddress() {
        return name.trim().toLowerCase(Locale.ROOT).equals(SERVER_IP_ADDRESS);
    }

    /** The option this names; throws {@link IllegalArgumentException} naming it when unknown. */
    public DhcpOption option() {
        return DhcpOption.lookup(name).orElseThrow(() -> new IllegalArgumentException("unknown DHCP option name '" + name + "'"));
    }

    /** The value encoded per the option's format; throws {@link IllegalArgumentException} naming option and value. */
    public byte[] encodedValue() {
        DhcpOption option = option();
        try {
            return encode(option, value.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value '" + value + "' for DHCP option " + option + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(DhcpOption option, String v) {
        List<String> items = v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"));
        return switch (option.format()) {
            case IPV4, IPV4_LIST, IPV4_PAIRS -> {
                List<Ipv4Address> list = new ArrayList<>();
                for (String item : items) {
                    list.add(Ipv4Address.parse(item));
                }
                if (list.isEmpty() || (option.format() == OptionFormat.IPV4 && list.size() != 1)
                        || (option.format() == OptionFormat.IPV4_PAIRS && list.size() % 2 != 0)) {
                    throw new IllegalArgumentException("wrong number of addresses");
                }
                yield new OptionValue.Addresses(list).encode();
            }
            case UINT8 -> new OptionValue.Unsigned(Long.parseLong(v), 1).encode();
            case UINT16 -> new OptionValue.Unsigned(Long.parseLong(v), 2).encode();
            case UINT32 -> new OptionValue.Unsigned(Long.parseLong(v), 4).encode();
            case INT32 -> new OptionValue.Signed(Integer.parseInt(v)).encode();
            case BOOLEAN -> new OptionValue.Bool(v.equals("1") || v.equalsIgnoreCase("true")).encode();
            case TEXT -> new OptionValue.Text(unquote(v)).encode();
            case EMPTY -> new byte[0];
            case CLASSLESS_ROUTES -> {
                // dnsmasq form: dest/len,router[,dest/len,router...]
                if (items.size() % 2 != 0) {
                    throw new IllegalArgumentException("routes need destination,router pairs");
                }
                List<ClasslessRoute> routes = new ArrayList<>();
                for (int i = 0; i < items.size(); i += 2) {
                    routes.add(ClasslessRoute.of(items.get(i), items.get(i + 1)));
                }
                yield ClasslessRoute.encode(routes);
            }
            case DOMAIN_LIST -> DomainNames.encode(items);
            default -> bytes(v);
        };
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** dnsmasq's rule for opaque options: colon-separated hex octets are bytes, anything else is text. */
    private static byte[] bytes(String v) {
        if (v.matches("\\p{XDigit}{1,2}(:\\p{XDigit}{1,2})*")) {
            String[] parts = v.split(":");
            byte[] out = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            }
            return out;
        }
        return unquote(v).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
