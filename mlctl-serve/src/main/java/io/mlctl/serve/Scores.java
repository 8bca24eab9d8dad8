package io.mlctl.serve;

import java.util.List;

/**
 * What a model answered for the instances of one request, in order. Classification fills
 * {@code labels} and {@code scores} (one row per instance, one column per class of
 * {@code classes}); regression fills {@code values}.
 */
record Scores(List<String> classes, String[] labels, double[][] scores, double[] values) {
  int size() {
    return labels != null ? labels.length : values.length;
  }

  boolean classification() {
    return labels != null;
  }
}
