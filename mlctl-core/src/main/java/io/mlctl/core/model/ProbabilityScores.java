package io.mlctl.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics that need a classifier's probabilities rather than its answers: ROC AUC and log-loss,
 * as scikit-learn defines them. ROC AUC is the Mann-Whitney statistic with tied scores counting
 * half (the area under the trapezoid curve {@code roc_auc_score} draws); with more than two classes
 * it is the mean over classes of each class against the rest ({@code multi_class="ovr"}, macro
 * average). Log-loss is the mean of {@code -ln p(true class)}, each row's probabilities rescaled to
 * sum to one and clipped to [eps, 1 - eps] with eps the double's machine epsilon
 * ({@code log_loss(eps="auto")}). Not thread-safe.
 */
final class ProbabilityScores {
  private static final double EPS = Math.ulp(1.0);

  private final List<String> labels;
  private final List<Integer> truths = new ArrayList<>();
  private final List<double[]> probabilities = new ArrayList<>();
  private boolean usable = true;

  /** @param labels the model's classes, sorted: the order of each row's probabilities */
  ProbabilityScores(List<String> labels) {
    this.labels = List.copyOf(labels);
  }

  /** One row: its true class and the probability of each class, keyed by class. */
  void add(String truth, Map<String, Double> probability) {
    int t = labels.indexOf(truth);
    if (t < 0) {
      // A class the model never saw has no probability: neither metric is defined.
      usable = false;
      return;
    }
    double[] p = new double[labels.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = probability.getOrDefault(labels.get(i), 0.0);
    }
    truths.add(t);
    probabilities.add(p);
  }

  /** {@code roc_auc} and {@code log_loss}, each only where defined (every class seen, both ways). */
  Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!usable || truths.isEmpty() || labels.size() < 2) {
      return out;
    }
    Double auc = rocAuc();
    if (auc != null) {
      out.put("roc_auc", auc);
    }
    out.put("log_loss", logLoss());
    return out;
  }

  private Double rocAuc() {
    int k = labels.size();
    if (k == 2) {
      return auc(1);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      Double a = auc(c);
      if (a == null) {
        return null;
      }
      sum += a;
    }
    return sum / k;
  }

  /** The AUC of class {@code c} against the rest, scored by its probability; null without both. */
  private Double auc(int c) {
    int n = truths.size();
    double[] score = new double[n];
    long positives = 0;
    for (int i = 0; i < n; i++) {
      score[i] = probabilities.get(i)[c];
      if (truths.get(i) == c) {
        positives++;
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return null;
    }
    double[] ranks = averageRanks(score);
    double rankSum = 0;
    for (int i = 0; i < n; i++) {
      if (truths.get(i) == c) {
        rankSum += ranks[i];
      }
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** 1-based ranks, ties sharing the mean of the ranks they span. */
  private static double[] averageRanks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
    double[] ranks = new double[v.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int m = i; m <= j; m++) {
        ranks[order[m]] = mean;
      }
      i = j + 1;
    }
    return ranks;
  }

  private double logLoss() {
    double sum = 0;
    for (int i = 0; i < truths.size(); i++) {
      double[] p = probabilities.get(i);
      double total = 0;
      double[] clipped = new double[p.length];
      for (int c = 0; c < p.length; c++) {
        clipped[c] = Math.min(1 - EPS, Math.max(EPS, p[c]));
        total += clipped[c];
      }
      sum -= Math.log(clipped[truths.get(i)] / total);
    }
    return sum / truths.size();
  }
}
