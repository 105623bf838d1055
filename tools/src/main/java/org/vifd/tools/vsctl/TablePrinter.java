package org.vifd.tools.vsctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.vifd.tools.vsctl.OutputTable.Cell;

import java.util.List;

/**
 * Prints {@link OutputTable}s as lib/table.c does. Like OVS, tables after the first one printed by the same
 * printer are separated by a blank line (table and list formats).
 */
public final class TablePrinter {

    private final TableStyle style;
    private int printed;

    public TablePrinter(TableStyle style) {
        this.style = style;
    }

    public String print(OutputTable t) {
        StringBuilder out = new StringBuilder();
        switch (style.format()) {
            case TABLE -> printTable(t, out);
            case LIST -> printList(t, out);
            case CSV -> printCsv(t, out);
            case JSON -> printJson(t, out);
        }
        return out.toString();
    }

    private String cellText(Cell c) {
        return switch (style.cells()) {
            case STRING -> c.text();
            case BARE -> c.bare();
            case JSON -> OvsJson.write(c.json(), false);
        };
    }

    private void printTable(OutputTable t, StringBuilder out) {
        if (printed++ > 0) {
            out.append('\n');
        }
        if (t.caption() != null) {
            out.append(t.caption()).append('\n');
        }
        int n = t.headings().size();
        int[] widths = new int[n];
        for (int x = 0; x < n; x++) {
            widths[x] = style.headings() ? t.headings().get(x).length() : 0;
        }
        for (List<Cell> row : t.rows()) {
            for (int x = 0; x < n; x++) {
                widths[x] = Math.max(widths[x], width(cellText(row.get(x))));
            }
        }
        if (style.headings()) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < n; x++) {
                pad(line, x, t.headings().get(x), widths[x]);
            }
            finishLine(line, out);
            for (int x = 0; x < n; x++) {
                if (x > 0) {
                    line.append(' ');
                }
                line.append("-".repeat(widths[x]));
            }
            finishLine(line, out);
        }
        for (List<Cell> row : t.rows()) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < n; x++) {
                pad(line, x, cellText(row.get(x)), widths[x]);
            }
            finishLine(line, out);
        }
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }

    private static void pad(StringBuilder line, int x, String text, int width) {
        if (x > 0) {
            line.append(' ');
        }
        line.append(text).append(" ".repeat(Math.max(0, width - width(text))));
    }

    /** lib/table.c table_finish_line: trailing spaces dropped. */
    private static void finishLine(StringBuilder line, StringBuilder out) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        out.append(line, 0, end).append('\n');
        line.setLength(0);
    }

    private void printList(OutputTable t, StringBuilder out) {
        if (t.caption() != null) {
            if (printed > 0) {
                out.append('\n');
            }
            out.append(t.caption()).append('\n');
        }
        printed++;
        for (int y = 0; y < t.rows().size(); y++) {
            if (y > 0) {
                out.append('\n');
            }
            List<Cell> row = t.rows().get(y);
            for (int x = 0; x < t.headings().size(); x++) {
                if (style.headings()) {
                    out.append(String.format("%-20s: ", t.headings().get(x)));
                }
                out.append(cellText(row.get(x))).append('\n');
            }
        }
    }

    private void printCsv(OutputTable t, StringBuilder out) {
        if (style.headings()) {
            csvLine(t.headings(), out);
        }
        for (List<Cell> row : t.rows()) {
            csvLine(row.stream().map(this::cellText).toList(), out);
        }
    }

    private static void csvLine(List<String> cells, StringBuilder out) {
        for (int x = 0; x < cells.size(); x++) {
            if (x > 0) {
                out.append(',');
            }
            String s = cells.get(x);
            if (s.indexOf('"') < 0 && s.indexOf(',') < 0 && s.indexOf('\n') < 0) {
                out.append(s);
            } else {
                out.append('"').append(s.replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }

    private void printJson(OutputTable t, StringBuilder out) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        if (t.caption() != null) {
            o.put("caption", t.caption());
        }
        ArrayNode headings = o.putArray("headings");
        t.headings().forEach(headings::add);
        ArrayNode data = o.putArray("data");
        for (List<Cell> row : t.rows()) {
            ArrayNode r = data.addArray();
            row.forEach(c -> r.add(c.json()));
        }
        out.append(OvsJson.write(o, style.pretty())).append('\n');
    }
}
