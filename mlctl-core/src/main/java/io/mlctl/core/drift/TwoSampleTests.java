package io.mlctl.core.drift;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The two-sample tests and distances, each computed as its reference implementation does:
 * {@code scipy.stats.ks_2samp} (method 'auto'), {@code scipy.stats.chi2_contingency} (with Yates'
 * correction on a 2x2 table), Evidently's proportions z-test and
 * {@code scipy.stats.wasserstein_distance}. Inputs hold no missing values; stateless.
 */
final class TwoSampleTests {
  /** scipy's ks_2samp computes the exact distribution up to this many values in the larger sample. */
  static final int KS_EXACT_MAX = 10_000;

  private static final KolmogorovSmirnovTest KS_EXACT = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.EXACT);
  private static final KolmogorovSmirnovTest KS_ASYMPTOTIC = KolmogorovSmirnovTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

  private TwoSampleTests() {}

  /** A test's statistic and p-value. */
  record Result(double statistic, double pValue) {}

  /** Both arrays sorted. */
  static Result ks(double[] reference, double[] current) {
    if (Math.min(reference.length, current.length) < 2) {
      return ksTiny(reference, current);
    }
    KolmogorovSmirnovTest t = Math.max(reference.length, current.length) <= KS_EXACT_MAX ? KS_EXACT : KS_ASYMPTOTIC;
    KolmogorovSmirnovTest.TwoResult r = t.test(reference, current);
    return new Result(r.getStatistic(), r.getPValue());
  }

  /**
   * KS for a sample of one value, which commons-statistics refuses: the exact p-value as scipy
   * computes it, the share of the C(m+n, m) orderings of the two samples (lattice paths) whose
   * largest CDF gap reaches the observed one.
   */
  private static Result ksTiny(double[] r, double[] c) {
    int m = r.length;
    int n = c.length;
    double d = 0;
    int i = 0;
    int j = 0;
    while (i < m || j < n) {
      double x = j >= n || i < m && r[i] <= c[j] ? r[i] : c[j];
      while (i < m && r[i] == x) {
        i++;
      }
      while (j < n && c[j] == x) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / m - (double) j / n));
    }
    // paths that stay strictly inside the band |i/m - j/n| < d; gaps compared in integers
    long bound = Math.round(d * m * n);
    double[][] inside = new double[m + 1][n + 1];
    for (int a = 0; a <= m; a++) {
      for (int b = 0; b <= n; b++) {
        if (Math.abs((long) a * n - (long) b * m) >= bound && (a > 0 || b > 0)) {
          continue;
        }
        inside[a][b] = a == 0 && b == 0 ? 1 : (a > 0 ? inside[a - 1][b] : 0) + (b > 0 ? inside[a][b - 1] : 0);
      }
    }
    double total = 1;
    for (int k = 1; k <= m; k++) {
      total = total * (n + k) / k;
    }
    return new Result(d, Math.min(1, Math.max(0, 1 - inside[m][n] / total)));
  }

  /**
   * Pearson's chi-square test of independence on the 2 x k table of counts (reference row,
   * current row), as {@code chi2_contingency}: a category absent from both samples is not a column,
   * a table with one column has no degrees of freedom (statistic 0, p-value 1), and with exactly
   * one degree of freedom each observed count moves up to 0.5 towards its expectation (Yates).
   */
  static Result chiSquare(long[] reference, long[] current) {
    int k = reference.length;
    double nr = 0;
    double nc = 0;
    for (int i = 0; i < k; i++) {
      nr += reference[i];
      nc += current[i];
    }
    double n = nr + nc;
    int dof = k - 1;
    if (dof == 0 || nr == 0 || nc == 0) {
      return new Result(0, 1);
    }
    double stat = 0;
    for (int i = 0; i < k; i++) {
      double col = reference[i] + current[i];
      stat += cell(reference[i], nr * col / n, dof);
      stat += cell(current[i], nc * col / n, dof);
    }
    return new Result(stat, ChiSquaredDistribution.of(dof).survivalProbability(stat));
  }

  private static double cell(double observed, double expected, int dof) {
    if (dof == 1) {
      double diff = expected - observed;
      observed += Math.signum(diff) * Math.min(0.5, Math.abs(diff));
    }
    double d = observed - expected;
    return d * d / expected;
  }

  /**
   * Evidently's z-test for two proportions: the share of one category (the first in {@code
   * reference}'s order; the choice only flips the sign) in each sample, with the pooled variance.
   * The statistic is |z|; the p-value two-sided. One category in both samples is no difference.
   */
  static Result zTest(long[] reference, long[] current) {
    double n1 = 0;
    double n2 = 0;
    for (int i = 0; i < reference.length; i++) {
      n1 += reference[i];
      n2 += current[i];
    }
    if (reference.length < 2 || n1 == 0 || n2 == 0) {
      return new Result(0, 1);
    }
    double p1 = reference[0] / n1;
    double p2 = current[0] / n2;
    double pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    double z = Math.abs((p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2)));
    // survival rather than 1 - cdf: keeps the tiny p-values of a large shift instead of 0
    return new Result(z, 2 * NormalDistribution.of(0, 1).survivalProbability(z));
  }

  /**
   * The first Wasserstein distance between the two empirical distributions: the area between their
   * cumulative distribution functions. Both arrays must be sorted.
   */
  static double wasserstein(double[] u, double[] v) {
    int nu = u.length;
    int nv = v.length;
    int i = 0;
    int j = 0;
    double sum = 0;
    double prev = Math.min(u[0], v[0]);
    while (i < nu || j < nv) {
      double x = j >= nv || i < nu && u[i] <= v[j] ? u[i] : v[j];
      // the step between the previous point and this one, at the CDFs' current heights
      sum += Math.abs((double) i / nu - (double) j / nv) * (x - prev);
      while (i < nu && u[i] == x) {
        i++;
      }
      while (j < nv && v[j] == x) {
        j++;
      }
      prev = x;
    }
    return sum;
  }

  /** The population standard deviation (numpy's {@code std}, ddof 0), in two passes. */
  static double std(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / x.length);
  }
}
