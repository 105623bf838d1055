package org.vifd.tools.vsctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.vifd.ovsdb.schema.ColumnType;

import java.util.ArrayList;
import java.util.List;

/** A command's tabular output (lib/table.h): optional caption, headings, rows of cells; printed per {@link TableStyle}. */
public final class OutputTable {

    /** One cell: its text in each of the three cell formats. */
    public record Cell(String text, String bare, JsonNode json) {
        public static Cell of(Datum d, ColumnType type) {
            return new Cell(DatumSyntax.formatDatum(d, type), DatumSyntax.formatBare(d), DatumSyntax.toJson(d, type));
        }

        public static Cell text(String s) {
            return new Cell(s, s, JsonNodeFactory.instance.textNode(s));
        }
    }

    private final String caption;
    private final List<String> headings;
    private final List<List<Cell>> rows = new ArrayList<>();

    public OutputTable(String caption, List<String> headings) {
        this.caption = caption;
        this.headings = List.copyOf(headings);
    }

    public void addRow(List<Cell> row) {
        rows.add(List.copyOf(row));
    }

    public String caption() {
        return caption;
    }

    public List<String> headings() {
        return headings;
    }

    public List<List<Cell>> rows() {
        return rows;
    }
}
