package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Group fairness of a classifier's predictions, with fairlearn's definitions and names, counted
 * row by row so a file larger than memory works. fairlearn works on binary outcomes: one class is
 * the positive ("selected") outcome and every other class is negative, so a multi-class model is
 * judged one-vs-rest for the class the user names.
 *
 * <ul>
 *   <li>{@code selection_rate.G}: predicted positive / rows, in group G;
 *   <li>{@code true_positive_rate.G}: predicted positive / actually positive (0 when the group has
 *       no positive rows, as fairlearn's rates are through scikit-learn's normalised confusion matrix);
 *   <li>{@code false_positive_rate.G}: predicted positive / actually negative (0 likewise);
 *   <li>{@code demographic_parity_difference}: largest minus smallest selection rate;
 *   <li>{@code demographic_parity_ratio}: smallest over largest selection rate (null when no group
 *       is ever selected, where fairlearn gives NaN);
 *   <li>{@code equalized_odds_difference}: the larger of the true- and false-positive-rate
 *       differences (fairlearn's default {@code agg="worst_case"}).
 * </ul>
 *
 * Not thread-safe.
 */
public final class Fairness {
  private final String column;
  private final String positive;
  private final Map<String, long[]> groups = new TreeMap<>();

  private static final int ROWS = 0;
  private static final int SELECTED = 1;
  private static final int POSITIVES = 2;
  private static final int TRUE_POSITIVES = 3;
  private static final int FALSE_POSITIVES = 4;

  /**
   * @param column the sensitive column the groups come from, recorded in the result
   * @param positive the class that counts as the positive outcome
   */
  public Fairness(String column, String positive) {
    this.column = column;
    this.positive = positive;
  }

  /**
   * The positive class for a model with these (sorted) classes: the one asked for, which must be
   * one of them, or for a two-class model the second in sorted order (so "1" over "0", "yes" over
   * "no"); a model with more classes needs it named, since any default would be a guess.
   */
  public static String positiveClass(List<String> labels, String requested) {
    if (requested != null) {
      if (!labels.contains(requested)) {
        throw new BadArgumentException("--positive '" + requested + "' is not a class of the model",
            "its classes: " + String.join(", ", labels));
      }
      return requested;
    }
    if (labels.size() != 2) {
      throw new BadArgumentException("fairness metrics need one positive class, and the model has " + labels.size()
          + " classes (" + String.join(", ", labels) + ")", "name the positive outcome with --positive LABEL");
    }
    return labels.stream().sorted().toList().get(1);
  }

  public void add(String group, String truth, String predicted) {
    long[] c = groups.computeIfAbsent(group, g -> new long[5]);
    boolean actual = positive.equals(truth);
    boolean chosen = positive.equals(predicted);
    c[ROWS]++;
    if (chosen) {
      c[SELECTED]++;
    }
    if (actual) {
      c[POSITIVES]++;
      if (chosen) {
        c[TRUE_POSITIVES]++;
      }
    } else if (chosen) {
      c[FALSE_POSITIVES]++;
    }
  }

  public int groups() {
    return groups.size();
  }

  private static double rate(long part, long whole) {
    return whole == 0 ? 0.0 : (double) part / whole;
  }

  /** The {@code fairness} section of a metrics file. */
  public Map<String, Object> metrics() {
    Map<String, Double> selection = new LinkedHashMap<>();
    Map<String, Double> tpr = new LinkedHashMap<>();
    Map<String, Double> fpr = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      long[] c = e.getValue();
      selection.put(e.getKey(), rate(c[SELECTED], c[ROWS]));
      tpr.put(e.getKey(), rate(c[TRUE_POSITIVES], c[POSITIVES]));
      fpr.put(e.getKey(), rate(c[FALSE_POSITIVES], c[ROWS] - c[POSITIVES]));
    }
    double selMin = min(selection);
    double selMax = max(selection);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("column", column);
    out.put("positive_label", positive);
    out.put("selection_rate", selection);
    out.put("true_positive_rate", tpr);
    out.put("false_positive_rate", fpr);
    out.put("demographic_parity_difference", selMax - selMin);
    out.put("demographic_parity_ratio", selMax == 0 ? null : selMin / selMax);
    out.put("equalized_odds_difference", Math.max(max(tpr) - min(tpr), max(fpr) - min(fpr)));
    return out;
  }

  private static double min(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(Map<String, Double> m) {
    return m.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
