package dev.sift.http;

import java.util.List;
import java.util.Map;

/**
 * Tables as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line break in quotes).
 * Text from monitoring is attacker-controlled and CSV ends up in spreadsheets: a text cell that begins like a
 * formula ({@code = + - @}, tab, carriage return) gets a leading apostrophe, so that it stays text (OWASP's advice
 * against CSV injection). Numbers are written as they are.
 */
public final class Csv {
    private Csv() {}

    /** A header line of {@code columns}, then one line per row, taking each row's values by column name. */
    public static String write(List<String> columns, List<Map<String, Object>> rows) {
        StringBuilder out = new StringBuilder();
        line(out, columns.stream().map(c -> (Object) c).toList());
        for (Map<String, Object> row : rows) {
            line(out, columns.stream().map(row::get).toList());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(values.get(i)));
        }
        out.append("\r\n");
    }

    static String field(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
