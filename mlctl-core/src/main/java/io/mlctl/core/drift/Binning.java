package io.mlctl.core.drift;

import java.util.Arrays;

/**
 * Turns two samples into the shares of a common set of bins, for Jensen-Shannon distance, PSI
 * and the report's histograms. Stateless.
 */
final class Binning {
  private Binning() {}

  /**
   * Evidently's bins for Jensen-Shannon distance on a numeric column with more than 20 distinct
   * reference values: numpy's Sturges rule over both samples together, equal widths from the
   * smallest to the largest value, counted as {@code numpy.histogram} does (the last bin closed).
   * Both arrays sorted; returns {reference counts, current counts}.
   */
  static long[][] sturges(double[] r, double[] c) {
    double lo = Math.min(r[0], c[0]);
    double hi = Math.max(r[r.length - 1], c[c.length - 1]);
    int n = r.length + c.length;
    double ptp = hi - lo;
    double width = ptp / (log2(n) + 1.0);
    int bins = width > 0 ? (int) Math.ceil(ptp / width) : 1;
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] edges = linspace(lo, hi, bins + 1);
    return new long[][] {histogram(r, edges), histogram(c, edges)};
  }

  /** Exact for powers of two, where a rounding error would change Sturges' bin count. */
  private static double log2(int n) {
    if ((n & (n - 1)) == 0) {
      return Integer.numberOfTrailingZeros(n);
    }
    return Math.log(n) / Math.log(2.0);
  }

  /** numpy's {@code linspace} with its endpoint: start + i * step, the last edge exactly stop. */
  static double[] linspace(double start, double stop, int num) {
    double[] e = new double[num];
    double step = (stop - start) / (num - 1);
    for (int i = 0; i < num; i++) {
      e[i] = i * step + start;
    }
    e[num - 1] = stop;
    return e;
  }

  /** Counts per bin [e[i], e[i+1]), the last closed, for values within the edges. */
  static long[] histogram(double[] x, double[] edges) {
    int bins = edges.length - 1;
    long[] counts = new long[bins];
    double first = edges[0];
    double last = edges[bins];
    double norm = bins / (last - first);
    for (double v : x) {
      if (v < first || v > last) {
        continue;
      }
      int i = (int) ((v - first) * norm);
      if (i >= bins) {
        i = bins - 1;
      }
      // the scaled index can be off by one next to an edge: the edges decide, as in numpy
      if (v < edges[i]) {
        i--;
      } else if (i < bins - 1 && v >= edges[i + 1]) {
        i++;
      }
      counts[i]++;
    }
    return counts;
  }

  /**
   * The 10%, 20%, ..., 90% quantiles of a sorted sample (numpy's default linear interpolation),
   * duplicates removed: the inner edges of PSI's decile bins.
   */
  static double[] deciles(double[] sorted) {
    double[] q = new double[9];
    int n = sorted.length;
    for (int k = 1; k <= 9; k++) {
      double p = k / 10.0;
      double virtual = (n - 1) * p;
      double below = Math.floor(virtual);
      double gamma = virtual - below;
      int lo = (int) Math.max(0, Math.min(below, n - 1));
      int hi = Math.min(lo + 1, n - 1);
      double a = sorted[lo];
      double b = sorted[hi];
      double diff = b - a;
      q[k - 1] = gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }
    return Arrays.stream(q).distinct().sorted().toArray();
  }

  /** Counts per bin (-inf, e0], (e0, e1], ..., (e_last, inf) of a sorted sample. */
  static long[] countBetween(double[] sorted, double[] edges) {
    long[] counts = new long[edges.length + 1];
    int bin = 0;
    for (double v : sorted) {
      while (bin < edges.length && v > edges[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    return counts;
  }

  static double[] shares(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] s = new double[counts.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = counts[i] / total;
    }
    return s;
  }

  /**
   * Replaces empty bins' zero shares so logarithms stay finite, as Evidently does: by 0.0001, or
   * by a millionth of the smallest non-zero share when that share is itself at most 0.0001.
   */
  static double[] fillZeroes(double[] shares) {
    double min = Double.POSITIVE_INFINITY;
    for (double s : shares) {
      if (s != 0 && s < min) {
        min = s;
      }
    }
    double floor = min <= 0.0001 ? min / 1e6 : 0.0001;
    double[] out = shares.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0) {
        out[i] = floor;
      }
    }
    return out;
  }
}
