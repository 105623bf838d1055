package org.vifd.dhcp;

/** An IPv4 prefix such as {@code 20.20.20.0/24}; the host bits of {@code address} are kept as given. */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {

    public Ipv4Cidr {
        if (address == null) {
            throw new NullPointerException("address");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of 0..32: " + prefixLength);
        }
    }

    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an IPv4 CIDR: '" + text + "'");
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IPv4 CIDR: '" + text + "'");
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), length);
    }

    public int maskBits() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public Ipv4Address mask() {
        return Ipv4Address.of(maskBits());
    }

    public Ipv4Address network() {
        return Ipv4Address.of(address.bits() & maskBits());
    }

    public Ipv4Address broadcast() {
        return Ipv4Address.of(address.bits() | ~maskBits());
    }

    public boolean contains(Ipv4Address ip) {
        return ((ip.bits() ^ address.bits()) & maskBits()) == 0;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
