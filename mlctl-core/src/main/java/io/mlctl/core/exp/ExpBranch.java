package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pointer.PathSafety;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import io.mlctl.core.store.ObjectStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code mlctl exp branch RUN NAME}: a Git branch, for a pull request, whose one commit on top of
 * the run's commit holds the run's parameter files, its {@code mlctl.lock} (the pointers to every
 * output it produced) and its outputs that Git tracks (a metrics file kept out of the cache, say).
 * The work tree, index and HEAD are left alone. Reads the cache only; needs no lock.
 */
public final class ExpBranch {
  private final Project project;

  public ExpBranch(Project project) {
    this.project = project;
  }

  /** The run, the branch made, its commit and the files that commit changed. */
  public record Result(RunRecord run, String branch, String commit, java.util.List<String> files) {}

  public Result call(String runRef, String branch) {
    RunRecord run = new RunStore(project.layout().runs()).get(runRef);
    if (run.commit() == null) {
      throw new BadInputException("run " + run.label() + " was not recorded in a Git repository", "it has no commit to branch from");
    }
    ObjectStore store = new Workspace(project).store();
    Map<String, String> wanted = new LinkedHashMap<>(run.paramFiles());
    if (run.lockFile() != null) {
      wanted.put(LockFile.NAME, run.lockFile());
    }
    try (GitRepo git = GitRepo.open(project.root()).orElseThrow(() -> new BadInputException(
        "'" + project.root() + "' is not in a Git repository", "exp branch makes a Git branch"))) {
      if (git.commit(run.commit()).isEmpty()) {
        throw new BadInputException("run " + run.label() + "'s commit " + run.commit() + " is not in this repository",
            "git fetch brings it");
      }
      // Outputs Git holds at the run's commit are the run's results a reviewer reads (metrics files).
      git.filesUnder(run.commit(), run.outs().keySet()).keySet()
          .forEach(p -> wanted.put(p, run.outs().get(p)));
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (Map.Entry<String, String> f : wanted.entrySet()) {
        String problem = PathSafety.rootProblem(f.getKey());
        if (problem != null) {
          throw new BadInputException("run " + run.id() + ": " + problem, null);
        }
        if (f.getValue() == null || !store.contains(f.getValue())) {
          throw new BadInputException("run " + run.label() + ": " + f.getKey() + " is not in the cache",
              "mlctl exp pull may fetch it; no branch was made");
        }
        files.put(f.getKey(), store.readVerified(f.getValue()));
      }
      String message = "Run " + run.label() + " (" + run.id() + ")\n\n" + summary(run);
      String commit = git.branch(branch, run.commit(), files, message);
      return new Result(run, branch, commit, java.util.List.copyOf(files.keySet()));
    }
  }

  private static String summary(RunRecord run) {
    StringBuilder b = new StringBuilder();
    run.overrides().forEach((k, v) -> b.append("-S ").append(k).append('=').append(v).append('\n'));
    run.metrics().forEach((k, v) -> {
      if (!k.contains(".")) {
        b.append(k).append(": ").append(v).append('\n');
      }
    });
    return b.toString();
  }
}
