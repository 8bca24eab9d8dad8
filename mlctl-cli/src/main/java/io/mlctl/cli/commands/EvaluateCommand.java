package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.model.Evaluate;
import io.mlctl.core.model.JsonFiles;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl evaluate}. Read-only except for the metrics file it is asked to write. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Score a model on a labelled CSV file and print its metrics.",
        "Classification: accuracy, macro F1, precision and recall, per-class scores and the confusion matrix;"
            + " regression: RMSE, MAE and R²."})
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "REF", description = "A model file, NAME@ALIAS or NAME@vN.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "Labelled data with the model's feature and label columns.")
  String data;

  @Option(names = "--metrics-out", paramLabel = "JSON", description = "Also write the metrics to this file.")
  String metrics;

  /** The spelling before --metrics-out, which reads like the input of 'models register --metrics'. */
  @Option(names = "--metrics", hidden = true, paramLabel = "JSON")
  void metricsOldSpelling(String file) {
    metrics = file;
  }

  @Option(names = "--slice", paramLabel = "COLUMN",
      description = {"Also compute the metrics for each value of this column (slice.groups.VALUE.KEY, worst in slice.min.KEY, best in slice.max.KEY),",
          "and for a classifier fairlearn's group fairness metrics (fairness.selection_rate.VALUE, fairness.demographic_parity_difference, ...)."})
  String slice;

  @Option(names = "--positive", paramLabel = "LABEL",
      description = "With --slice: the class that is the positive outcome for the fairness metrics (default for two classes: the second in sorted order; required for more).")
  String positive;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    TrainedModel tm = ModelRefs.load(w.cwd, model, out::openProject, w::shown);
    Map<String, Object> m = new Evaluate().call(tm, w.path(data), w.shown(w.path(data)), slice, positive);
    if (metrics != null) {
      JsonFiles.writeFile(w.path(metrics), m);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", tm.shownAs());
      doc.put("data", w.shown(w.path(data)));
      doc.put("metrics", m);
      out.json(doc);
      return ExitCodes.OK;
    }
    out.println(tm.shownAs() + " on " + w.shown(w.path(data)) + " (" + m.get("rows") + " rows): " + TrainCommand.summary(m));
    if (m.get("slice") instanceof Map<?, ?> s && s.get("groups") instanceof Map<?, ?> groups) {
      for (Map.Entry<?, ?> g : groups.entrySet()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> gm = (Map<String, Object>) g.getValue();
        out.println("  " + slice + "=" + g.getKey() + " (" + gm.get("rows") + " rows): " + TrainCommand.summary(gm));
      }
    }
    if (m.get("fairness") instanceof Map<?, ?> f) {
      out.println("  fairness (positive class '" + f.get("positive_label") + "'): demographic_parity_difference "
          + f.get("demographic_parity_difference") + ", demographic_parity_ratio " + f.get("demographic_parity_ratio")
          + ", equalized_odds_difference " + f.get("equalized_odds_difference"));
    }
    if (metrics != null) {
      out.println("Wrote " + w.shown(w.path(metrics)) + ".");
    }
    return ExitCodes.OK;
  }
}
