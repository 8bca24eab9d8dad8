package io.mlctl.core.drift;

import java.util.List;

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
}
