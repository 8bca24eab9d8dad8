package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.model.Algorithm;
import io.mlctl.core.model.JsonFiles;
import io.mlctl.core.model.Param;
import io.mlctl.core.model.Task;
import io.mlctl.core.model.Train;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl train}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a Tribuo model from a CSV file with a header.",
        "Writes MODEL in Tribuo's protobuf format and MODEL.card.json beside it (features, labels, algorithm,"
            + " parameters, training data hash, Git commit, Tribuo provenance, training metrics).",
        "A column whose first value is a number is numeric (a later non-number is an error); any other, or one named in"
            + " --categorical, is categorical and one-hot encoded as COLUMN@VALUE."})
public final class TrainCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  CommandSpec spec;

  /** The parameters of every algorithm, listed in {@code --help} from the algorithms themselves. */
  @Spec
  void spec(CommandSpec spec) {
    this.spec = spec;
    spec.usageMessage().footer(footer());
  }

  static String footer() {
    StringBuilder b = new StringBuilder("%nAlgorithms and their --param NAME=VALUE (default in brackets):%n");
    for (Algorithm a : Algorithm.values()) {
      String tasks = a.supports(Task.CLASSIFICATION) && a.supports(Task.REGRESSION) ? "classification, regression"
          : a.supports(Task.CLASSIFICATION) ? "classification" : "regression";
      b.append("%n  ").append(a.id()).append(" (").append(tasks).append("): ").append(a.description()).append("%n");
      for (Param p : a.params()) {
        b.append("      ").append(p.name()).append(" [").append(p.defaultValue()).append("]  ").append(p.description()).append("%n");
      }
    }
    return b.toString();
  }

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "The training data: a CSV file with a header.")
  String data;

  @Option(names = "--label", required = true, paramLabel = "COL", description = "The column to predict.")
  String label;

  @Option(names = "--task", paramLabel = "TASK",
      description = "classification or regression (default: regression for 'linear', else classification).")
  String task;

  @Option(names = "--algorithm", paramLabel = "A",
      description = "logistic, linear-svm, cart, random-forest (classification); linear, cart, random-forest (regression). Default: logistic or linear.")
  String algorithm;

  @Option(names = "--param", paramLabel = "K=V", description = "A hyper-parameter of the algorithm (repeatable; listed below).")
  List<String> params = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed for repeatable training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--features", paramLabel = "COLS", split = ",", description = "Feature columns, comma-separated (default: every column but the label).")
  List<String> features = new ArrayList<>();

  @Option(names = "--categorical", paramLabel = "COLS", split = ",", description = "Columns to one-hot encode even if they hold numbers.")
  List<String> categorical = new ArrayList<>();

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "MODEL", description = "Where to write the model (its card goes to MODEL.card.json).")
  String outPath;

  @Option(names = "--metrics-out", paramLabel = "JSON", description = "Also write the training metrics to this file.")
  String metrics;

  /** The spelling before --metrics-out, which reads like the input of 'models register --metrics'. */
  @Option(names = "--metrics", hidden = true, paramLabel = "JSON")
  void metricsOldSpelling(String file) {
    metrics = file;
  }

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    Algorithm algo = algorithm == null ? null : Algorithm.parse(algorithm);
    Task t = task != null ? Task.parse(task) : algo == Algorithm.LINEAR ? Task.REGRESSION : Task.CLASSIFICATION;
    if (algo == null) {
      algo = Algorithm.defaultFor(t);
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (String p : params) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new BadArgumentException("--param needs NAME=VALUE, got '" + p + "'", "e.g. --param max_depth=5");
      }
      given.put(p.substring(0, eq).strip(), p.substring(eq + 1));
    }
    Train.Result r = new Train(w.root, Clock.systemUTC()).call(new Train.Spec(w.path(data), label, t, algo, given, seed,
        features, categorical, w.path(outPath), w::shown));
    if (metrics != null) {
      JsonFiles.writeFile(w.path(metrics), r.metrics());
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", w.shown(r.model()));
      doc.put("card", w.shown(r.cardFile()));
      doc.put("sha256", r.card().modelSha256());
      doc.put("task", t.id());
      doc.put("algorithm", algo.id());
      doc.put("params", new java.util.TreeMap<>(r.card().params()));
      doc.put("metrics", r.metrics());
      out.json(doc);
    } else {
      out.println("Trained " + algo.id() + " (" + t.id() + ") on " + r.card().trainingData().rows() + " rows: "
          + summary(r.metrics()) + ".");
      out.println("Wrote " + w.shown(r.model()) + " and " + w.shown(r.cardFile()) + (metrics == null ? "" : " and " + w.shown(w.path(metrics))) + ".");
    }
    return ExitCodes.OK;
  }

  /** The headline numbers of a metrics map, for people. */
  static String summary(Map<String, Object> m) {
    List<String> parts = new ArrayList<>();
    for (String k : List.of("accuracy", "f1_macro", "rmse", "mae", "r2")) {
      if (m.get(k) instanceof Number n) {
        parts.add(k + " " + String.format(java.util.Locale.ROOT, "%.4f", n.doubleValue()));
      }
    }
    return String.join(", ", parts);
  }
}
