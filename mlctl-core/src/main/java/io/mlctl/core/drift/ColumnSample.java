package io.mlctl.core.drift;

import java.util.Arrays;

/**
 * One column of one data set as drift compares it: for a numeric column its non-missing values,
 * sorted; for a categorical column the count of each category, categories in sorted order. A
 * column with no values at all has neither. Immutable by convention: the arrays are not copied.
 *
 * @param textExample for a categorical column, its first value that is not a number, and where
 */
record ColumnSample(String name, ColumnType type, double[] values, String[] categories, long[] counts, long missing, long rows,
    String textExample) {

  /** Values present (not missing). */
  long present() {
    return type == ColumnType.NUMERIC ? values.length : Arrays.stream(counts).sum();
  }

  double missingShare() {
    return rows == 0 ? 0 : (double) missing / rows;
  }

  /** Distinct values present. */
  int distinct() {
    if (type == ColumnType.CATEGORICAL) {
      return categories.length;
    }
    int d = 0;
    for (int i = 0; i < values.length; i++) {
      if (i == 0 || values[i] != values[i - 1]) {
        d++;
      }
    }
    return d;
  }
}
