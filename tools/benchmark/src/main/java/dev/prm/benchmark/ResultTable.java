package dev.prm.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A table the benchmark prints (its results; CPU by stage): Markdown, columns padded so it also reads well in a terminal. */
final class ResultTable {

    static final List<String> HEADER = List.of("phase", "measure", "figure", "vs machine ceiling", "notes");

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    ResultTable() {
        this(HEADER);
    }

    ResultTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    void add(List<String> row) {
        rows.add(List.copyOf(row));
    }

    void add(String phase, String measure, String figure, String ceiling, String notes) {
        rows.add(List.of(phase, measure, figure, ceiling == null ? "" : ceiling, notes == null ? "" : notes));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String markdown() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        rows.forEach(row -> all.add(row.stream().map(ResultTable::escape).toList()));
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], Math.max(3, width(row.get(i))));
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, all.get(0), widths);
        text.append('|');
        for (int width : widths) {
            text.append('-').append("-".repeat(width)).append("-|");
        }
        text.append('\n');
        for (List<String> row : all.subList(1, all.size())) {
            line(text, row, widths);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths) {
        text.append('|');
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            text.append(' ').append(cell).append(" ".repeat(widths[i] - width(cell))).append(" |");
        }
        text.append('\n');
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String escape(String cell) {
        return cell.replace("\n", " ").replace("|", "\\|");
    }

    /** {@code 12,345/s}; below 100 with one decimal. */
    static String rate(double perSecond, String unit) {
        if (Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            return "n/a";
        }
        return (perSecond < 100 ? String.format(Locale.US, "%,.1f", perSecond) : String.format(Locale.US, "%,.0f", perSecond))
                + " " + unit + "/s";
    }

    /** {@code 4.2 % of Kafka consume}; two significant digits below 1 %; empty when the ceiling is unknown. */
    static String ratio(double value, double ceiling, String ceilingName) {
        if (!(ceiling > 0) || Double.isNaN(value)) {
            return "";
        }
        double percent = value / ceiling * 100;
        String figure = percent < 1 ? String.format(Locale.US, "%.2g", percent) : String.format(Locale.US, "%.1f", percent);
        return figure + " % of " + ceilingName;
    }

    static String count(long value) {
        return String.format(Locale.US, "%,d", value);
    }

    static String seconds(double seconds) {
        return seconds < 10 ? String.format(Locale.US, "%.2f s", seconds) : String.format(Locale.US, "%,.1f s", seconds);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.US, "%,.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
