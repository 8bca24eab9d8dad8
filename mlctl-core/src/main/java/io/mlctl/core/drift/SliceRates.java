package io.mlctl.core.drift;

import io.mlctl.core.model.GroupPredictions;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.table.TableReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Bias on data without labels ({@code drift --slice COL}): per group of one column, the share of
 * rows a classifier labels with each of its labels (fairlearn's selection rate, per label) in the
 * reference and in the current data, and how far each group's rates moved. A group whose rates
 * moved by at least {@link #THRESHOLD} drifted: served traffic that treats a group differently
 * than the training data did is worth a look even when no column drifted. Immutable.
 *
 * @param labels the model's labels, the order of every rate list
 * @param maxRateChange the largest change of any group present on both sides (NaN when none is)
 */
public record SliceRates(String column, String model, List<String> labels, List<Group> groups, double maxRateChange) {
  /** The change in a group's predicted-label rates from which it counts as drifted. */
  public static final double THRESHOLD = 0.1;

  /**
   * One group.
   *
   * @param referenceRates per label, empty when the group is not in the reference data
   * @param currentRates per label, empty when the group is not in the current data
   * @param rateChange the largest absolute change of a label's rate (NaN when a side lacks the group)
   */
  public record Group(String value, long referenceRows, long currentRows, List<Double> referenceRates, List<Double> currentRates,
      double rateChange) {
    public Group {
      referenceRates = List.copyOf(referenceRates);
      currentRates = List.copyOf(currentRates);
    }

    public boolean drifted() {
      return rateChange >= THRESHOLD;
    }
  }

  public SliceRates {
    labels = List.copyOf(labels);
    groups = List.copyOf(groups);
  }

  /** Scores both data sets with {@code model} and compares the groups of {@code column}. */
  public static SliceRates of(TrainedModel model, String modelShown, String column, Drift.Source reference, Drift.Source current) {
    return of(model, modelShown, column, reference::open, current::open);
  }

  /**
   * The same for tables a caller opens (a server's window of recent requests); each is opened,
   * read once and closed here.
   */
  public static SliceRates of(TrainedModel model, String modelShown, String column, Supplier<TableReader> reference,
      Supplier<TableReader> current) {
    Map<String, long[]> ref;
    Map<String, long[]> cur;
    try (TableReader r = reference.get()) {
      ref = GroupPredictions.count(model, r, column);
    }
    try (TableReader c = current.get()) {
      cur = GroupPredictions.count(model, c, column);
    }
    List<String> labels = model.card().labels();
    TreeSet<String> values = new TreeSet<>(ref.keySet());
    values.addAll(cur.keySet());
    List<Group> groups = new ArrayList<>();
    double max = Double.NaN;
    for (String v : values) {
      long[] rc = ref.get(v);
      long[] cc = cur.get(v);
      List<Double> rr = rates(rc);
      List<Double> cr = rates(cc);
      double change = Double.NaN;
      if (rc != null && cc != null) {
        change = 0;
        for (int i = 0; i < labels.size(); i++) {
          change = Math.max(change, Math.abs(cr.get(i) - rr.get(i)));
        }
        max = Double.isNaN(max) ? change : Math.max(max, change);
      }
      groups.add(new Group(v, sum(rc), sum(cc), rr, cr, change));
    }
    return new SliceRates(column, modelShown, labels, groups, max);
  }

  private static long sum(long[] counts) {
    long n = 0;
    if (counts != null) {
      for (long c : counts) {
        n += c;
      }
    }
    return n;
  }

  private static List<Double> rates(long[] counts) {
    List<Double> out = new ArrayList<>();
    long n = sum(counts);
    if (counts != null && n > 0) {
      for (long c : counts) {
        out.add((double) c / n);
      }
    }
    return out;
  }

  public long driftedGroups() {
    return groups.stream().filter(Group::drifted).count();
  }

  /**
   * As {@code drift --json} prints it under {@code slices}: {@code column}, {@code model}, {@code
   * labels}, {@code threshold}, {@code max_rate_change}, and per group {@code value}, the rows and
   * {@code reference_rates} / {@code current_rates} (label to share, null for a side without the
   * group), {@code rate_change} and {@code drifted}.
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", column);
    m.put("model", model);
    m.put("labels", labels);
    m.put("threshold", THRESHOLD);
    m.put("max_rate_change", Double.isNaN(maxRateChange) ? null : maxRateChange);
    List<Map<String, Object>> gs = new ArrayList<>();
    for (Group g : groups) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("value", g.value());
      gm.put("reference_rows", g.referenceRows());
      gm.put("current_rows", g.currentRows());
      gm.put("reference_rates", byLabel(g.referenceRates()));
      gm.put("current_rates", byLabel(g.currentRates()));
      gm.put("rate_change", Double.isNaN(g.rateChange()) ? null : g.rateChange());
      gm.put("drifted", g.drifted());
      gs.add(gm);
    }
    m.put("groups", gs);
    return m;
  }

  private Map<String, Double> byLabel(List<Double> rates) {
    if (rates.isEmpty()) {
      return null;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      m.put(labels.get(i), rates.get(i));
    }
    return m;
  }
}
