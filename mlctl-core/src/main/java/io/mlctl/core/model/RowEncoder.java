package io.mlctl.core.model;

import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import io.mlctl.core.table.Numbers;
import io.mlctl.core.util.Spelling;
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
final class RowEncoder implements FeatureEncoding.Row {
  private final TableReader csv;
  private final List<Feature> features;
  private final int[] columns;
  private final int labelColumn;
  private final String labelName;
  private final FeatureEncoding encoding;
  private String[] current;

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
    this.encoding = new FeatureEncoding(features);
    this.labelColumn = label == null ? -1 : requireColumn(csv, label, "label");
  }

  static int requireColumn(TableReader csv, String name, String what) {
    int c = csv.column(name);
    if (c < 0) {
      String header = "the header has " + String.join(", ", csv.header());
      throw BadInputException.at(csv.shownAs(), 1, 0, "the " + what + " column '" + name + "' is missing",
          Spelling.closest(name, java.util.List.of(csv.header())).map(near -> "did you mean '" + near + "'? " + header).orElse(header));
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
    String v = row[labelColumn];
    double d = Numbers.parse(v);
    if (!Double.isFinite(d)) {
      // Regression predicts numbers; a label of words means the user wanted classes.
      throw csv.errorAt(labelColumn, "regression predicts numbers: " + (v.isBlank() ? "an empty value" : "'" + v + "' is not a number"),
          "if '" + labelName + "' holds classes, train a classifier: --task classification, or --algorithm logistic, cart,"
              + " random-forest or linear-svm");
    }
    return new Regressor(labelName, d);
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

  /** An example of a record, encoded as {@link FeatureEncoding} encodes every row. */
  <T extends Output<T>> ArrayExample<T> example(String[] row, T output) {
    current = row;
    return encoding.example(this, output);
  }

  @Override
  public double number(int feature) {
    return number(current, columns[feature]);
  }

  @Override
  public String category(int feature) {
    return current[columns[feature]];
  }
}
