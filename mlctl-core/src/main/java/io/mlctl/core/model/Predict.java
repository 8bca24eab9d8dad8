package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.StorageException;
import io.mlctl.core.table.TableReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Scores a CSV file with a model, streaming it in batches so files larger than memory work. The
 * output has one row per input row, in order: {@code prediction} and, with class scores asked
 * for, {@code proba_LABEL} for each of the model's classes. A label column in the input is
 * ignored. The output is written temp-then-rename.
 */
public final class Predict {
  /** Rows scored. */
  public record Result(long rows) {}

  public Result call(TrainedModel model, Path input, String inputShown, Path output, boolean proba) {
    checkProba(model, proba);
    try (TableReader csv = TableReader.open(input, inputShown)) {
      return call(model, csv, output, proba);
    }
  }

  /** Scores the rows of {@code csv} (standard input, say) into the file {@code output}. */
  public Result call(TrainedModel model, TableReader csv, Path output, boolean proba) {
    checkProba(model, proba);
    try (StreamedFile out = StreamedFile.create(output)) {
      try (Writer w = new BufferedWriter(new OutputStreamWriter(out.open(), StandardCharsets.UTF_8), 1 << 16)) {
        write(model, csv, w, proba);
      } catch (IOException e) {
        throw StorageException.of("write", output, e);
      }
      out.commit();
      return new Result(csv.rows());
    }
  }

  /**
   * Scores the rows of {@code csv} into {@code out}, a stream such as standard output that has no
   * file to rename into place. Flushes {@code out} but leaves it open.
   *
   * @param outShown how an error writing {@code out} names it
   */
  public Result call(TrainedModel model, TableReader csv, Writer out, String outShown, boolean proba) {
    checkProba(model, proba);
    try {
      Writer w = new BufferedWriter(out, 1 << 16);
      write(model, csv, w, proba);
      w.flush();
    } catch (IOException e) {
      throw new StorageException("cannot write " + outShown + ": " + e.getMessage(), null, e);
    }
    return new Result(csv.rows());
  }

  private static void checkProba(TrainedModel model, boolean proba) {
    if (proba && model.card().task() != Task.CLASSIFICATION) {
      throw new BadArgumentException("--proba is for classification models; " + model.shownAs() + " is a regression model",
          "drop --proba");
    }
  }

  private static void write(TrainedModel model, TableReader csv, Writer w, boolean proba) throws IOException {
    ModelCard card = model.card();
    boolean classes = card.task() == Task.CLASSIFICATION;
    List<String> labels = card.labels();
    RowEncoder enc = new RowEncoder(csv, card.features(), null);
    CsvWriter cw = new CsvWriter(w);
    List<String> header = new ArrayList<>(List.of("prediction"));
    if (proba) {
      labels.forEach(l -> header.add("proba_" + l));
    }
    cw.write(header.toArray(new String[0]));
    List<Example<Label>> lb = new ArrayList<>();
    List<Example<Regressor>> rb = new ArrayList<>();
    for (String[] row = csv.next(); ; row = csv.next()) {
      if (row != null) {
        if (classes) {
          lb.add(enc.example(row, LabelUnknown.LABEL));
        } else {
          rb.add(enc.example(row, LabelUnknown.REGRESSOR));
        }
      }
      if (row == null || lb.size() + rb.size() == Evaluate.BATCH) {
        write(model.model(), classes, proba, labels, lb, rb, cw);
        lb.clear();
        rb.clear();
      }
      if (row == null) {
        break;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static void write(Model<?> model, boolean classes, boolean proba, List<String> labels, List<Example<Label>> lb,
      List<Example<Regressor>> rb, CsvWriter cw) throws IOException {
    if (classes && !lb.isEmpty()) {
      for (Prediction<Label> p : ((Model<Label>) model).predict(lb)) {
        String[] row = new String[1 + (proba ? labels.size() : 0)];
        row[0] = p.getOutput().getLabel();
        if (proba) {
          Map<String, Label> scores = p.getOutputScores();
          for (int i = 0; i < labels.size(); i++) {
            Label s = scores.get(labels.get(i));
            row[i + 1] = String.valueOf(s == null ? 0.0 : s.getScore());
          }
        }
        cw.write(row);
      }
    } else if (!classes && !rb.isEmpty()) {
      for (Prediction<Regressor> p : ((Model<Regressor>) model).predict(rb)) {
        cw.write(new String[] {String.valueOf(p.getOutput().getValues()[0])});
      }
    }
  }

  /** The placeholder outputs of examples whose truth is unknown. */
  private static final class LabelUnknown {
    static final Label LABEL = org.tribuo.classification.LabelFactory.UNKNOWN_LABEL;
    static final Regressor REGRESSOR = org.tribuo.regression.RegressionFactory.UNKNOWN_REGRESSOR;
  }
}
