package org.vifd.agent.intent;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Strict IP address literals: never a name lookup, never a zone id. */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Parses a dotted-quad IPv4 or an RFC 4291 §2.2 IPv6 literal.
     *
     * @throws IllegalArgumentException when {@code text} is not one
     */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            if (!text.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            try {
                // A string with ':' and only hex digits, colons and dots is parsed as a literal: no lookup.
                InetAddress a = InetAddress.getByName(text);
                if (a instanceof Inet6Address || a instanceof Inet4Address) {
                    return a;
                }
            } catch (UnknownHostException e) {
                // fall through
            }
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IP address: " + text);
            }
            b[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 4 or 6. */
    public static int version(InetAddress a) {
        return a instanceof Inet4Address ? 4 : 6;
    }

    /** The text form without a host name part. */
    public static String format(InetAddress a) {
        return a.getHostAddress();
    }
}
