package org.vifd.agent.ovn;

import java.util.ArrayList;
import java.util.List;

/**
 * The text forms of DHCP_Options.options values (ovn-nb(5) "DHCP_Options TABLE"): a single value
 * ({@code 10.0.0.1}, {@code 86400}), a list in braces ({@code {8.8.8.8, 1.1.1.1}}), or a quoted string
 * ({@code "openstacklocal"}, with backslash escapes).
 */
final class OvnOptionValue {
    private OvnOptionValue() {
    }

    /** The items of a list value; a single value is a one-item list. Blank items are dropped. */
    static List<String> items(String value) {
        String v = value.strip();
        if (v.startsWith("{") && v.endsWith("}")) {
            v = v.substring(1, v.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String item : v.split(",")) {
            String s = item.strip();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** A string value without its quotes (and escapes resolved); an unquoted value as it is. */
    static String string(String value) {
        String v = value.strip();
        if (v.length() < 2 || !v.startsWith("\"") || !v.endsWith("\"")) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1) {
                c = v.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The value in the comma-separated form dnsmasq (and so {@code extra_dhcp_opts}) uses. */
    static String dnsmasqForm(String value) {
        String v = value.strip();
        if (v.startsWith("\"")) {
            return string(v);
        }
        return String.join(",", items(v));
    }
}
