package org.vifd.tools.vsctl;

/**
 * ovs-vsctl(8) "Table Formatting Options": {@code --format}, {@code --data}, {@code --no-headings}, {@code --pretty},
 * {@code --bare} (= list format, bare cells, no headings).
 */
public record TableStyle(Format format, CellFormat cells, boolean headings, boolean pretty) {

    /** --format: a closed set. */
    public enum Format { TABLE, LIST, CSV, JSON }

    /** --data: a closed set. */
    public enum CellFormat { STRING, BARE, JSON }

    public static TableStyle of(String format, String data, boolean noHeadings, boolean pretty, boolean bare, Format dflt) {
        Format f = dflt;
        if (format != null) {
            f = switch (format) {
                case "table" -> Format.TABLE;
                case "list" -> Format.LIST;
                case "csv" -> Format.CSV;
                case "json" -> Format.JSON;
                default -> throw new VsctlException("unknown output format \"" + format + "\"", 2);
            };
        }
        CellFormat c = CellFormat.STRING;
        if (data != null) {
            c = switch (data) {
                case "string" -> CellFormat.STRING;
                case "bare" -> CellFormat.BARE;
                case "json" -> CellFormat.JSON;
                default -> throw new VsctlException("unknown data format \"" + data + "\"", 2);
            };
        }
        if (bare) {
            return new TableStyle(Format.LIST, CellFormat.BARE, false, pretty);
        }
        return new TableStyle(f, c, !noHeadings, pretty);
    }

    public TableStyle withFormat(Format f) {
        return new TableStyle(f, cells, headings, pretty);
    }
}
