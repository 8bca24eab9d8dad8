package io.mlctl.core.model;

import java.util.List;

/**
 * One input column of a model. A numeric column becomes one Tribuo feature named like the column;
 * a categorical one is one-hot encoded as Tribuo's field processors do it: a feature
 * {@code COLUMN@VALUE} with value 1 for the value the row holds.
 *
 * @param categories the values seen in training (categorical only; empty for numeric)
 */
public record Feature(String name, Kind type, List<String> categories) {
  public enum Kind {
    NUMERIC, CATEGORICAL;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind parse(String s) {
      return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Feature {
    categories = List.copyOf(categories);
  }

  /** The Tribuo feature name a categorical value becomes. */
  public static String oneHot(String column, String value) {
    return column + "@" + value;
  }
}
