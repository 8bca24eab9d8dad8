package io.mlctl.core.drift;

import io.mlctl.core.BadArgumentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Judges one column: picks the method (Evidently's defaults for {@code auto}), computes its score
 * and PSI, and the histogram a report draws. Stateless.
 */
final class ColumnComparison {
  /** Up to this many non-missing reference values, {@code auto} uses tests rather than distances. */
  static final int SMALL_REFERENCE = 1000;
  /** Numeric columns with at most this many distinct values are compared as categories. */
  static final int FEW_VALUES = 5;
  private static final int HISTOGRAM_BINS = 20;

  private ColumnComparison() {}

  /** The categories both samples use, sorted, with each sample's counts. */
  record Counts(String[] labels, long[] reference, long[] current) {}

  static ColumnDrift compare(ColumnSample ref, ColumnSample cur, Method requested, Double threshold) {
    ColumnType type = ref.present() > 0 ? ref.type() : cur.type();
    if (ref.present() == 0 || cur.present() == 0) {
      // Nothing to test: a column that lost (or gained) all its values has drifted all the same.
      boolean drifted = ref.present() != cur.present();
      return new ColumnDrift(ref.name(), type, Method.MISSING, null, null, null, drifted, null, ref.missingShare(), cur.missingShare(),
          ref.present(), cur.present(), histogram(ref, cur));
    }
    boolean numeric = type == ColumnType.NUMERIC;
    Counts counts = numeric ? null : categories(ref, cur);
    int distinct = numeric ? distinctUnion(ref.values(), cur.values()) : counts.labels().length;
    Method method = requested == Method.AUTO ? auto(ref.present(), numeric, distinct) : requested;
    check(method, ref.name(), numeric, distinct);
    if (numeric && (method == Method.CHISQUARE || method == Method.ZTEST || method == Method.JENSENSHANNON && ref.distinct() <= 20)) {
      counts = valueCounts(ref.values(), cur.values());
    }
    double t = threshold != null ? threshold : method.defaultThreshold();
    Double statistic;
    Double p = null;
    switch (method) {
      case KS -> {
        TwoSampleTests.Result r = TwoSampleTests.ks(ref.values(), cur.values());
        statistic = r.statistic();
        p = r.pValue();
      }
      case CHISQUARE -> {
        TwoSampleTests.Result r = TwoSampleTests.chiSquare(counts.reference(), counts.current());
        statistic = r.statistic();
        p = r.pValue();
      }
      case ZTEST -> {
        TwoSampleTests.Result r = TwoSampleTests.zTest(counts.reference(), counts.current());
        statistic = r.statistic();
        p = r.pValue();
      }
      case WASSERSTEIN -> statistic = wassersteinNormed(ref.values(), cur.values());
      case JENSENSHANNON -> statistic = jensenShannon(ref, cur, counts);
      case PSI -> statistic = psi(ref, cur);
      default -> throw new IllegalStateException(method.toString());
    }
    boolean drifted = method.isPValue() ? p < t : statistic >= t;
    double psi = method == Method.PSI ? statistic : psi(ref, cur);
    return new ColumnDrift(ref.name(), type, method, statistic, p, t, drifted, psi, ref.missingShare(), cur.missingShare(), ref.present(),
        cur.present(), histogram(ref, cur));
  }

  /**
   * Evidently's choice: with few reference values, KS for a numeric column with more than five
   * distinct values (over both samples), else chi-square, or the z-test for two values; with
   * more, the normed Wasserstein distance for such numeric columns, else Jensen-Shannon.
   */
  static Method auto(long referenceValues, boolean numeric, int distinct) {
    boolean continuous = numeric && distinct > FEW_VALUES;
    if (referenceValues <= SMALL_REFERENCE) {
      return continuous ? Method.KS : distinct > 2 ? Method.CHISQUARE : Method.ZTEST;
    }
    return continuous ? Method.WASSERSTEIN : Method.JENSENSHANNON;
  }

  private static void check(Method m, String column, boolean numeric, int distinct) {
    if (!numeric && (m == Method.KS || m == Method.WASSERSTEIN)) {
      throw new BadArgumentException(m.id() + " compares numbers, and column '" + column + "' is categorical",
          "use chisquare, jensenshannon or psi for it, or choose columns with --columns");
    }
    if (m == Method.ZTEST && distinct > 2) {
      throw new BadArgumentException("ztest compares two categories, and column '" + column + "' has " + distinct,
          "use chisquare for it, or choose columns with --columns");
    }
  }

  /** Evidently's normed Wasserstein distance: over the reference's standard deviation, at least 0.001. */
  static double wassersteinNormed(double[] r, double[] c) {
    return TwoSampleTests.wasserstein(r, c) / Math.max(TwoSampleTests.std(r), 0.001);
  }

  /** On Evidently's bins: Sturges' for a numeric column with more than 20 reference values, else one per value. */
  static double jensenShannon(ColumnSample ref, ColumnSample cur, Counts counts) {
    if (ref.type() == ColumnType.NUMERIC && ref.distinct() > 20) {
      long[][] h = Binning.sturges(ref.values(), cur.values());
      return Divergences.jensenShannon(Binning.shares(h[0]), Binning.shares(h[1]));
    }
    Counts k = counts != null ? counts : valueCounts(ref.values(), cur.values());
    return Divergences.jensenShannon(Binning.shares(k.reference()), Binning.shares(k.current()));
  }

  /** Over the reference's decile bins (numeric) or the categories, empty bins filled as Evidently does. */
  static double psi(ColumnSample ref, ColumnSample cur) {
    long[] r;
    long[] c;
    if (ref.type() == ColumnType.NUMERIC) {
      double[] edges = Binning.deciles(ref.values());
      r = Binning.countBetween(ref.values(), edges);
      c = Binning.countBetween(cur.values(), edges);
    } else {
      Counts k = categories(ref, cur);
      r = k.reference();
      c = k.current();
    }
    return Divergences.psi(Binning.fillZeroes(Binning.shares(r)), Binning.fillZeroes(Binning.shares(c)));
  }

  static Counts categories(ColumnSample ref, ColumnSample cur) {
    TreeSet<String> all = new TreeSet<>(Arrays.asList(ref.categories()));
    all.addAll(Arrays.asList(cur.categories()));
    String[] labels = all.toArray(new String[0]);
    return new Counts(labels, spread(labels, ref), spread(labels, cur));
  }

  private static long[] spread(String[] labels, ColumnSample s) {
    long[] out = new long[labels.length];
    for (int i = 0; i < s.categories().length; i++) {
      out[Arrays.binarySearch(labels, s.categories()[i])] = s.counts()[i];
    }
    return out;
  }

  /** Per distinct value of two sorted numeric samples. */
  static Counts valueCounts(double[] r, double[] c) {
    List<String> labels = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < r.length || j < c.length) {
      double x = j >= c.length || i < r.length && r[i] <= c[j] ? r[i] : c[j];
      long a = 0;
      long b = 0;
      while (i < r.length && r[i] == x) {
        i++;
        a++;
      }
      while (j < c.length && c[j] == x) {
        j++;
        b++;
      }
      labels.add(ColumnBuilder.spell(x));
      counts.add(new long[] {a, b});
    }
    long[] ra = new long[counts.size()];
    long[] ca = new long[counts.size()];
    for (int k = 0; k < ra.length; k++) {
      ra[k] = counts.get(k)[0];
      ca[k] = counts.get(k)[1];
    }
    return new Counts(labels.toArray(new String[0]), ra, ca);
  }

  static int distinctUnion(double[] r, double[] c) {
    int i = 0;
    int j = 0;
    int d = 0;
    while (i < r.length || j < c.length) {
      double x = j >= c.length || i < r.length && r[i] <= c[j] ? r[i] : c[j];
      d++;
      while (i < r.length && r[i] == x) {
        i++;
      }
      while (j < c.length && c[j] == x) {
        j++;
      }
    }
    return d;
  }

  static Histogram histogram(ColumnSample ref, ColumnSample cur) {
    if (ref.present() == 0 && cur.present() == 0) {
      return null;
    }
    if ((ref.present() > 0 ? ref : cur).type() == ColumnType.CATEGORICAL) {
      Counts k = categories(ref, cur);
      Integer[] order = new Integer[k.labels().length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Long.compare(k.reference()[b] + k.current()[b], k.reference()[a] + k.current()[a]));
      int shown = Math.min(order.length, HISTOGRAM_BINS);
      boolean other = order.length > shown;
      List<String> labels = new ArrayList<>();
      long[] r = new long[shown + (other ? 1 : 0)];
      long[] c = new long[r.length];
      for (int i = 0; i < order.length; i++) {
        int slot = Math.min(i, shown);
        r[slot] += k.reference()[order[i]];
        c[slot] += k.current()[order[i]];
        if (i < shown) {
          labels.add(k.labels()[order[i]]);
        }
      }
      if (other) {
        labels.add("other");
      }
      return new Histogram(true, labels, safeShares(r), safeShares(c));
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (ColumnSample s : List.of(ref, cur)) {
      if (s.present() > 0) {
        lo = Math.min(lo, s.values()[0]);
        hi = Math.max(hi, s.values()[s.values().length - 1]);
      }
    }
    if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
    double[] edges = Binning.linspace(lo, hi, HISTOGRAM_BINS + 1);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < HISTOGRAM_BINS; i++) {
      labels.add(String.format(java.util.Locale.ROOT, "%.4g", edges[i]));
    }
    return new Histogram(false, labels, safeShares(Binning.histogram(numbers(ref), edges)), safeShares(Binning.histogram(numbers(cur), edges)));
  }

  private static double[] numbers(ColumnSample s) {
    return s.type() == ColumnType.NUMERIC ? s.values() : new double[0];
  }

  private static double[] safeShares(long[] counts) {
    long total = Arrays.stream(counts).sum();
    return total == 0 ? new double[counts.length] : Binning.shares(counts);
  }
}
