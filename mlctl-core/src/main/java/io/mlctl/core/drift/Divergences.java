package io.mlctl.core.drift;

/** Distances between two binned distributions. Stateless. */
final class Divergences {
  private Divergences() {}

  /**
   * {@code scipy.spatial.distance.jensenshannon} with the natural logarithm: each vector is
   * normalised to sum to 1, and the result is the square root of the Jensen-Shannon divergence.
   */
  static double jensenShannon(double[] p, double[] q) {
    double sp = 0;
    double sq = 0;
    for (int i = 0; i < p.length; i++) {
      sp += p[i];
      sq += q[i];
    }
    double js = 0;
    for (int i = 0; i < p.length; i++) {
      double a = p[i] / sp;
      double b = q[i] / sq;
      double m = (a + b) / 2.0;
      js += relativeEntropy(a, m) + relativeEntropy(b, m);
    }
    return Math.sqrt(Math.max(js, 0) / 2.0);
  }

  private static double relativeEntropy(double x, double y) {
    return x > 0 ? x * Math.log(x / y) : 0;
  }

  /** Population stability index over shares with no zeroes: sum of (r - c) ln(r / c). */
  static double psi(double[] r, double[] c) {
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
    }
    return sum;
  }
}
