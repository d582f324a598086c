package dev.sift.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns; long cells are cut with an ellipsis. */
final class Table {
    private final String[] headers;
    private final int[] maxWidths;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = headers;
        this.maxWidths = new int[headers.length];
        java.util.Arrays.fill(maxWidths, 60);
    }

    Table maxWidth(int column, int width) {
        maxWidths[column] = width;
        return this;
    }

    Table row(Object... cells) {
        String[] r = new String[headers.length];
        for (int i = 0; i < r.length; i++) {
            String c = i < cells.length && cells[i] != null ? cells[i].toString() : "-";
            r[i] = c.length() > maxWidths[i] ? c.substring(0, maxWidths[i] - 1) + "…" : c;
        }
        rows.add(r);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out) {
        int[] w = new int[headers.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = headers[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        out.println(line(headers, w));
        for (String[] r : rows) {
            out.println(line(r, w));
        }
    }

    private static String line(String[] cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(cells[i]);
            if (i < cells.length - 1) {
                b.append(" ".repeat(w[i] - cells[i].codePointCount(0, cells[i].length()) + 2));
            }
        }
        return b.toString().stripTrailing();
    }
}
