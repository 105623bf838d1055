package org.vifd.dhcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** RFC 1035 §3.1 / §4.1.4 domain name encoding with message compression, as RFC 3397 uses it for option 119. */
final class DomainNames {

    private DomainNames() {
    }

    /**
     * Encodes names in order, pointing at any suffix already written (RFC 3397 §2: pointers are offsets from the
     * start of the option's concatenated value).
     */
    static byte[] encode(List<String> names) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Map<String, Integer> suffixes = new HashMap<>();
        for (String name : names) {
            String rest = trimDot(name);
            while (!rest.isEmpty()) {
                Integer at = suffixes.get(rest.toLowerCase(java.util.Locale.ROOT));
                if (at != null) {
                    out.write(0xc0 | at >>> 8);
                    out.write(at & 0xff);
                    break;
                }
                if (out.size() < 0x3fff) {
                    suffixes.put(rest.toLowerCase(java.util.Locale.ROOT), out.size());
                }
                int dot = rest.indexOf('.');
                String label = dot < 0 ? rest : rest.substring(0, dot);
                byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
                if (bytes.length == 0 || bytes.length > 63) {
                    throw new IllegalArgumentException("label of " + bytes.length + " bytes in domain '" + name + "'");
                }
                out.write(bytes.length);
                out.write(bytes, 0, bytes.length);
                rest = dot < 0 ? "" : rest.substring(dot + 1);
            }
            if (rest.isEmpty()) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** Decodes a list of names; null when the bytes are malformed (bad pointer, loop, truncation). */
    static List<String> decode(byte[] value) {
        List<String> names = new ArrayList<>();
        int pos = 0;
        while (pos < value.length) {
            StringBuilder name = new StringBuilder();
            int next = readName(value, pos, name);
            if (next < 0) {
                return null;
            }
            names.add(name.toString());
            pos = next;
        }
        return names;
    }

    /** Reads one name at {@code pos}; returns the offset after it in the uncompressed stream, or -1. */
    private static int readName(byte[] value, int pos, StringBuilder name) {
        int end = -1;
        int jumps = 0;
        int length = 0;
        while (true) {
            if (pos >= value.length) {
                return -1;
            }
            int len = value[pos] & 0xff;
            if (len == 0) {
                return end < 0 ? pos + 1 : end;
            }
            if ((len & 0xc0) == 0xc0) {
                if (pos + 1 >= value.length) {
                    return -1;
                }
                int target = (len & 0x3f) << 8 | (value[pos + 1] & 0xff);
                // A pointer must point backwards: this also rules out loops (bounded by the jump count anyway).
                if (target >= pos || ++jumps > 128) {
                    return -1;
                }
                if (end < 0) {
                    end = pos + 2;
                }
                pos = target;
                continue;
            }
            if ((len & 0xc0) != 0 || pos + 1 + len > value.length) {
                return -1;
            }
            length += len + 1;
            if (length > 255) {
                return -1;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(value, pos + 1, len, StandardCharsets.ISO_8859_1));
            pos += 1 + len;
        }
    }
}
