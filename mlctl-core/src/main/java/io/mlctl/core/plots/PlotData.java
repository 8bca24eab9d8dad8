package io.mlctl.core.plots;

import io.mlctl.core.BadInputException;
import io.mlctl.core.metrics.DataFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a declared plot file (CSV, TSV, or JSON: a list of rows, or an object holding one) into
 * columns. The x column is one named {@code step}, {@code epoch}, {@code iteration} or {@code x}
 * when there is one, else the first numeric column; every other numeric column is a y series.
 * Stateless.
 */
final class PlotData {
  private static final Set<String> X_NAMES = Set.of("step", "epoch", "iteration", "x", "iter");

  private PlotData() {}

  /** A plot file's columns: x and the y series, each a list of (x, y) points. */
  record Table(String x, Map<String, List<double[]>> ys) {}

  static Table read(String text, String path, String shownAs) {
    List<Map<String, Object>> rows = path.toLowerCase(Locale.ROOT).endsWith(".json") ? jsonRows(text, path, shownAs)
        : csvRows(text, path.toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',', shownAs);
    if (rows.isEmpty()) {
      throw new BadInputException(shownAs + ": no rows to plot", null);
    }
    List<String> numeric = new ArrayList<>();
    for (String col : rows.get(0).keySet()) {
      if (rows.stream().allMatch(r -> number(r.get(col)) != null)) {
        numeric.add(col);
      }
    }
    if (numeric.isEmpty()) {
      throw new BadInputException(shownAs + ": holds no numeric column to plot", "a plot file has columns such as step,loss");
    }
    String x = numeric.stream().filter(c -> X_NAMES.contains(c.toLowerCase(Locale.ROOT))).findFirst()
        .orElse(numeric.size() > 1 ? numeric.get(0) : null);
    Map<String, List<double[]>> ys = new LinkedHashMap<>();
    for (String col : numeric) {
      if (col.equals(x)) {
        continue;
      }
      List<double[]> pts = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        Map<String, Object> r = rows.get(i);
        pts.add(new double[] {x == null ? i : number(r.get(x)), number(r.get(col))});
      }
      ys.put(col, pts);
    }
    return new Table(x == null ? "row" : x, ys);
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        double d = Double.parseDouble(s.strip());
        return Double.isFinite(d) ? d : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> jsonRows(String text, String path, String shownAs) {
    Object doc;
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("[")) {
      doc = DataFiles.parseMap("{\"rows\": " + text + "}", path, shownAs).get("rows");
    } else {
      Map<String, Object> m = DataFiles.parseMap(text, path, shownAs);
      doc = m.values().stream().filter(v -> v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map)
          .findFirst().orElse(null);
    }
    if (!(doc instanceof List<?> l) || l.stream().anyMatch(o -> !(o instanceof Map))) {
      throw new BadInputException(shownAs + ": expected a list of rows such as [{\"step\": 0, \"loss\": 1.2}]", null);
    }
    return (List<Map<String, Object>>) doc;
  }

  private static List<Map<String, Object>> csvRows(String text, char sep, String shownAs) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    if (lines.isEmpty()) {
      return rows;
    }
    List<String> header = split(lines.get(0), sep);
    for (int i = 1; i < lines.size(); i++) {
      List<String> cells = split(lines.get(i), sep);
      if (cells.size() != header.size()) {
        throw BadInputException.at(shownAs, i + 1, 1, "expected " + header.size() + " fields, found " + cells.size(), null);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), cells.get(c));
      }
      rows.add(row);
    }
    return rows;
  }

  /** One CSV line's fields; a field in double quotes may hold the separator and "" for a quote. */
  static List<String> split(String line, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == sep) {
        out.add(cur.toString().strip());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().strip());
    return out;
  }
}
