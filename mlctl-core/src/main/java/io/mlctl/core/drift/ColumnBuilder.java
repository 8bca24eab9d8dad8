package io.mlctl.core.drift;

import io.mlctl.core.table.Missing;
import io.mlctl.core.table.Numbers;
import io.mlctl.core.table.TableReader;
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

  /** Adds one raw value; {@code from} names where it is, should it be the column's first text. */
  void add(String raw, TableReader from) {
    rows++;
    if (Missing.is(raw)) {
      missing++;
      return;
    }
    if (counts == null) {
      double v = Numbers.parse(raw);
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
}
