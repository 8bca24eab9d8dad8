package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import org.tribuo.Example;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

/**
 * Chosen rows of a CSV file as examples for a classifier's features, for operations that look at
 * a few rows closely (explanations). A label column in the file is ignored. Rows are numbered
 * from 1, the first row after the header, as a user counts them in a spreadsheet.
 */
public final class InputRows {
  private InputRows() {}

  /** A data row: its 1-based number and the example made of it. */
  public record Row(int number, Example<Label> example) {}

  /**
   * @param wanted the row numbers to read (1-based); empty reads every row
   */
  public static List<Row> read(TrainedModel model, Path csvFile, String shown, SortedSet<Integer> wanted) {
    if (model.card().task() != Task.CLASSIFICATION) {
      throw new BadArgumentException(model.shownAs() + " is a regression model; these rows are read for a classifier", "use a classification model");
    }
    if (!wanted.isEmpty() && wanted.first() < 1) {
      throw new BadInputException(shown + ": row " + wanted.first() + " is out of range", "rows are numbered from 1, the first line after the header");
    }
    List<Row> out = new ArrayList<>();
    try (TableReader csv = TableReader.open(csvFile, shown)) {
      RowEncoder enc = new RowEncoder(csv, model.card().features(), null);
      int last = wanted.isEmpty() ? Integer.MAX_VALUE : wanted.last();
      int n = 0;
      for (String[] row = csv.next(); row != null && n < last; row = csv.next()) {
        n++;
        if (wanted.isEmpty() || wanted.contains(n)) {
          out.add(new Row(n, enc.example(row, LabelFactory.UNKNOWN_LABEL)));
        }
      }
      if (n == 0) {
        throw BadInputException.at(shown, 2, 0, "the CSV file has a header but no rows", "give rows to explain");
      }
      if (!wanted.isEmpty() && n < last) {
        int missing = wanted.tailSet(n + 1).first();
        throw new BadInputException(shown + ": row " + missing + " is out of range (the file has " + n + " data row" + (n == 1 ? "" : "s") + ")",
            "rows are numbered from 1, the first line after the header");
      }
    }
    return out;
  }
}
