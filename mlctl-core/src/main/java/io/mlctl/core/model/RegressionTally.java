package io.mlctl.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates (true, predicted) numbers into RMSE, MAE and R², in one pass with Welford's update
 * for the spread of the true values so large files need no second read. Not thread-safe.
 */
final class RegressionTally {
  private long rows;
  private double sumSquaredError;
  private double sumAbsoluteError;
  private double mean;
  private double m2;

  void add(double truth, double predicted) {
    double e = truth - predicted;
    sumSquaredError += e * e;
    sumAbsoluteError += Math.abs(e);
    rows++;
    double d = truth - mean;
    mean += d / rows;
    m2 += d * (truth - mean);
  }

  long rows() {
    return rows;
  }

  Map<String, Object> metrics() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rmse", rows == 0 ? 0.0 : Math.sqrt(sumSquaredError / rows));
    out.put("mae", rows == 0 ? 0.0 : sumAbsoluteError / rows);
    // scikit-learn's r2_score: 1 - SSres/SStot, and 0 when the truth is constant and not matched exactly.
    double r2 = m2 == 0 ? (sumSquaredError == 0 ? 1.0 : 0.0) : 1 - sumSquaredError / m2;
    out.put("r2", r2);
    out.put("rows", rows);
    return out;
  }
}
