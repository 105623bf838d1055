package org.vifd.openflow.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of field names shortened as `ovs-ofctl ofp-print` (OVS 3.1) shortens them in table features: three or more
 * names that count up ("reg0 reg1 reg2") become "reg0...reg2"; names that share a prefix up to an underscore with
 * the next one become "prefix_{rest,rest}", taking in every following name with the same first word, nested.
 * The grouping reproduces OVS's output exactly, including its quirk of cutting later names of the group at the
 * length of the first two names' prefix ("ct_nw_{src,dst,6_src}" for ct_nw_src ct_nw_dst ct_ipv6_src).
 */
final class FieldListText {
    private static final Pattern NUMBERED = Pattern.compile("(.*\\D)(\\d+)");

    private FieldListText() {
    }

    static String compress(List<String> names, char separator) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < names.size()) {
            int run = countingRun(names, i);
            if (run >= 3) {
                out.add(names.get(i) + "..." + names.get(i + run - 1));
                i += run;
                continue;
            }
            String name = names.get(i);
            int cut = i + 1 < names.size() ? commonPrefix(name, names.get(i + 1)).lastIndexOf('_') + 1 : 0;
            if (cut > 0) {
                String firstWord = name.substring(0, name.indexOf('_') + 1);
                List<String> rest = new ArrayList<>();
                int j = i;
                while (j < names.size() && names.get(j).startsWith(firstWord)) {
                    String n = names.get(j);
                    rest.add(n.length() > cut ? n.substring(cut) : "");
                    j++;
                }
                out.add(name.substring(0, cut) + "{" + compress(rest, ',') + "}");
                i = j;
                continue;
            }
            out.add(name);
            i++;
        }
        return String.join(String.valueOf(separator), out);
    }

    private static int countingRun(List<String> names, int from) {
        Matcher m = NUMBERED.matcher(names.get(from));
        if (!m.matches() || m.group(2).length() > 9) {
            return 1;
        }
        String prefix = m.group(1);
        long n = Long.parseLong(m.group(2));
        int run = 1;
        while (from + run < names.size() && names.get(from + run).equals(prefix + (n + run))) {
            run++;
        }
        return run;
    }

    private static String commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return a.substring(0, n);
    }
}
