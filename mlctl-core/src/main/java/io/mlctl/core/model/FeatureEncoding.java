package io.mlctl.core.model;

import io.mlctl.core.table.Numbers;
import java.util.Arrays;
import java.util.List;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;

/**
 * The one way a row of feature values becomes a Tribuo example, for training, evaluation, batch
 * prediction and serving alike, so a model never sees a row encoded differently from the rows it
 * was trained on. A categorical feature whose categories are known (from a card) gets all of
 * them, 1 for the row's value and explicit 0 for the others, as training saw them after
 * densifying; a value unknown to the model becomes a feature the model ignores. Immutable and
 * thread-safe; the values are checked by the caller (a numeric value is a finite number).
 */
public final class FeatureEncoding {
  /** The values of one row, by feature position (the order of the features given). */
  public interface Row {
    /** The value of a numeric feature: a finite number. */
    double number(int feature);

    /** The value of a categorical feature. */
    String category(int feature);
  }

  private final Feature[] features;
  private final int size;

  public FeatureEncoding(List<Feature> features) {
    this.features = features.toArray(new Feature[0]);
    int n = 0;
    for (Feature f : this.features) {
      n += f.categories().isEmpty() ? 1 : f.categories().size() + 1;
    }
    this.size = n;
  }

  /**
   * A number as {@code predict} reads it from a CSV file, or NaN when the text is not one (the
   * caller rejects it: NaN and the infinities are never a feature value).
   */
  public static double parseNumber(String text) {
    return Numbers.parse(text);
  }

  public <T extends Output<T>> ArrayExample<T> example(Row row, T output) {
    String[] names = new String[size];
    double[] values = new double[size];
    int n = 0;
    for (int i = 0; i < features.length; i++) {
      Feature f = features[i];
      if (f.type() == Feature.Kind.NUMERIC) {
        names[n] = f.name();
        values[n++] = row.number(i);
      } else if (f.categories().isEmpty()) {
        names[n] = Feature.oneHot(f.name(), row.category(i));
        values[n++] = 1.0;
      } else {
        String v = row.category(i);
        boolean known = false;
        for (String c : f.categories()) {
          names[n] = Feature.oneHot(f.name(), c);
          boolean hit = c.equals(v);
          known |= hit;
          values[n++] = hit ? 1.0 : 0.0;
        }
        if (!known) {
          names[n] = Feature.oneHot(f.name(), v);
          values[n++] = 1.0;
        }
      }
    }
    return n == size ? new ArrayExample<>(output, names, values)
        : new ArrayExample<>(output, Arrays.copyOf(names, n), Arrays.copyOf(values, n));
  }
}
