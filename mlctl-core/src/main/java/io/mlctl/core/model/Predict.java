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
  /**
   * Rows scored.
   *
   * @param unseen for each categorical feature, how many rows held a category the model was not
   *     trained on (only features with any such row); the model scores them as it can, on the others
   * @param unseenExamples for each such feature, the first few categories met (one more than {@value #EXAMPLES} when there are more)
   */
  public record Result(long rows, Map<String, Long> unseen, Map<String, List<String>> unseenExamples) {}

  private static final int EXAMPLES = 3;

  public Result call(TrainedModel model, Path input, String inputShown, Path output, boolean proba) {
    return call(model, input, inputShown, output, proba, List.of());
  }

  /**
   * @param keep input columns copied into the output, before the prediction, as they are (ids)
   */
  public Result call(TrainedModel model, Path input, String inputShown, Path output, boolean proba, List<String> keep) {
    checkProba(model, proba);
    try (TableReader csv = TableReader.open(input, inputShown)) {
      return call(model, csv, output, proba, keep);
    }
  }

  /** Scores the rows of {@code csv} (standard input, say) into the file {@code output}. */
  public Result call(TrainedModel model, TableReader csv, Path output, boolean proba, List<String> keep) {
    checkProba(model, proba);
    try (StreamedFile out = StreamedFile.create(output)) {
      Result r;
      try (Writer w = new BufferedWriter(new OutputStreamWriter(out.open(), StandardCharsets.UTF_8), 1 << 16)) {
        r = write(model, csv, w, proba, keep);
      } catch (IOException e) {
        throw StorageException.of("write", output, e);
      }
      out.commit();
      return r;
    }
  }

  /**
   * Scores the rows of {@code csv} into {@code out}, a stream such as standard output that has no
   * file to rename into place. Flushes {@code out} but leaves it open.
   *
   * @param outShown how an error writing {@code out} names it
   */
  public Result call(TrainedModel model, TableReader csv, Writer out, String outShown, boolean proba, List<String> keep) {
    checkProba(model, proba);
    try {
      Writer w = new BufferedWriter(out, 1 << 16);
      Result r = write(model, csv, w, proba, keep);
      w.flush();
      return r;
    } catch (IOException e) {
      throw new StorageException("cannot write " + outShown + ": " + e.getMessage(), null, e);
    }
  }

  private static void checkProba(TrainedModel model, boolean proba) {
    if (proba && model.card().task() != Task.CLASSIFICATION) {
      throw new BadArgumentException("--proba is for classification models; " + model.shownAs() + " is a regression model",
          "drop --proba");
    }
  }

  private static Result write(TrainedModel model, TableReader csv, Writer w, boolean proba, List<String> keep) throws IOException {
    ModelCard card = model.card();
    boolean classes = card.task() == Task.CLASSIFICATION;
    List<String> labels = card.labels();
    RowEncoder enc = new RowEncoder(csv, card.features(), null);
    int[] kept = new int[keep.size()];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = RowEncoder.requireColumn(csv, keep.get(i), "--keep");
    }
    Unseen unseen = new Unseen(csv, card.features());
    CsvWriter cw = new CsvWriter(w);
    List<String> header = new ArrayList<>(keep);
    header.add("prediction");
    if (proba) {
      labels.forEach(l -> header.add("proba_" + l));
    }
    cw.write(header.toArray(new String[0]));
    List<Example<Label>> lb = new ArrayList<>();
    List<Example<Regressor>> rb = new ArrayList<>();
    List<String[]> keptValues = new ArrayList<>();
    for (String[] row = csv.next(); ; row = csv.next()) {
      if (row != null) {
        unseen.check(row);
        String[] k = new String[kept.length];
        for (int i = 0; i < kept.length; i++) {
          k[i] = row[kept[i]];
        }
        keptValues.add(k);
        if (classes) {
          lb.add(enc.example(row, LabelUnknown.LABEL));
        } else {
          rb.add(enc.example(row, LabelUnknown.REGRESSOR));
        }
      }
      if (row == null || lb.size() + rb.size() == Evaluate.BATCH) {
        write(model.model(), classes, proba, labels, lb, rb, keptValues, cw);
        lb.clear();
        rb.clear();
        keptValues.clear();
      }
      if (row == null) {
        break;
      }
    }
    return new Result(csv.rows(), unseen.counts, unseen.examples);
  }

  @SuppressWarnings("unchecked")
  private static void write(Model<?> model, boolean classes, boolean proba, List<String> labels, List<Example<Label>> lb,
      List<Example<Regressor>> rb, List<String[]> kept, CsvWriter cw) throws IOException {
    if (classes && !lb.isEmpty()) {
      List<Prediction<Label>> ps = ((Model<Label>) model).predict(lb);
      for (int r = 0; r < ps.size(); r++) {
        Prediction<Label> p = ps.get(r);
        String[] k = kept.get(r);
        String[] row = new String[k.length + 1 + (proba ? labels.size() : 0)];
        System.arraycopy(k, 0, row, 0, k.length);
        row[k.length] = p.getOutput().getLabel();
        if (proba) {
          Map<String, Label> scores = p.getOutputScores();
          for (int i = 0; i < labels.size(); i++) {
            Label s = scores.get(labels.get(i));
            row[k.length + i + 1] = String.valueOf(s == null ? 0.0 : s.getScore());
          }
        }
        cw.write(row);
      }
    } else if (!classes && !rb.isEmpty()) {
      List<Prediction<Regressor>> ps = ((Model<Regressor>) model).predict(rb);
      for (int r = 0; r < ps.size(); r++) {
        String[] k = kept.get(r);
        String[] row = java.util.Arrays.copyOf(k, k.length + 1);
        row[k.length] = String.valueOf(ps.get(r).getOutput().getValues()[0]);
        cw.write(row);
      }
    }
  }

  /** Counts, per categorical feature, the rows whose category the model was not trained on. */
  private static final class Unseen {
    final Map<String, Long> counts = new java.util.LinkedHashMap<>();
    final Map<String, List<String>> examples = new java.util.LinkedHashMap<>();
    private final List<Feature> features = new ArrayList<>();
    private final List<Integer> columns = new ArrayList<>();
    private final List<java.util.Set<String>> known = new ArrayList<>();

    Unseen(TableReader csv, List<Feature> all) {
      for (Feature f : all) {
        if (f.type() != Feature.Kind.NUMERIC && !f.categories().isEmpty()) {
          features.add(f);
          columns.add(csv.column(f.name()));
          known.add(new java.util.HashSet<>(f.categories()));
        }
      }
    }

    void check(String[] row) {
      for (int i = 0; i < features.size(); i++) {
        String v = row[columns.get(i)];
        if (!known.get(i).contains(v)) {
          String name = features.get(i).name();
          counts.merge(name, 1L, Long::sum);
          List<String> ex = examples.computeIfAbsent(name, k -> new ArrayList<>());
          if (ex.size() <= EXAMPLES && !ex.contains(v)) {
            ex.add(v);
          }
        }
      }
    }
  }

  /** The placeholder outputs of examples whose truth is unknown. */
  private static final class LabelUnknown {
    static final Label LABEL = org.tribuo.classification.LabelFactory.UNKNOWN_LABEL;
    static final Regressor REGRESSOR = org.tribuo.regression.RegressionFactory.UNKNOWN_REGRESSOR;
  }
}
