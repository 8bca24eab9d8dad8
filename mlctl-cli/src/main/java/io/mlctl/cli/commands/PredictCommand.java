package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.model.Predict;
import io.mlctl.core.table.TableReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl predict}. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Score a CSV file with a model, streaming it, so files larger than memory work.",
        "The output has one row per input row, in order: 'prediction' and, with --proba, 'proba_LABEL' per class."})
public final class PredictCommand implements Callable<Integer> {
  /** The file name that means standard input or output, as for most Unix tools. */
  private static final String STANDARD_STREAM = "-";

  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "REF", description = "A model file, NAME@ALIAS or NAME@vN.")
  String model;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "CSV",
      description = "Rows to score, with the model's feature columns; '-' reads standard input.")
  String input;

  @Option(names = {"-o", "--out", "--output"}, required = true, paramLabel = "CSV",
      description = "Where the predictions go; '-' writes them to standard output.")
  String output;

  @Option(names = "--keep", split = ",", paramLabel = "COL", description = "Copy these input columns (ids, say) into the output, before the prediction.")
  List<String> keep = new java.util.ArrayList<>();

  @Option(names = "--proba", description = "Add each class's score (a probability for logistic, cart and random-forest).")
  boolean proba;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    boolean toStdout = output.equals(STANDARD_STREAM);
    if (toStdout && out.json()) {
      throw new BadArgumentException("--json and -o - both want standard output", "write the predictions to a file, or drop --json");
    }
    TrainedModel tm = ModelRefs.load(w.cwd, model, out::openProject, w::shown);
    Predict.Result r;
    String shownOut = toStdout ? "standard output" : w.shown(w.path(output));
    try (TableReader csv = input.equals(STANDARD_STREAM)
        ? TableReader.csv(new InputStreamReader(System.in, StandardCharsets.UTF_8), "standard input")
        : TableReader.open(w.path(input), w.shown(w.path(input)))) {
      r = toStdout ? new Predict().call(tm, csv, out.out(), shownOut, proba, keep)
          : new Predict().call(tm, csv, w.path(output), proba, keep);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", tm.shownAs());
      doc.put("output", shownOut);
      doc.put("rows", r.rows());
      doc.put("unseen_categories", r.unseen());
      out.json(doc);
    } else if (toStdout) {
      // Standard output carries the predictions: the summary goes with the other messages.
      out.note("Scored " + Words.count(r.rows(), "row") + " with " + tm.shownAs() + ".");
    } else {
      out.println("Scored " + Words.count(r.rows(), "row") + " with " + tm.shownAs() + " into " + shownOut + ".");
    }
    r.unseen().forEach((feature, n) -> out.note("warning: " + Words.count(n, "row") + " had a '" + feature
        + "' the model was not trained on (" + String.join(", ", r.unseenExamples().get(feature).stream().limit(3).map(v -> "'" + v + "'").toList())
        + (r.unseenExamples().get(feature).size() > 3 ? ", ..." : "") + "); those rows are scored as if it held none of the known ones"));
    return ExitCodes.OK;
  }
}
