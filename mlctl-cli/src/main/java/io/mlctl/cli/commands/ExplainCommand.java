package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.explain.Explain;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl explain}: LIME explanations of a classifier's predictions. Read-only. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain a classifier's predictions row by row with LIME.",
        "For each row: the predicted class and the features that moved it most (positive weight: towards the"
            + " predicted class). Seeded: the same row explains the same way."})
public final class ExplainCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "REF", description = "A model file, NAME@ALIAS or NAME@vN.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "CSV", description = "Rows with the model's feature columns (a label column is ignored).")
  String input;

  @Option(names = "--rows", paramLabel = "N,M,...", split = ",",
      description = "The data rows to explain, numbered from 1 (the first line after the header); default: every row.")
  List<String> rows = new ArrayList<>();

  @Option(names = "--top", paramLabel = "K", description = "How many features to show per row (default: ${DEFAULT-VALUE}).")
  int top = Explain.DEFAULT_TOP;

  @Option(names = "--seed", paramLabel = "S", description = "The seed of LIME's sampling (default: ${DEFAULT-VALUE}).")
  long seed = Explain.DEFAULT_SEED;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    SortedSet<Integer> wanted = new TreeSet<>();
    for (String r : rows) {
      try {
        wanted.add(Integer.parseInt(r.strip()));
      } catch (NumberFormatException e) {
        throw new BadArgumentException("--rows: '" + r + "' is not a row number", "e.g. --rows 1,5,9");
      }
    }
    TrainedModel tm = ModelRefs.load(w.cwd, model, out::openProject, w::shown);
    Explain.Result r = Explain.call(tm, w.path(input), w.shown(w.path(input)), wanted, seed, top);
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", r.model());
      doc.put("input", w.shown(w.path(input)));
      doc.put("method", "lime");
      doc.put("seed", r.seed());
      doc.put("top", r.top());
      List<Object> list = new ArrayList<>();
      for (Explain.Explained e : r.rows()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("row", e.row());
        row.put("prediction", e.label());
        row.put("scores", e.scores());
        List<Object> fs = new ArrayList<>();
        for (Explain.Weight f : e.features()) {
          Map<String, Object> one = new LinkedHashMap<>();
          one.put("feature", f.feature());
          one.put("weight", f.weight());
          fs.add(one);
        }
        row.put("features", fs);
        list.add(row);
      }
      doc.put("explanations", list);
      out.json(doc);
      return ExitCodes.OK;
    }
    for (Explain.Explained e : r.rows()) {
      Double score = e.scores().get(e.label());
      out.println("row " + e.row() + ": " + e.label() + (score == null ? "" : String.format(" (score %.3f)", score)));
      for (Explain.Weight f : e.features()) {
        out.println(String.format("  %+.4f  %s", f.weight(), f.feature()));
      }
    }
    return ExitCodes.OK;
  }
}
