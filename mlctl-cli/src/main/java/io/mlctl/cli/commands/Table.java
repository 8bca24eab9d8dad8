package io.mlctl.cli.commands;

import io.mlctl.cli.Output;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A table of rows printed for a terminal (aligned columns), as Markdown (for a pull-request
 * comment from CI) or as CSV. Numbers are rounded to {@code --precision} digits after the point
 * in all three; {@code --json} prints the unrounded values instead.
 */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(List<String> header) {
    this.header = List.copyOf(header);
  }

  void add(List<String> row) {
    rows.add(List.copyOf(row));
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The format flags a table command takes. */
  static final class Format {
    @Option(names = "--md", description = "Print a Markdown table.")
    boolean md;

    @Option(names = "--csv", description = "Print CSV.")
    boolean csv;

    @Option(names = "--precision", paramLabel = "N", description = "Round numbers to N digits after the point (default 5).")
    int precision = 5;

    void check() {
      if (md && csv) {
        throw new io.mlctl.core.BadArgumentException("--md and --csv cannot be used together", "choose one");
      }
      if (precision < 0 || precision > 20) {
        throw new io.mlctl.core.BadArgumentException("--precision must be between 0 and 20", null);
      }
    }

    String value(Object v) {
      return Table.value(v, precision);
    }
  }

  static String value(Object v, int precision) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d && !Double.isFinite(d)) {
      return d.toString();
    }
    if (v instanceof Float || v instanceof Double || v instanceof BigDecimal) {
      BigDecimal b = new BigDecimal(v.toString()).setScale(precision, RoundingMode.HALF_EVEN).stripTrailingZeros();
      return b.scale() < 0 ? b.setScale(0).toPlainString() : b.toPlainString();
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      return v.toString();
    }
    return String.valueOf(v);
  }

  void print(Output out, Format f) {
    if (f.csv) {
      out.answer(csvLine(header));
      rows.forEach(r -> out.answer(csvLine(r)));
    } else if (f.md) {
      out.answer("| " + String.join(" | ", header.stream().map(Table::md).toList()) + " |");
      out.answer("|" + "---|".repeat(header.size()));
      rows.forEach(r -> out.answer("| " + String.join(" | ", r.stream().map(Table::md).toList()) + " |"));
    } else {
      int[] w = new int[header.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = header.get(i).length();
        for (List<String> r : rows) {
          w[i] = Math.max(w[i], r.get(i).length());
        }
      }
      out.answer(aligned(header, w));
      rows.forEach(r -> out.answer(aligned(r, w)));
    }
  }

  private static String aligned(List<String> cells, int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      b.append(cells.get(i));
      if (i < cells.size() - 1) {
        b.append(" ".repeat(w[i] - cells.get(i).length() + 2));
      }
    }
    return b.toString().stripTrailing();
  }

  private static String md(String cell) {
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }

  static String csvLine(List<String> cells) {
    List<String> out = new ArrayList<>();
    for (String c : cells) {
      boolean quote = c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r");
      out.add(quote ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
    }
    return String.join(",", out);
  }
}
