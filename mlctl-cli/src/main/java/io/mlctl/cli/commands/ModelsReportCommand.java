package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.io.AtomicFiles;
import io.mlctl.core.report.ModelReport;
import io.mlctl.core.report.ModelReports;
import io.mlctl.core.report.ReportHtml;
import io.mlctl.core.report.ReportMarkdown;
import io.mlctl.core.repo.Project;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl models report}: a registered version's technical documentation, as HTML or Markdown. Reads only. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write a model version's technical documentation as one HTML page or as Markdown.",
        "It covers intended use, training data, method, evaluation, drift, lineage and the audit trail; Markdown"
            + " with --md or an .md file."})
public final class ModelsReportCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "REF", description = "NAME@ALIAS, NAME@vN or NAME (the latest version).")
  String ref;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write it (FILE.html or FILE.md); default standard output.")
  Path file;

  @Option(names = "--md", description = "Markdown instead of HTML.")
  boolean md;

  @Option(names = "--drift", paramLabel = "JSON", description = "The last drift check, as 'mlctl drift --json' wrote it.")
  Path drift;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Where w = Where.of(out);
    ModelReport r;
    try (Project project = out.openProject()) {
      r = new ModelReports(project).build(ref, drift == null ? null : w.path(drift.toString()),
          drift == null ? null : w.shown(w.path(drift.toString())));
    }
    boolean markdown = md || (file != null && file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".md"));
    String text = markdown ? ReportMarkdown.render(r) : ReportHtml.render(r);
    if (file == null) {
      out.out().print(text);
      out.out().flush();
      return ExitCodes.OK;
    }
    Path target = w.path(file.toString());
    AtomicFiles.writeStringUnforced(target, text);
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("model", r.ref());
      doc.put("path", w.shown(target));
      doc.put("format", markdown ? "markdown" : "html");
      doc.put("lineage_ok", r.lineage().ok());
      doc.put("audit_ok", r.auditProblems().isEmpty());
      out.json(doc);
    } else {
      out.println("Wrote the report of " + r.ref() + " to " + w.shown(target) + ".");
    }
    return ExitCodes.OK;
  }
}
