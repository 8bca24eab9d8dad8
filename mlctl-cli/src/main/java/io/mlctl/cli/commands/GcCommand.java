package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.GlobalOptions;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Gc;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.RunCache;
import io.mlctl.core.remote.RemoteLeftovers;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.Remotes;
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
    description = {"Remove cached objects that no pointer or lock entry references.",
        "With -r, remove instead what interrupted pushes left on a remote."})
public final class GcCommand implements Callable<Integer> {
  @Mixin
  GlobalOptions global;

  @Spec
  CommandSpec spec;

  @Option(names = "--all-commits", description = "Keep what any commit of any branch or tag references, not only the work tree.")
  boolean allCommits;

  @Option(names = {"-n", "--dry-run"}, description = "Only list what would be removed.")
  boolean dryRun;

  @Option(names = {"-r", "--remote"}, paramLabel = "NAME",
      description = "Clean remote NAME instead of the cache: remove the temporary files that interrupted pushes left there.")
  String remote;

  @Override
  public Integer call() {
    Output out = Output.of(spec, global.globals());
    if (remote != null) {
      return cleanRemote(out);
    }
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
    out.println((dryRun ? "Would remove " : "Removed ") + Words.count(r.removed().size(), "object") + " ("
        + Json.bytes(r.bytes()) + "); kept " + r.kept() + "."
        + (runs.isEmpty() ? "" : " " + (dryRun ? "Would remove " : "Removed ")
            + Words.count(runs.size(), "run-cache entry", "run-cache entries") + " whose outputs are gone."));
    return ExitCodes.OK;
  }

  private static String files(int n) {
    return Words.count(n, "temporary file");
  }

  private int cleanRemote(Output out) {
    if (allCommits) {
      throw new io.mlctl.core.BadArgumentException("--all-commits does not apply to a remote (-r)",
          "'mlctl gc -r NAME' removes only what interrupted pushes left on the remote");
    }
    RemoteLeftovers.Result r;
    String name;
    try (Project project = out.openProject()) {
      Remotes remotes = new Remotes(project);
      name = remotes.find(remote).name();
      try (RemoteStore store = remotes.open(name); io.mlctl.core.repo.RepoLock lock = project.lock()) {
        r = RemoteLeftovers.clean(store, project.clock().instant(), RemoteLeftovers.CLEAN_AGE, dryRun);
      }
    }
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("remote", name);
      doc.put("removed", r.removed().stream().map(Json::leftover).toList());
      doc.put("bytes", r.bytes());
      doc.put("kept", r.kept().stream().map(Json::leftover).toList());
      doc.put("dry_run", r.dryRun());
      out.json(doc);
      return ExitCodes.OK;
    }
    java.time.Instant now = java.time.Instant.now();
    if (global.globals().verbosity() > 0 || dryRun) {
      r.removed().forEach(l -> out.println((dryRun ? "would remove " : "removed ") + Json.leftoverLine(l, now)));
    }
    r.kept().forEach(l -> out.println("kept " + Json.leftoverLine(l, now)));
    out.println((dryRun ? "Would remove " : "Removed ") + files(r.removed().size()) + " ("
        + Json.bytes(r.bytes()) + ") that interrupted pushes left on remote '" + name + "'"
        + (r.kept().isEmpty() ? "." : "; kept " + r.kept().size() + " written to in the last minute,"
            + " which a push running now may still be sending."));
    return ExitCodes.OK;
  }
}
