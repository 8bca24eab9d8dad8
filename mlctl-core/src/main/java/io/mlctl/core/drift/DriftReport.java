package io.mlctl.core.drift;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of comparing two data sets column by column. Columns are ordered most drifted first
 * ({@link ColumnDrift#score()}). Immutable.
 *
 * @param driftShare the share of compared columns that drifted
 * @param driftShareThreshold the share from which the data set drifts
 */
public record DriftReport(String reference, String current, long referenceRows, long currentRows, List<ColumnDrift> columns,
    double driftShare, double driftShareThreshold, boolean datasetDrift) {
  public DriftReport {
    columns = List.copyOf(columns);
  }

  public long driftedColumns() {
    return columns.stream().filter(ColumnDrift::drifted).count();
  }

  /** "Drift detected in 3 of 20 columns", the line a report starts with. */
  public String summary() {
    return "Drift detected in " + driftedColumns() + " of " + columns.size() + " column" + (columns.size() == 1 ? "" : "s")
        + (datasetDrift ? ": the data set drifted" : ": the data set did not drift");
  }

  /**
   * The report as {@code --json} and the server print it: {@code dataset_drift}, {@code drift_share}
   * and per column {@code name, type, method, statistic, p_value, threshold, drifted, psi}, with
   * {@code missing_share} of both samples besides. A number that is not finite is null.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataset_drift", datasetDrift);
    m.put("drift_share", driftShare);
    m.put("drift_share_threshold", driftShareThreshold);
    m.put("drifted_columns", driftedColumns());
    m.put("reference", reference);
    m.put("current", current);
    m.put("reference_rows", referenceRows);
    m.put("current_rows", currentRows);
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnDrift c : columns) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("type", c.type().id());
      cm.put("method", c.method().id());
      cm.put("statistic", finite(c.statistic()));
      cm.put("p_value", finite(c.pValue()));
      cm.put("threshold", finite(c.threshold()));
      cm.put("drifted", c.drifted());
      cm.put("psi", finite(c.psi()));
      Map<String, Object> miss = new LinkedHashMap<>();
      miss.put("reference", c.missingReference());
      miss.put("current", c.missingCurrent());
      cm.put("missing_share", miss);
      cols.add(cm);
    }
    m.put("columns", cols);
    return m;
  }

  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }
}
