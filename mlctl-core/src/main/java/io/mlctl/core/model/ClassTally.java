package io.mlctl.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counts (true class, predicted class) pairs and turns them into the contract's classification
 * metrics. Classes are the model's labels plus any other seen in the data, sorted; macro averages
 * run over all of them, as scikit-learn's do over the labels present. Not thread-safe.
 */
final class ClassTally {
  private final TreeSet<String> labels;
  private final List<String> modelLabels;
  private ProbabilityScores probabilities;
  private final Map<String, Map<String, long[]>> counts = new HashMap<>();
  private long rows;
  private long correct;

  ClassTally(List<String> modelLabels) {
    this.labels = new TreeSet<>(modelLabels);
    this.modelLabels = List.copyOf(new TreeSet<>(modelLabels));
  }

  /** A row of a model that gives class probabilities: also counts towards ROC AUC and log-loss. */
  void add(String truth, String predicted, Map<String, Double> probability) {
    add(truth, predicted);
    if (probabilities == null) {
      probabilities = new ProbabilityScores(modelLabels);
    }
    probabilities.add(truth, probability);
  }

  void add(String truth, String predicted) {
    counts.computeIfAbsent(truth, k -> new HashMap<>()).computeIfAbsent(predicted, k -> new long[1])[0]++;
    labels.add(truth);
    labels.add(predicted);
    rows++;
    if (truth.equals(predicted)) {
      correct++;
    }
  }

  long rows() {
    return rows;
  }

  private long count(String t, String p) {
    long[] c = counts.getOrDefault(t, Map.of()).get(p);
    return c == null ? 0 : c[0];
  }

  /** The metrics without timing: accuracy, macro scores, per class, confusion matrix, rows. */
  Map<String, Object> metrics() {
    List<String> ls = new ArrayList<>(labels);
    int k = ls.size();
    long[][] m = new long[k][k];
    long[] rowSum = new long[k];
    long[] colSum = new long[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        m[i][j] = count(ls.get(i), ls.get(j));
        rowSum[i] += m[i][j];
        colSum[j] += m[i][j];
      }
    }
    Map<String, Object> perClass = new LinkedHashMap<>();
    double sp = 0;
    double sr = 0;
    double sf = 0;
    for (int i = 0; i < k; i++) {
      double p = colSum[i] == 0 ? 0 : (double) m[i][i] / colSum[i];
      double r = rowSum[i] == 0 ? 0 : (double) m[i][i] / rowSum[i];
      double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("precision", p);
      c.put("recall", r);
      c.put("f1", f);
      perClass.put(ls.get(i), c);
      sp += p;
      sr += r;
      sf += f;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("accuracy", rows == 0 ? 0.0 : (double) correct / rows);
    out.put("f1_macro", k == 0 ? 0.0 : sf / k);
    out.put("precision_macro", k == 0 ? 0.0 : sp / k);
    out.put("recall_macro", k == 0 ? 0.0 : sr / k);
    out.put("per_class", perClass);
    List<List<Long>> matrix = new ArrayList<>();
    for (long[] row : m) {
      List<Long> r = new ArrayList<>();
      for (long v : row) {
        r.add(v);
      }
      matrix.add(r);
    }
    Map<String, Object> cm = new LinkedHashMap<>();
    cm.put("labels", ls);
    cm.put("matrix", matrix);
    out.put("confusion_matrix", cm);
    if (probabilities != null) {
      out.putAll(probabilities.metrics());
    }
    out.put("rows", rows);
    return out;
  }
}
