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
        "With --fail-on-drift, exit 1 when the data set drifted."})
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

  @Option(names = "--html", paramLabel = "FILE", description = "Also write a self-contained HTML report.")
  String html;

  @Option(names = "--fail-on-drift", description = "Exit 1 when the data set drifted.")
  boolean failOnDrift;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    Method m = Method.parse(method);
    List<String> cols = columns.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    Drift.Source ref;
    String model = null;
    Set<String> categorical = Set.of();
    if (TrainingDataReference.isModelRef(w.cwd, reference)) {
      TrainingDataReference.Resolved r;
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
    if (html != null) {
      AtomicFiles.write(w.path(html), DriftPage.html(report).getBytes(StandardCharsets.UTF_8));
    }
    if (out.json()) {
      out.json(report.toJson());
    } else {
      Table t = new Table(List.of("column", "type", "method", "score", "threshold", "psi", "missing ref/cur", "drift"));
      for (ColumnDrift c : report.columns()) {
        t.add(List.of(c.name(), c.type().id(), c.method().id(), num(c.shownScore()) + (c.method().isPValue() ? " (p)" : ""), num(c.threshold()),
            num(c.psi()), pct(c.missingReference()) + " / " + pct(c.missingCurrent()), c.drifted() ? "yes" : "no"));
      }
      t.print(out, new Table.Format());
      out.println(report.summary() + ".");
      if (html != null) {
        out.println("Wrote " + w.shown(w.path(html)) + ".");
      }
    }
    return failOnDrift && report.datasetDrift() ? ExitCodes.NO : ExitCodes.OK;
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
