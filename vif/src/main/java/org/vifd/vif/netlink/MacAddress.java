package org.vifd.vif.netlink;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A 48-bit Ethernet address, printed lower-case with colons as libvirt, OVSDB and the kernel print it. */
public record MacAddress(String text) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public MacAddress {
        Objects.requireNonNull(text, "text");
        text = text.toLowerCase(Locale.ROOT);
        if (!FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
    }

    public static MacAddress parse(String text) {
        return new MacAddress(text);
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        return new MacAddress(HexFormat.ofDelimiter(":").formatHex(bytes));
    }

    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    @Override
    public String toString() {
        return text;
    }
}
