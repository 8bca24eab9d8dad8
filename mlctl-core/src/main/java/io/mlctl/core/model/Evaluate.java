package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.table.TableReader;
import io.mlctl.core.StorageException;
import io.mlctl.core.store.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;

/**
 * Scores a model on a labelled CSV file, streaming it in batches. The metrics use the contract's
 * keys; with a slice column the same metrics are computed for each of its values, and
 * {@code slice.min.KEY} / {@code slice.max.KEY} give the worst and best group so a gate can
 * require every group to do well. A classifier's slices also get fairlearn's group fairness
 * metrics under {@code fairness} (see {@link Fairness}). The metrics name the SHA-256 of the model
 * and of the data ({@code model_sha256}, {@code data_sha256}), which binds them to that model: the
 * registry accepts them for it only.
 */
public final class Evaluate {
  static final int BATCH = 4096;

  /**
   * @param slice a column whose values split the rows into groups, or null
   */
  public Map<String, Object> call(TrainedModel model, Path data, String dataShown, String slice) {
    return call(model, data, dataShown, slice, null);
  }

  /**
   * @param slice a column whose values split the rows into groups, or null
   * @param positive the class that is the positive outcome for the fairness metrics, or null for
   *     the default ({@link Fairness#positiveClass})
   */
  public Map<String, Object> call(TrainedModel model, Path data, String dataShown, String slice, String positive) {
    long start = System.nanoTime();
    ModelCard card = model.card();
    boolean classes = card.task() == Task.CLASSIFICATION;
    if (positive != null && (slice == null || !classes)) {
      throw new BadArgumentException("--positive names the positive class for fairness metrics",
          classes ? "use it with --slice COLUMN" : model.shownAs() + " is a regression model; drop --positive");
    }
    Fairness fairness = slice != null && classes ? new Fairness(slice, Fairness.positiveClass(card.labels(), positive)) : null;
    String dataHash;
    try {
      dataHash = Sha256.of(data);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BadInputException(dataShown + ": no such file", "check the path");
    } catch (IOException e) {
      throw StorageException.of("read", data, e);
    }
    Object all = classes ? new ClassTally(card.labels()) : new RegressionTally();
    Map<String, Object> groups = new TreeMap<>();
    try (TableReader csv = TableReader.open(data, dataShown)) {
      RowEncoder enc = new RowEncoder(csv, card.features(), card.label());
      int sliceCol = slice == null ? -1 : RowEncoder.requireColumn(csv, slice, "slice");
      List<Example<Label>> lb = new ArrayList<>();
      List<Example<Regressor>> rb = new ArrayList<>();
      List<String> keys = new ArrayList<>();
      for (String[] row = csv.next(); ; row = csv.next()) {
        if (row != null) {
          if (classes) {
            lb.add(enc.example(row, enc.label(row)));
          } else {
            rb.add(enc.example(row, enc.target(row)));
          }
          keys.add(sliceCol < 0 ? null : row[sliceCol]);
        }
        if (row == null || keys.size() == BATCH) {
          score(model.model(), classes, lb, rb, keys, all, groups, card, fairness);
          lb.clear();
          rb.clear();
          keys.clear();
        }
        if (row == null) {
          break;
        }
      }
      if (csv.rows() == 0) {
        throw BadInputException.at(dataShown, 2, 0, "the CSV file has a header but no rows", "evaluation needs labelled rows");
      }
    }
    if (slice != null && groups.size() < 2) {
      throw new BadInputException(dataShown + ": the slice column '" + slice + "' holds a single group ('"
          + groups.keySet().iterator().next() + "')", "slicing compares groups; pick a column with two values or more");
    }
    Map<String, Object> metrics = new LinkedHashMap<>(metricsOf(all));
    if (slice != null) {
      metrics.put("slice", slices(slice, groups));
    }
    if (fairness != null) {
      metrics.put("fairness", fairness.metrics());
    }
    metrics.put("eval_seconds", (System.nanoTime() - start) / 1e9);
    metrics.put("model_sha256", model.sha256());
    metrics.put("data_sha256", dataHash);
    return metrics;
  }

  @SuppressWarnings("unchecked")
  private static void score(Model<?> model, boolean classes, List<Example<Label>> lb, List<Example<Regressor>> rb,
      List<String> keys, Object all, Map<String, Object> groups, ModelCard card, Fairness fairness) {
    if (keys.isEmpty()) {
      return;
    }
    if (classes) {
      List<Prediction<Label>> ps = ((Model<Label>) model).predict(lb);
      boolean probabilities = model.generatesProbabilities();
      for (int i = 0; i < ps.size(); i++) {
        String t = lb.get(i).getOutput().getLabel();
        String p = ps.get(i).getOutput().getLabel();
        Map<String, Double> proba = probabilities ? probabilities(ps.get(i)) : null;
        add((ClassTally) all, t, p, proba);
        if (keys.get(i) != null) {
          add((ClassTally) groups.computeIfAbsent(keys.get(i), k -> new ClassTally(card.labels())), t, p, proba);
          fairness.add(keys.get(i), t, p);
        }
      }
    } else {
      List<Prediction<Regressor>> ps = ((Model<Regressor>) model).predict(rb);
      for (int i = 0; i < ps.size(); i++) {
        double t = rb.get(i).getOutput().getValues()[0];
        double p = ps.get(i).getOutput().getValues()[0];
        ((RegressionTally) all).add(t, p);
        if (keys.get(i) != null) {
          ((RegressionTally) groups.computeIfAbsent(keys.get(i), k -> new RegressionTally())).add(t, p);
        }
      }
    }
  }

  private static void add(ClassTally tally, String truth, String predicted, Map<String, Double> proba) {
    if (proba == null) {
      tally.add(truth, predicted);
    } else {
      tally.add(truth, predicted, proba);
    }
  }

  private static Map<String, Double> probabilities(Prediction<Label> p) {
    Map<String, Double> out = new java.util.HashMap<>();
    p.getOutputScores().forEach((k, v) -> out.put(k, v.getScore()));
    return out;
  }

  private static Map<String, Object> metricsOf(Object tally) {
    return tally instanceof ClassTally c ? c.metrics() : ((RegressionTally) tally).metrics();
  }

  /** {@code {"column", "min": {KEY: worst}, "max": {KEY: best}, "groups": {VALUE: metrics}}}. */
  private static Map<String, Object> slices(String column, Map<String, Object> groups) {
    Map<String, Object> by = new LinkedHashMap<>();
    Map<String, Double> min = new TreeMap<>();
    Map<String, Double> max = new TreeMap<>();
    Map<String, String> minGroup = new TreeMap<>();
    Map<String, String> maxGroup = new TreeMap<>();
    for (Map.Entry<String, Object> g : groups.entrySet()) {
      Map<String, Object> m = metricsOf(g.getValue());
      by.put(g.getKey(), m);
      for (Map.Entry<String, Object> e : m.entrySet()) {
        if (e.getValue() instanceof Double d && !e.getKey().equals("rows")) {
          // Groups come in sorted order, so a tie names the first group that reached the value.
          if (!min.containsKey(e.getKey()) || d < min.get(e.getKey())) {
            min.put(e.getKey(), d);
            minGroup.put(e.getKey(), g.getKey());
          }
          if (!max.containsKey(e.getKey()) || d > max.get(e.getKey())) {
            max.put(e.getKey(), d);
            maxGroup.put(e.getKey(), g.getKey());
          }
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("column", column);
    out.put("min", min);
    out.put("min_group", minGroup);
    out.put("max", max);
    out.put("max_group", maxGroup);
    out.put("groups", by);
    return out;
  }
}
