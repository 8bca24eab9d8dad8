package io.mlctl.cli.commands;

import io.mlctl.cli.ExitCodes;
import io.mlctl.cli.Output;
import io.mlctl.core.remote.RemoteStore;
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
      List<io.mlctl.core.data.Workspace.Target> resolved = Transfer.targets(ws, cwd, targets);
      Transfer transfer = new Transfer(ws, store, jobsFor(remotes, store))
          .progress(io.mlctl.cli.TerminalProgress.of(out));
      Transfer.Result r;
      try (io.mlctl.core.repo.RepoLock lock = project.lock()) {
        r = direction == Direction.PUSH ? transfer.push(resolved) : transfer.fetch(resolved);
      }
      return report(out, direction == Direction.PUSH ? "Pushed" : "Fetched", name, r);
    }
  }

  /** Prints what moved; exit 5 when objects could not be found anywhere. */
  static int report(Output out, String verb, String remote, Transfer.Result r) {
    if (out.json()) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("remote", remote);
      doc.put("transferred", r.transferred());
      doc.put("bytes", r.bytes());
      doc.put("skipped", r.skipped());
      doc.put("missing", r.missing());
      doc.put("requests", r.requests());
      out.json(doc);
    } else {
      out.println(verb + " " + r.transferred() + " objects (" + Json.bytes(r.bytes()) + "); " + r.skipped()
          + " already there.");
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
