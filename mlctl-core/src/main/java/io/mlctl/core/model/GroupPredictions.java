package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.table.TableReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * How often a classifier predicts each of its labels, per group of one column: the selection rates
 * of unlabelled data (served traffic has no truth to compare with), streamed in batches as
 * {@code predict} does. Rows are encoded as every other scoring path encodes them.
 */
public final class GroupPredictions {
  private GroupPredictions() {}

  /**
   * Counts per group value and label.
   *
   * @param table rows holding the model's features and the {@code column} (which may be one of them)
   * @return group value (missing values are the group {@code ""}) to one count per label, in the
   *     order of {@code model.card().labels()}
   */
  @SuppressWarnings("unchecked")
  public static Map<String, long[]> count(TrainedModel model, TableReader table, String column) {
    ModelCard card = model.card();
    if (card.task() != Task.CLASSIFICATION) {
      throw new BadArgumentException("--slice counts predicted labels, and " + model.shownAs() + " is a regression model",
          "use a classification model, or drop --slice");
    }
    List<String> labels = card.labels();
    RowEncoder enc = new RowEncoder(table, card.features(), null);
    int col = RowEncoder.requireColumn(table, column, "slice");
    Map<String, long[]> counts = new TreeMap<>();
    List<Example<Label>> batch = new ArrayList<>(Evaluate.BATCH);
    List<String> groups = new ArrayList<>(Evaluate.BATCH);
    Model<Label> m = (Model<Label>) model.model();
    for (String[] row = table.next(); ; row = table.next()) {
      if (row != null) {
        batch.add(enc.example(row, LabelFactory.UNKNOWN_LABEL));
        groups.add(row[col] == null ? "" : row[col]);
      }
      if (row == null || batch.size() == Evaluate.BATCH) {
        if (!batch.isEmpty()) {
          List<Prediction<Label>> ps = m.predict(batch);
          for (int i = 0; i < ps.size(); i++) {
            int l = labels.indexOf(ps.get(i).getOutput().getLabel());
            if (l >= 0) {
              counts.computeIfAbsent(groups.get(i), g -> new long[labels.size()])[l]++;
            }
          }
          batch.clear();
          groups.clear();
        }
        if (row == null) {
          return counts;
        }
      }
    }
  }
}
