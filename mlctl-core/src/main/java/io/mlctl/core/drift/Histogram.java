package io.mlctl.core.drift;

import java.util.List;

/**
 * What a report draws for a column: the share of each sample in each bin. A numeric column gets
 * equal-width bins over both samples' range (labels are the bins' lower edges); a categorical one
 * a bar per category, the most frequent first, the rest summed as "other". Immutable.
 */
public record Histogram(boolean categorical, List<String> labels, double[] reference, double[] current) {
  public Histogram {
    labels = List.copyOf(labels);
  }
}
