package org.vifd.openflow.text;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.vifd.openflow.action.OfPort;

/** Reading and writing field values the way ovs-ofctl does (numbers, MAC, IPv4/IPv6, ports). */
final class Values {
    private static final Map<String, Long> PORT_NAMES = Map.of("IN_PORT", OfPort.IN_PORT, "TABLE", OfPort.TABLE,
            "NORMAL", OfPort.NORMAL, "FLOOD", OfPort.FLOOD, "ALL", OfPort.ALL, "CONTROLLER", OfPort.CONTROLLER,
            "LOCAL", OfPort.LOCAL, "ANY", OfPort.ANY, "NONE", OfPort.ANY);

    private Values() {
    }

    /** An unsigned number in decimal or 0x hex, as big-endian bytes of {@code width}. */
    static byte[] number(String s, int width) {
        BigInteger v;
        try {
            v = s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
        } catch (NumberFormatException e) {
            throw new FlowTextException("`" + s + "' is not a number");
        }
        if (v.signum() < 0 || v.bitLength() > width * 8) {
            throw new FlowTextException("value " + s + " does not fit " + width + " bytes");
        }
        return toBytes(v, width);
    }

    static long parseLong(String s) {
        byte[] b = number(s, 8);
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    static int parseInt(String s) {
        long v = parseLong(s);
        if (v > Integer.MAX_VALUE) {
            throw new FlowTextException("value " + s + " too large");
        }
        return (int) v;
    }

    static byte[] toBytes(BigInteger v, int width) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[width];
        int n = Math.min(raw.length, width);
        System.arraycopy(raw, raw.length - n, out, width - n, n);
        return out;
    }

    static byte[] toBytes(long v, int width) {
        return toBytes(new BigInteger(Long.toUnsignedString(v)), width);
    }

    static BigInteger big(byte[] b) {
        return new BigInteger(1, b);
    }

    static long toLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    static boolean allOnes(byte[] m) {
        for (byte b : m) {
            if (b != (byte) 0xff) {
                return false;
            }
        }
        return true;
    }

    static boolean allZero(byte[] m) {
        for (byte b : m) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    static byte[] mac(String s) {
        String[] p = s.split(":");
        if (p.length != 6) {
            throw new FlowTextException("`" + s + "' is not a MAC address");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            try {
                b[i] = (byte) Integer.parseInt(p[i], 16);
            } catch (NumberFormatException e) {
                throw new FlowTextException("`" + s + "' is not a MAC address");
            }
        }
        return b;
    }

    static String mac(byte[] b) {
        return HexFormat.ofDelimiter(":").formatHex(b);
    }

    static byte[] ip(String s, int width) {
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        boolean looksV4 = s.matches("[0-9.]+") && s.chars().filter(c -> c == '.').count() == 3;
        if (width == 4 ? !looksV4 : !s.contains(":")) {
            throw new FlowTextException("`" + s + "' is not an IPv" + (width == 4 ? 4 : 6) + " address");
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new FlowTextException("`" + s + "' is not an IP address");
        }
    }

    static String ip(byte[] b) {
        try {
            InetAddress a = InetAddress.getByAddress(b);
            return b.length == 4 ? a.getHostAddress() : ipv6(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 5952 text (the longest run of zero groups becomes ::), as inet_ntop writes it. */
    static String ipv6(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return "::ffff:" + (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Prefix length of a CIDR mask, or -1 if the mask is not a prefix. */
    static int prefixLength(byte[] m) {
        BigInteger v = big(m);
        int bits = m.length * 8;
        int ones = 0;
        while (ones < bits && v.testBit(bits - 1 - ones)) {
            ones++;
        }
        BigInteger expect = ones == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(ones).subtract(BigInteger.ONE).shiftLeft(bits - ones);
        return v.equals(expect) ? ones : -1;
    }

    static byte[] prefixMask(int len, int width) {
        int bits = width * 8;
        if (len < 0 || len > bits) {
            throw new FlowTextException("prefix length " + len + " out of range");
        }
        BigInteger v = len == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(len).subtract(BigInteger.ONE).shiftLeft(bits - len);
        return toBytes(v, width);
    }

    static long port(String s, Map<String, Long> names) {
        Long p = PORT_NAMES.get(s.toUpperCase(java.util.Locale.ROOT));
        if (p != null) {
            return p;
        }
        if (names != null && names.containsKey(s)) {
            return names.get(s);
        }
        if (s.startsWith("\"") && s.endsWith("\"") && names != null && names.containsKey(s.substring(1,
                s.length() - 1))) {
            return names.get(s.substring(1, s.length() - 1));
        }
        return parseLong(s);
    }

    /** OVS's ofputil_format_port: reserved ports by name, others by number or by the given name. */
    static String port(long p, Map<Long, String> names) {
        if (p >= OfPort.MAX) {
            return OfPort.name(p);
        }
        if (names != null && names.containsKey(p)) {
            return names.get(p);
        }
        return Long.toString(p);
    }

    /** C's %#x: 0 is "0", anything else "0x..." in lower case. */
    static String hashHex(BigInteger v) {
        return v.signum() == 0 ? "0" : "0x" + v.toString(16);
    }

    static String hex(BigInteger v) {
        return "0x" + v.toString(16);
    }

    static byte[] bytesOf(byte[] src, int from, int len) {
        return Arrays.copyOfRange(src, from, from + len);
    }
}
