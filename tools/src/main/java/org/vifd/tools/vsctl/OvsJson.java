package org.vifd.tools.vsctl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON text as OVS writes it (lib/json.c): object members sorted by name, no spaces, and in pretty mode each
 * array element and object member on its own line, indented two spaces per level, the closing bracket on the
 * last element's line.
 */
public final class OvsJson {

    private OvsJson() {
    }

    public static String write(JsonNode n, boolean pretty) {
        StringBuilder sb = new StringBuilder();
        write(n, pretty, 0, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, boolean pretty, int depth, StringBuilder sb) {
        if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                indent(pretty, depth + 1, sb);
                write(n.get(i), pretty, depth + 1, sb);
            }
            sb.append(']');
        } else if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(n.properties());
            members.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < members.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                indent(pretty, depth + 1, sb);
                sb.append(DatumSyntax.quoteJson(members.get(i).getKey())).append(pretty ? ": " : ":");
                write(members.get(i).getValue(), pretty, depth + 1, sb);
            }
            sb.append('}');
        } else if (n.isTextual()) {
            sb.append(DatumSyntax.quoteJson(n.textValue()));
        } else if (n.isIntegralNumber()) {
            sb.append(n.asText());
        } else if (n.isNumber()) {
            sb.append(formatReal17(n.doubleValue()));
        } else {
            sb.append(n.asText());
        }
    }

    private static void indent(boolean pretty, int depth, StringBuilder sb) {
        if (pretty) {
            sb.append('\n').append("  ".repeat(depth));
        }
    }

    /** lib/json.c writes reals with %.17g. */
    private static String formatReal17(double d) {
        String s = new java.math.BigDecimal(d).round(new java.math.MathContext(17)).stripTrailingZeros().toString();
        return s.replace("E+", "e+").replace("E-", "e-");
    }
}
