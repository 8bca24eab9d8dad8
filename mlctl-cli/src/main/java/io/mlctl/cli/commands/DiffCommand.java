package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Diff;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlctl diff}. Read-only. */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Show tracked data that differs between two Git revisions (default: HEAD and the work tree).")
public final class DiffCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "REV_A", description = "Default HEAD.")
  String revA;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REV_B", description = "Default: the work tree.")
  String revB;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Diff.Result r;
    try (Project project = out.openProject()) {
      r = new Diff(new Workspace(project)).call(Optional.ofNullable(revA), Optional.ofNullable(revB));
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("added", paths(r.added()));
      doc.put("deleted", paths(r.deleted()));
      doc.put("modified", paths(r.modified()));
      out.json(doc);
      return ExitCodes.OK;
    }
    if (r.empty()) {
      out.println("No differences.");
    }
    io.mlctl.cli.Colors c = io.mlctl.cli.Colors.of(out);
    r.added().forEach(p -> out.println(c.good("added:") + "    " + p));
    r.deleted().forEach(p -> out.println(c.bad("deleted:") + "  " + p));
    r.modified().forEach(p -> out.println(c.changed("modified:") + " " + p));
    return ExitCodes.OK;
  }

  private static List<Map<String, Object>> paths(List<String> ps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String p : ps) {
      out.add(Map.of("path", p));
    }
    return out;
  }
}
