package io.mlctl.core.drift;

/**
 * One column's verdict. Immutable.
 *
 * @param statistic the test statistic or distance; null when a sample has no values
 * @param pValue the p-value of a test; null for a distance
 * @param threshold the p-value below which, or the distance from which, the column drifts
 * @param psi the population stability index (10 reference-decile bins, or one per category)
 * @param missingReference the share of the reference's rows where the column has no value
 * @param histogram for reports; null when neither sample has a value
 */
public record ColumnDrift(String name, ColumnType type, Method method, Double statistic, Double pValue, Double threshold, boolean drifted,
    Double psi, double missingReference, double missingCurrent, long valuesReference, long valuesCurrent, Histogram histogram) {

  /**
   * How far past its threshold the column is, comparable across methods: a distance over its
   * threshold, or the threshold over a p-value. Drift starts at 1.
   */
  public double score() {
    if (method == Method.MISSING) {
      return drifted ? Double.POSITIVE_INFINITY : 0;
    }
    if (method.isPValue()) {
      return threshold / Math.max(pValue, Double.MIN_NORMAL);
    }
    return threshold == 0 ? Double.POSITIVE_INFINITY : statistic / threshold;
  }

  /** The number a person reads as the column's drift score: the p-value of a test, else the distance. */
  public Double shownScore() {
    return method.isPValue() ? pValue : statistic;
  }
}
