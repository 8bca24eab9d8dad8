package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Gc;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlctl gc}. */
@Command(name = "gc", mixinStandardHelpOptions = true,
    description = "Remove cached objects that no pointer or lock entry references.")
public final class GcCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--all-commits", description = "Keep what any commit of any branch or tag references, not only the work tree.")
  boolean allCommits;

  @Option(names = {"-n", "--dry-run"}, description = "Only list what would be removed.")
  boolean dryRun;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    Gc.Result r;
    try (Project project = out.openProject()) {
      r = new Gc(new Workspace(project)).allCommits(allCommits).dryRun(dryRun).call();
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("removed", r.removed());
      doc.put("bytes", r.bytes());
      doc.put("kept", r.kept());
      doc.put("dry_run", r.dryRun());
      out.json(doc);
      return ExitCodes.OK;
    }
    if (global.globals().verbosity() > 0 || dryRun) {
      r.removed().forEach(h -> out.println((dryRun ? "would remove " : "removed ") + h));
    }
    out.println((dryRun ? "Would remove " : "Removed ") + r.removed().size() + " objects ("
        + Json.bytes(r.bytes()) + "); kept " + r.kept() + ".");
    return ExitCodes.OK;
  }
}
