package org.vifd.dhcp;

import java.util.ArrayList;
import java.util.List;

/** One RFC 3442 classless static route: a destination prefix and the router to reach it through. */
public record ClasslessRoute(Ipv4Cidr destination, Ipv4Address router) {

    public ClasslessRoute {
        if (destination == null || router == null) {
            throw new NullPointerException("destination and router are required");
        }
        // RFC 3442 §2: only the significant octets are sent, so the host bits must be zero to survive a round trip.
        destination = new Ipv4Cidr(destination.network(), destination.prefixLength());
    }

    public static ClasslessRoute of(String destination, String router) {
        return new ClasslessRoute(Ipv4Cidr.parse(destination), Ipv4Address.parse(router));
    }

    /** RFC 3442 §2 encoding: width, significant octets of the destination, router. */
    static byte[] encode(List<ClasslessRoute> routes) {
        int size = 0;
        for (ClasslessRoute r : routes) {
            size += 1 + significantOctets(r.destination.prefixLength()) + 4;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (ClasslessRoute r : routes) {
            int width = r.destination.prefixLength();
            out[pos++] = (byte) width;
            int dest = r.destination.address().bits();
            for (int i = 0; i < significantOctets(width); i++) {
                out[pos++] = (byte) (dest >>> (24 - 8 * i));
            }
            int router = r.router.bits();
            for (int i = 0; i < 4; i++) {
                out[pos++] = (byte) (router >>> (24 - 8 * i));
            }
        }
        return out;
    }

    /** Decodes RFC 3442 routes; null when the bytes are not a valid route list. */
    static List<ClasslessRoute> decode(byte[] value) {
        List<ClasslessRoute> routes = new ArrayList<>();
        int pos = 0;
        while (pos < value.length) {
            int width = value[pos++] & 0xff;
            if (width > 32) {
                return null;
            }
            int octets = significantOctets(width);
            if (pos + octets + 4 > value.length) {
                return null;
            }
            int dest = 0;
            for (int i = 0; i < 4; i++) {
                dest = dest << 8 | (i < octets ? value[pos + i] & 0xff : 0);
            }
            pos += octets;
            int router = 0;
            for (int i = 0; i < 4; i++) {
                router = router << 8 | (value[pos++] & 0xff);
            }
            Ipv4Cidr cidr = new Ipv4Cidr(Ipv4Address.of(dest), width);
            if (cidr.network().bits() != dest) {
                return null; // host bits set beyond the width: not canonical
            }
            routes.add(new ClasslessRoute(cidr, Ipv4Address.of(router)));
        }
        return routes;
    }

    private static int significantOctets(int width) {
        return (width + 7) / 8;
    }

    @Override
    public String toString() {
        return destination + " via " + router;
    }
}
