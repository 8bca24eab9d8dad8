package io.mlctl.core.model;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.Version;
import io.mlctl.core.store.Sha256;
import io.mlctl.core.table.TableReader;
import io.mlctl.core.table.Numbers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Trains a Tribuo model from a CSV file with a header and writes it in Tribuo's protobuf format
 * with its card beside it. Feature types come from the data: a column whose value in the first
 * row is a number is numeric, any other is categorical, as is one named in
 * {@link Spec#categorical()}. A later non-number in a numeric column is an error naming its line
 * and column rather than a silent switch to categorical, so a typo in the data cannot change
 * what the model reads. The same data, parameters and seed give the same model.
 */
public final class Train {
  static final int SNIFF_ROWS = 1;

  private final Path root;
  private final Clock clock;

  /**
   * @param root the project root, or null outside a project (the card then has no commit or pointer)
   */
  public Train(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /**
   * What to train.
   *
   * @param features the feature columns; empty: every column but the label
   * @param categorical columns to treat as categorical even when they hold numbers
   * @param shown how messages and the card name a path: relative to the project root
   */
  public record Spec(Path data, String label, Task task, Algorithm algorithm, Map<String, String> params, long seed,
      List<String> features, List<String> categorical, Path out, java.util.function.Function<Path, String> shown) {}

  /** A trained model: where it and its card were written, the card, and the training metrics. */
  public record Result(Path model, Path cardFile, ModelCard card, Map<String, Object> metrics) {}

  public Result call(Spec spec) {
    if (!spec.algorithm().supports(spec.task())) {
      throw new BadArgumentException("the algorithm '" + spec.algorithm().id() + "' cannot do " + spec.task().id(),
          "pick one for " + spec.task().id() + "; see 'mlctl train --help'");
    }
    Map<String, Object> params = spec.algorithm().resolve(spec.params());
    String dataShown = spec.shown().apply(spec.data());
    Loaded loaded = load(spec, dataShown);
    if (params.containsKey("epochs")) {
      // the card records the passes made, not the "auto" that chose them
      params.put("epochs", Algorithm.epochs(params, loaded.rows));
    }
    List<String> numeric = loaded.features.stream().filter(f -> f.type() == Feature.Kind.NUMERIC).map(Feature::name).toList();
    TribuoLogging.quiet();
    if (spec.algorithm() == Algorithm.LINEAR) {
      // LARS centres every feature: a one-hot feature a row lacks must be an explicit 0 for that.
      loaded.dataset.densify();
    }
    long start = System.nanoTime();
    Model<?> model;
    try {
      model = spec.task() == Task.CLASSIFICATION
          ? spec.algorithm().classificationTrainer(params, spec.seed(), numeric, loaded.rows).train(classes(loaded.dataset))
          : spec.algorithm().regressionTrainer(params, spec.seed(), numeric, loaded.rows).train(numbers(loaded.dataset));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new BadInputException(dataShown + ": Tribuo cannot train on this data: " + e.getMessage(), "check the label and feature columns");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> metrics = trainingMetrics(model, loaded, spec.task());
    metrics.put("train_seconds", seconds);
    String dataHash;
    try {
      dataHash = Sha256.of(spec.data());
    } catch (IOException e) {
      throw StorageException.of("hash", spec.data(), e);
    }
    ModelCard.TrainingData data = new ModelCard.TrainingData(dataShown, dataHash, loaded.rows, pointer(spec.data()));
    ModelCard card = new ModelCard(null, spec.task(), spec.algorithm().id(), params, spec.seed(), spec.label(),
        spec.task() == Task.CLASSIFICATION ? loaded.labels : List.of(), loaded.features, data, null, null, Version.get(), Map.of(), metrics);
    return new ModelWriter(root, clock).write(model, card, spec.out());
  }

  @SuppressWarnings("unchecked")
  private static MutableDataset<Label> classes(MutableDataset<?> d) {
    return (MutableDataset<Label>) d;
  }

  @SuppressWarnings("unchecked")
  private static MutableDataset<Regressor> numbers(MutableDataset<?> d) {
    return (MutableDataset<Regressor>) d;
  }

  private record Loaded(MutableDataset<?> dataset, List<Feature> features, List<String> labels, long rows) {}

  private Loaded load(Spec spec, String shown) {
    try (TableReader csv = TableReader.open(spec.data(), shown)) {
      int labelCol = RowEncoder.requireColumn(csv, spec.label(), "label");
      List<String> names = featureNames(csv, spec);
      List<String[]> head = new ArrayList<>();
      List<Integer> headLines = new ArrayList<>();
      String[] first;
      while (head.size() < SNIFF_ROWS && (first = csv.next()) != null) {
        head.add(first);
        headLines.add(csv.line());
      }
      if (head.isEmpty()) {
        throw BadInputException.at(shown, 2, 0, "the CSV file has a header but no rows", "training needs data");
      }
      List<Feature> sniffed = sniff(csv, names, head, spec.categorical());
      RowEncoder enc = new RowEncoder(csv, sniffed, spec.label());
      List<Set<String>> cats = new ArrayList<>();
      sniffed.forEach(f -> cats.add(new TreeSet<>()));
      int[] cols = new int[sniffed.size()];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = csv.column(sniffed.get(i).name());
      }
      Set<String> labels = new TreeSet<>();
      MutableDataset<?> ds;
      if (spec.task() == Task.CLASSIFICATION) {
        MutableDataset<Label> d = new MutableDataset<>(new SimpleDataSourceProvenance(shown, OffsetDateTime.now(clock), new LabelFactory()), new LabelFactory());
        forEachRow(csv, head, headLines, row -> {
          if (row[labelCol].isEmpty()) {
            throw csv.errorAt(labelCol, "an empty label", "every training row needs a label");
          }
          labels.add(row[labelCol]);
          collect(sniffed, cols, row, cats);
          d.add(enc.example(row, enc.label(row)));
        });
        if (labels.size() < 2) {
          throw new BadInputException(shown + ": the label column '" + spec.label() + "' holds only " + labels,
              "classification needs at least two classes");
        }
        ds = d;
      } else {
        MutableDataset<Regressor> d = new MutableDataset<>(new SimpleDataSourceProvenance(shown, OffsetDateTime.now(clock), new RegressionFactory()), new RegressionFactory());
        forEachRow(csv, head, headLines, row -> {
          collect(sniffed, cols, row, cats);
          d.add(enc.example(row, enc.target(row)));
        });
        ds = d;
      }
      List<Feature> features = new ArrayList<>();
      for (int i = 0; i < sniffed.size(); i++) {
        Feature f = sniffed.get(i);
        features.add(new Feature(f.name(), f.type(), new ArrayList<>(cats.get(i))));
      }
      return new Loaded(ds, features, new ArrayList<>(labels), ds.size());
    }
  }

  private interface RowSink {
    void accept(String[] row);
  }

  /** The buffered first rows, then the rest as they stream in (the reader is on the row after the buffer). */
  private static void forEachRow(TableReader csv, List<String[]> head, List<Integer> lines, RowSink sink) {
    int after = csv.line();
    for (int i = 0; i < head.size(); i++) {
      // so that an error in a buffered row names that row's line
      csv.pointAt(lines.get(i));
      sink.accept(head.get(i));
    }
    csv.pointAt(after);
    for (String[] row = csv.next(); row != null; row = csv.next()) {
      sink.accept(row);
    }
  }

  private static void collect(List<Feature> fs, int[] cols, String[] row, List<Set<String>> cats) {
    for (int i = 0; i < cols.length; i++) {
      if (fs.get(i).type() == Feature.Kind.CATEGORICAL) {
        cats.get(i).add(row[cols[i]]);
      }
    }
  }

  private static List<String> featureNames(TableReader csv, Spec spec) {
    List<String> names = new ArrayList<>();
    if (spec.features().isEmpty()) {
      for (String h : csv.header()) {
        if (!h.equals(spec.label())) {
          names.add(h);
        }
      }
    } else {
      for (String f : spec.features()) {
        RowEncoder.requireColumn(csv, f, "feature");
        if (f.equals(spec.label())) {
          throw new BadArgumentException("the label column '" + f + "' cannot also be a feature", "drop it from --features");
        }
        names.add(f);
      }
    }
    for (String c : spec.categorical()) {
      if (!names.contains(c)) {
        throw new BadArgumentException("--categorical names '" + c + "', which is not a feature", "features: " + String.join(", ", names));
      }
    }
    if (names.isEmpty()) {
      throw BadInputException.at(csv.shownAs(), 1, 0, "the CSV file has no feature columns besides the label", "add feature columns");
    }
    return names;
  }

  private static List<Feature> sniff(TableReader csv, List<String> names, List<String[]> head, List<String> categorical) {
    Set<String> forced = new HashSet<>(categorical);
    List<Feature> out = new ArrayList<>();
    for (String name : names) {
      int c = csv.column(name);
      boolean numeric = !forced.contains(name);
      for (int r = 0; numeric && r < head.size(); r++) {
        numeric = isNumber(head.get(r)[c]);
      }
      out.add(new Feature(name, numeric ? Feature.Kind.NUMERIC : Feature.Kind.CATEGORICAL, List.of()));
    }
    return out;
  }

  private static boolean isNumber(String s) {
    return Double.isFinite(Numbers.parse(s));
  }

  private static Map<String, Object> trainingMetrics(Model<?> model, Loaded loaded, Task task) {
    if (task == Task.CLASSIFICATION) {
      ClassTally t = new ClassTally(loaded.labels);
      @SuppressWarnings("unchecked")
      Model<Label> m = (Model<Label>) model;
      for (Prediction<Label> p : m.predict(classes(loaded.dataset))) {
        t.add(p.getExample().getOutput().getLabel(), p.getOutput().getLabel());
      }
      return new LinkedHashMap<>(t.metrics());
    }
    RegressionTally t = new RegressionTally();
    @SuppressWarnings("unchecked")
    Model<Regressor> m = (Model<Regressor>) model;
    for (Prediction<Regressor> p : m.predict(numbers(loaded.dataset))) {
      t.add(p.getExample().getOutput().getValues()[0], p.getOutput().getValues()[0]);
    }
    return new LinkedHashMap<>(t.metrics());
  }

  private String pointer(Path data) {
    if (root == null) {
      return null;
    }
    Path abs = data.toAbsolutePath().normalize();
    for (Path p = abs; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
      Path ptr = p.resolveSibling(p.getFileName() + io.mlctl.core.pointer.PointerFile.SUFFIX);
      if (Files.isRegularFile(ptr)) {
        return root.relativize(ptr).toString().replace('\\', '/');
      }
    }
    return null;
  }
}
