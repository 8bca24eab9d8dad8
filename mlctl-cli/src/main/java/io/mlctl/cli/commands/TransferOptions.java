package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.Output;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.remote.RemoteStore;
import io.mlctl.core.remote.RunTransfer;
import io.mlctl.core.remote.Remotes;
import io.mlctl.core.remote.Transfer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options push, pull and fetch share, and how they report. */
public final class TransferOptions {
  @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The remote (default: core.remote).")
  String remote;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel transfers (default: suits the remote).")
  Integer jobs;

  @Option(names = "--run-cache", description = "Also move the run cache: the entries the other side lacks, and the objects they name.")
  boolean runCache;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "Tracked paths (default: everything tracked).")
  List<String> targets = new ArrayList<>();

  int jobsFor(Remotes remotes, RemoteStore store) {
    if (jobs != null) {
      if (jobs < 1) {
        throw new io.mlctl.core.BadArgumentException("-j must be at least 1", null);
      }
      return jobs;
    }
    return remotes.jobs(store.name()).orElse(store.defaultJobs());
  }

  /** Which way objects move. */
  enum Direction { PUSH, FETCH }

  /**
   * Opens the chosen remote, moves the targets' objects under the write lock, and reports.
   *
   * @return the exit code of the transfer
   */
  int run(Output out, io.mlctl.core.repo.Project project, io.mlctl.core.data.Workspace ws, java.nio.file.Path cwd,
          Direction direction) {
    Remotes remotes = new Remotes(project);
    String name = remotes.find(remote).name();
    try (RemoteStore store = remotes.open(name)) {
      // With --run-cache, an untracked project still has entries to move.
      List<Workspace.Target> resolved = Transfer.targets(ws, cwd, targets, runCache && targets.isEmpty());
      int j = jobsFor(remotes, store);
      Transfer transfer = new Transfer(ws, store, j).progress(io.mlctl.cli.TerminalProgress.of(out));
      Transfer.Result r;
      RunTransfer.Result runs = null;
      try (io.mlctl.core.repo.RepoLock lock = project.lock()) {
        if (!runCache) {
          r = direction == Direction.PUSH ? transfer.push(resolved) : transfer.fetch(resolved);
        } else {
          RunTransfer.Both both = direction == Direction.PUSH
              ? new RunTransfer(ws, store, j).push(transfer, resolved)
              : new RunTransfer(ws, store, j).fetch(transfer, resolved);
          r = both.objects();
          runs = both.runs();
        }
      }
      return report(out, direction == Direction.PUSH ? "Pushed" : "Fetched", name, r, runs);
    }
  }

  /** Prints what moved; exit 5 when objects could not be found anywhere. */
  static int report(Output out, String verb, String remote, Transfer.Result r, RunTransfer.Result runs) {
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("remote", remote);
      doc.put("transferred", r.transferred());
      doc.put("bytes", r.bytes());
      doc.put("skipped", r.skipped());
      doc.put("missing", r.missing());
      doc.put("run_cache_entries", runs == null ? 0 : runs.entries());
      doc.put("requests", r.requests());
      doc.put("leftovers_removed", r.leftoversRemoved().stream().map(l -> l.path()).toList());
      out.json(doc);
    } else {
      out.println(verb + " " + Words.count(r.transferred(), "object") + " (" + Json.bytes(r.bytes()) + "); " + r.skipped()
          + " already there.");
      if (runs != null) {
        out.println(verb + " " + Words.count(runs.entries(), "run-cache entry", "run-cache entries") + "; " + runs.present() + " already there.");
      }
    }
    if (!r.leftoversRemoved().isEmpty()) {
      long size = r.leftoversRemoved().stream().mapToLong(l -> l.size()).sum();
      out.note("Removed " + r.leftoversRemoved().size() + " temporary file" + (r.leftoversRemoved().size() == 1 ? "" : "s")
          + " (" + Json.bytes(size) + ") that an interrupted push left on remote '" + remote + "'.");
      if (out.globals().verbosity() > 0) {
        r.leftoversRemoved().forEach(l -> out.note("removed " + l.path()));
      }
    }
    if (runs != null) {
      runs.skipped().forEach(out::note);
    }
    if (out.globals().verbosity() > 0) {
      out.note("Requests to remote '" + remote + "': " + r.requests());
    }
    for (String m : r.missing()) {
      out.error("'" + m + "' is in neither the cache nor remote '" + remote + "'", "push it from a machine that has it");
    }
    return r.missing().isEmpty() ? ExitCodes.OK : ExitCodes.IO;
  }
}
