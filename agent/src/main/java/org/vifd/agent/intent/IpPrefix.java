package org.vifd.agent.intent;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** An address with a prefix length ({@code 10.0.0.0/24}, {@code 10.0.0.5/32}, {@code fd00::/64}). */
public record IpPrefix(InetAddress address, int length) {
    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " outside 0.." + max);
        }
    }

    /** {@code ADDR/LEN}, or a bare address as a host prefix (/32, /128). */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        InetAddress a = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
        int max = a.getAddress().length * 8;
        if (slash < 0) {
            return new IpPrefix(a, max);
        }
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(len) > max) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new IpPrefix(a, Integer.parseInt(len));
    }

    public static IpPrefix host(InetAddress a) {
        return new IpPrefix(a, a.getAddress().length * 8);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    public int version() {
        return isIpv4() ? 4 : 6;
    }

    /** True when the address has no bits set beyond the prefix. */
    public boolean isNetworkAddress() {
        return network().equals(address);
    }

    /** The address with the host bits cleared. */
    public InetAddress network() {
        byte[] b = address.getAddress();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean contains(InetAddress a) {
        if (a.getAddress().length != address.getAddress().length) {
            return false;
        }
        return new IpPrefix(a, length).network().equals(network());
    }

    /** The IPv4 address as an int (network order), for flow matches; only for IPv4 prefixes. */
    public int ipv4Value() {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalStateException(this + " is not IPv4");
        }
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
