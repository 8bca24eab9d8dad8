package io.mlctl.serve;

import io.mlctl.core.model.Feature;
import io.mlctl.core.model.FeatureEncoding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One checked instance: a finite number for each numeric feature, a value for each categorical one. */
final class Instance implements FeatureEncoding.Row {
  private final double[] numbers;
  private final String[] categories;

  Instance(int features) {
    this.numbers = new double[features];
    this.categories = new String[features];
  }

  void number(int feature, double v) {
    numbers[feature] = v;
  }

  void category(int feature, String v) {
    categories[feature] = v;
  }

  @Override
  public double number(int feature) {
    return numbers[feature];
  }

  @Override
  public String category(int feature) {
    return categories[feature];
  }

  /** The instance as the request log records it: feature name to value, in the card's order. */
  Map<String, Object> asMap(List<Feature> features) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < features.size(); i++) {
      Feature f = features.get(i);
      m.put(f.name(), f.type() == Feature.Kind.NUMERIC ? (Object) numbers[i] : categories[i]);
    }
    return m;
  }
}
