package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Gc;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.RunCache;
import io.mlctl.core.repo.Project;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
    List<String> runs;
    try (Project project = out.openProject()) {
      Workspace ws = new Workspace(project);
      r = new Gc(ws).allCommits(allCommits).dryRun(dryRun).call();
      // Run-cache entries whose outputs just left the cache could never be restored again.
      runs = new RunCache(ws).prune(new HashSet<>(r.removed()), dryRun);
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("removed", r.removed());
      doc.put("bytes", r.bytes());
      doc.put("kept", r.kept());
      doc.put("run_cache_removed", runs);
      doc.put("dry_run", r.dryRun());
      out.json(doc);
      return ExitCodes.OK;
    }
    if (global.globals().verbosity() > 0 || dryRun) {
      r.removed().forEach(h -> out.println((dryRun ? "would remove " : "removed ") + h));
      runs.forEach(e -> out.println((dryRun ? "would remove run-cache entry " : "removed run-cache entry ") + e));
    }
    out.println((dryRun ? "Would remove " : "Removed ") + r.removed().size() + " objects ("
        + Json.bytes(r.bytes()) + "); kept " + r.kept() + "."
        + (runs.isEmpty() ? "" : " " + (dryRun ? "Would remove " : "Removed ") + runs.size()
            + " run-cache entries whose outputs are gone."));
    return ExitCodes.OK;
  }
}
