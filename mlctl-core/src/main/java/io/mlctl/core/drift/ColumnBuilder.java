package io.mlctl.core.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects one column's values while a file streams past: numbers into a growing primitive array
 * (no boxing), so a million-row column costs 8 MB; from the first value that is not a number on,
 * counts per category instead. Not thread-safe.
 */
final class ColumnBuilder {
  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final String name;
  private double[] values = new double[1024];
  private int n;
  private Map<String, long[]> counts;
  private long missing;
  private long rows;
  private String textExample;

  /** @param categorical count categories from the start, even of values that look like numbers */
  ColumnBuilder(String name, boolean categorical) {
    this.name = name;
    if (categorical) {
      counts = new HashMap<>();
    }
  }

  /** Adds one raw value; {@code where} names it ("file:line") should it be the column's first text. */
  void add(String raw, Rows from) {
    rows++;
    if (isMissing(raw)) {
      missing++;
      return;
    }
    if (counts == null) {
      double v = parse(raw);
      if (Double.isInfinite(v)) {
        missing++; // as Evidently: infinities are no measurement
        return;
      }
      if (!Double.isNaN(v)) {
        if (n == values.length) {
          values = Arrays.copyOf(values, n + (n >> 1));
        }
        values[n++] = v;
        return;
      }
      toCategories();
      textExample = "'" + raw + "' at " + from.shownAs() + ":" + from.line();
    }
    counts.computeIfAbsent(raw, k -> new long[1])[0]++;
  }

  /** The numbers read so far become categories, spelled as Java prints them ("2" for 2.0). */
  private void toCategories() {
    counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.computeIfAbsent(spell(values[i]), k -> new long[1])[0]++;
    }
    values = null;
    n = 0;
  }

  static String spell(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  ColumnSample build() {
    if (counts == null) {
      double[] v = Arrays.copyOf(values, n);
      values = null;
      Arrays.sort(v);
      return new ColumnSample(name, ColumnType.NUMERIC, v, null, null, missing, rows, null);
    }
    TreeMap<String, long[]> sorted = new TreeMap<>(counts);
    String[] cats = sorted.keySet().toArray(new String[0]);
    long[] c = new long[cats.length];
    for (int i = 0; i < cats.length; i++) {
      c[i] = sorted.get(cats[i])[0];
    }
    return new ColumnSample(name, ColumnType.CATEGORICAL, null, cats, c, missing, rows, textExample);
  }

  /**
   * Whether a raw value means "no value": null (JSON), blank, or a spelling that pandas, R and SQL
   * exports write for it.
   */
  static boolean isMissing(String v) {
    if (v == null || v.isEmpty()) {
      return true;
    }
    char c = v.charAt(0);
    // numbers and most words start otherwise: one comparison settles them
    if (c != ' ' && c != '\t' && c != 'N' && c != 'n' && c != '<' && c != '#') {
      return false;
    }
    if (v.isBlank()) {
      return true;
    }
    switch (v) {
      case "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "None", "<NA>", "#N/A":
        return true;
      default:
        return false;
    }
  }

  /**
   * The number {@code s} spells, or NaN. Plain decimals take Clinger's fast path (at most 15
   * significant digits and 22 after the point: one exact division rounds as
   * {@link Double#parseDouble} does); other forms (exponents, long digit strings) go to
   * {@link Double#parseDouble}, once the characters allow a number at all.
   */
  static double parse(String s) {
    int len = s.length();
    int i = 0;
    boolean negative = false;
    if (len > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    long digits = 0;
    int significant = 0;
    int fraction = -1;
    boolean any = false;
    for (; i < len; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        any = true;
        if (digits != 0 || c != '0') {
          significant++;
        }
        digits = digits * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
        if (significant > 15 || fraction > 22) {
          return slow(s);
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        return slow(s);
      }
    }
    if (!any) {
      return Double.NaN;
    }
    double v = fraction > 0 ? digits / POW10[fraction] : (double) digits;
    return negative ? -v : v;
  }

  private static double slow(String s) {
    String t = s.strip();
    // Double.parseDouble also takes "1d", "0x1p3" and "NaN": none of them is a number in a CSV file
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
        return t.equals("Infinity") || t.equals("-Infinity") || t.equals("inf") || t.equals("-inf")
            ? (t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : Double.NaN;
      }
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
