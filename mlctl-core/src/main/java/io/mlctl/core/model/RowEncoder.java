package io.mlctl.core.model;

import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import io.mlctl.core.table.Numbers;
import java.util.List;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

/**
 * Turns CSV records into Tribuo examples for a fixed list of features, checking each value:
 * a numeric feature must hold a finite number, and the error names the file, line and column.
 * Not thread-safe (it reuses the reader's position for messages).
 */
final class RowEncoder {
  private final TableReader csv;
  private final List<Feature> features;
  private final int[] columns;
  private final int labelColumn;
  private final String labelName;

  /**
   * @param label the label column, or null when the records carry no label (batch prediction)
   */
  RowEncoder(TableReader csv, List<Feature> features, String label) {
    this.csv = csv;
    this.features = features;
    this.columns = new int[features.size()];
    for (int i = 0; i < columns.length; i++) {
      String name = features.get(i).name();
      columns[i] = csv.column(name);
      if (columns[i] < 0) {
        throw BadInputException.at(csv.shownAs(), 1, 0, "the feature column '" + name + "' is missing",
            "the model was trained with " + String.join(", ", features.stream().map(Feature::name).toList()));
      }
    }
    this.labelName = label;
    this.labelColumn = label == null ? -1 : requireColumn(csv, label, "label");
  }

  static int requireColumn(TableReader csv, String name, String what) {
    int c = csv.column(name);
    if (c < 0) {
      throw BadInputException.at(csv.shownAs(), 1, 0, "the " + what + " column '" + name + "' is missing",
          "the header has " + String.join(", ", csv.header()));
    }
    return c;
  }

  int labelColumn() {
    return labelColumn;
  }

  /** The label of a record as a class. */
  Label label(String[] row) {
    return new Label(row[labelColumn]);
  }

  /** The label of a record as a number. */
  Regressor target(String[] row) {
    return new Regressor(labelName, number(row, labelColumn));
  }

  double number(String[] row, int column) {
    String v = row[column];
    double d = Numbers.parse(v);
    if (!Double.isFinite(d)) {
      throw csv.errorAt(column, v.isBlank() ? "an empty value" : "'" + v + "' is not a number",
          "a numeric column needs a number in every row; train with --categorical COLUMN if it holds categories");
    }
    return d;
  }

  /**
   * An example of a record. A categorical feature whose categories are known (from a card) gets
   * all of them, 1 for the row's value and explicit 0 for the others, as training saw them after
   * densifying; a value unknown to the model becomes a feature the model ignores.
   */
  <T extends Output<T>> ArrayExample<T> example(String[] row, T output) {
    int size = 0;
    for (Feature f : features) {
      size += f.categories().isEmpty() ? 1 : f.categories().size() + 1;
    }
    String[] names = new String[size];
    double[] values = new double[size];
    int n = 0;
    for (int i = 0; i < columns.length; i++) {
      Feature f = features.get(i);
      if (f.type() == Feature.Kind.NUMERIC) {
        names[n] = f.name();
        values[n++] = number(row, columns[i]);
      } else if (f.categories().isEmpty()) {
        names[n] = Feature.oneHot(f.name(), row[columns[i]]);
        values[n++] = 1.0;
      } else {
        String v = row[columns[i]];
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
    return new ArrayExample<>(output, java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(values, n));
  }
}
