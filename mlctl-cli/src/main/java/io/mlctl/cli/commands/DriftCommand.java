package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.drift.ColumnDrift;
import io.mlctl.core.drift.Drift;
import io.mlctl.core.drift.DriftPage;
import io.mlctl.core.drift.DriftReport;
import io.mlctl.core.drift.Method;
import io.mlctl.core.drift.TrainingDataReference;
import io.mlctl.core.drift.DriftChecks;
import io.mlctl.core.drift.SliceRates;
import io.mlctl.core.BadArgumentException;
import io.mlctl.core.model.TrainedModel;
import io.mlctl.core.registry.ModelRefs;
import java.util.Map;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.repo.Project;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl drift}. Read-only except for the HTML report it is asked to write. */
@Command(name = "drift", mixinStandardHelpOptions = true,
    description = {"Compare current data with reference data column by column and say which columns drifted.",
        "The reference is a CSV file, or NAME@ALIAS / NAME@vN: the data that model version was trained on.",
        "The current data is a CSV file or a server's request log (.mlctl/serve/).",
        "With --slice COL, also the rate of each predicted label per group of COL, in both data sets.",
        "A check against NAME@ALIAS is kept as that version's last drift check (shown by 'models report').",
        "With --fail-on-drift, exit 1 when the data set (or, with --slice, a group) drifted."})
public final class DriftCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--reference", required = true, paramLabel = "CSV|REF", description = "Reference data: a CSV file, NAME@ALIAS or NAME@vN.")
  String reference;

  @Option(names = "--current", required = true, paramLabel = "CSV|LOG", description = "Current data: a CSV file, or a request-log folder or .jsonl file.")
  String current;

  @Option(names = "--columns", split = ",", paramLabel = "COL", description = "Compare only these columns (comma-separated).")
  List<String> columns = new ArrayList<>();

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "auto",
      description = "auto (default), ks, chisquare, ztest, psi, wasserstein or jensenshannon.")
  String method;

  @Option(names = "--threshold", paramLabel = "X", description = "Drift when a p-value is below X, or a distance at least X (default per method).")
  Double threshold;

  @Option(names = "--drift-share", paramLabel = "S", defaultValue = "0.5",
      description = "The data set drifts when at least this share of columns drift (default 0.5).")
  double driftShare;

  @Option(names = {"-o", "--out", "--html"}, paramLabel = "FILE", description = "Also write a self-contained HTML report (--html is the same).")
  String html;

  @Option(names = "--fail-on-drift", description = "Exit 1 when the data set drifted, or with --slice a group's predicted-label rates moved.")
  boolean failOnDrift;

  @Option(names = "--slice", paramLabel = "COL",
      description = "Also compare the rate of each predicted label per group of COL (bias on data without labels).")
  String slice;

  @Option(names = "--model", paramLabel = "REF",
      description = "The classifier --slice scores the rows with (default: the model of --reference NAME@ALIAS).")
  String sliceModel;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    Method m = Method.parse(method);
    List<String> cols = columns.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    Drift.Source ref;
    String model = null;
    Set<String> categorical = Set.of();
    TrainingDataReference.Resolved r = null;
    if (sliceModel != null && slice == null) {
      throw new BadArgumentException("--model names the classifier --slice scores the rows with", "add --slice COLUMN");
    }
    if (TrainingDataReference.isModelRef(w.cwd, reference) || TrainingDataReference.isRegisteredName(w.cwd, reference, out::openProject)) {
      try (Project p = out.openProject()) {
        r = TrainingDataReference.resolve(p, reference);
      }
      ref = r.source();
      model = r.model();
      categorical = r.categorical();
      if (cols.isEmpty()) {
        cols = r.features();
      }
    } else {
      ref = new Drift.Source(w.path(reference), w.shown(w.path(reference)), null);
    }
    Drift.Source cur = new Drift.Source(w.path(current), w.shown(w.path(current)), model);
    DriftReport report = new Drift().call(ref, cur, new Drift.Options(cols, m, threshold, driftShare, categorical));
    SliceRates slices = slice == null ? null : sliceRates(w, r, ref, cur);
    Map<String, Object> json = report.toJson();
    if (slices != null) {
      json.put("slices", slices.toJson());
    }
    if (r != null) {
      try (Project p = out.openProject()) {
        DriftChecks.record(p, r.model(), r.version(), json);
      }
    }
    if (html != null) {
      AtomicFiles.write(w.path(html), DriftPage.html(report, slices).getBytes(StandardCharsets.UTF_8));
    }
    boolean drifted = report.datasetDrift() || slices != null && slices.driftedGroups() > 0;
    if (out.json()) {
      out.json(json);
    } else {
      Table t = new Table(List.of("column", "type", "method", "score", "threshold", "psi", "missing ref/cur", "drift"));
      for (ColumnDrift c : report.columns()) {
        t.add(List.of(c.name(), c.type().id(), c.method().id(), num(c.shownScore()) + (c.method().isPValue() ? " (p)" : ""), num(c.threshold()),
            num(c.psi()), pct(c.missingReference()) + " / " + pct(c.missingCurrent()), c.drifted() ? "yes" : "no"));
      }
      t.print(out, new Table.Format());
      out.println(report.summary() + ".");
      if (slices != null) {
        printSlices(out, slices);
      }
      if (html != null) {
        out.println("Wrote " + w.shown(w.path(html)) + ".");
      }
    }
    return failOnDrift && drifted ? ExitCodes.NO : ExitCodes.OK;
  }

  /** The classifier of --model, else the version --reference names; scored over both data sets. */
  private SliceRates sliceRates(Where w, TrainingDataReference.Resolved r, Drift.Source ref, Drift.Source cur) {
    String modelRef = sliceModel != null ? sliceModel : r != null ? r.model() + "@" + r.version() : null;
    if (modelRef == null) {
      throw new BadArgumentException("--slice scores the rows with a classifier", "give --reference NAME@ALIAS, or --model REF");
    }
    TrainedModel model = ModelRefs.load(w.cwd, modelRef, () -> Output.of(spec, global.globals()).openProject(), w::shown);
    return SliceRates.of(model, modelRef, slice, ref, cur);
  }

  private static void printSlices(Output out, SliceRates s) {
    List<String> head = new ArrayList<>(List.of(s.column(), "rows ref/cur"));
    s.labels().forEach(l -> head.add(l + " ref/cur"));
    head.addAll(List.of("change", "drift"));
    Table t = new Table(head);
    for (SliceRates.Group g : s.groups()) {
      List<String> row = new ArrayList<>(List.of(g.value(), g.referenceRows() + " / " + g.currentRows()));
      for (int i = 0; i < s.labels().size(); i++) {
        row.add((g.referenceRates().isEmpty() ? "-" : pct(g.referenceRates().get(i))) + " / "
            + (g.currentRates().isEmpty() ? "-" : pct(g.currentRates().get(i))));
      }
      row.add(Double.isNaN(g.rateChange()) ? "-" : num(g.rateChange()));
      row.add(Double.isNaN(g.rateChange()) ? "one side" : g.drifted() ? "yes" : "no");
      t.add(row);
    }
    out.println("");
    out.println("Predicted labels by " + s.column() + " (" + s.model() + "):");
    t.print(out, new Table.Format());
    out.println(s.driftedGroups() + " of " + s.groups().size() + " groups changed a label's rate by "
        + pct(SliceRates.THRESHOLD) + " or more.");
  }

  private static String num(Double v) {
    if (v == null) {
      return "-";
    }
    if (v != 0 && Math.abs(v) < 1e-4) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }
}
