package io.mlctl.core.exp;

import io.mlctl.core.BadInputException;
import io.mlctl.core.repo.Project;
import io.mlctl.core.scm.GitRepo;
import java.util.List;
import java.util.Optional;

/** {@code mlctl exp show}: the runs, oldest first, optionally only those started from one commit. Read-only. */
public final class ExpShow {
  private final Project project;

  public ExpShow(Project project) {
    this.project = project;
  }

  /** @param rev a Git revision: only the runs that started from the commit it names */
  public List<RunRecord> call(Optional<String> rev) {
    return call(rev, java.util.Map.of());
  }

  /**
   * @param rev a Git revision: only the runs that started from the commit it names
   * @param tags only the runs that carry every one of these tags
   */
  public List<RunRecord> call(Optional<String> rev, java.util.Map<String, String> tags) {
    List<RunRecord> all = new RunStore(project.layout().runs()).all().stream()
        .filter(r -> RunTags.matches(r, tags)).toList();
    if (rev.isEmpty()) {
      return all;
    }
    String commit;
    try (GitRepo git = GitRepo.open(project.root()).orElseThrow(() -> new BadInputException(
        "'" + project.root() + "' is not in a Git repository", "runs are keyed to commits only in a Git repository"))) {
      commit = git.resolveCommit(rev.get()).name();
    }
    return all.stream().filter(r -> commit.equals(r.commit())).toList();
  }

  /**
   * The runs a remote holds that this project lacks, filtered as {@link #call(Optional, java.util.Map)} filters.
   *
   * @param remote the remote's name, or null for the default one
   */
  public List<RunRecord> remote(String remote, Optional<String> rev, java.util.Map<String, String> tags) {
    io.mlctl.core.remote.Remotes remotes = new io.mlctl.core.remote.Remotes(project);
    String name = remotes.find(remote).name();
    RunStore local = new RunStore(project.layout().runs());
    List<RunRecord> there;
    try (io.mlctl.core.remote.RemoteStore store = remotes.open(name)) {
      there = new io.mlctl.core.remote.ExperimentTransfer(new io.mlctl.core.data.Workspace(project), store,
          remotes.jobs(name).orElse(store.defaultJobs())).list();
    }
    java.util.stream.Stream<RunRecord> s = there.stream().filter(r -> local.read(r.id()).isEmpty())
        .filter(r -> RunTags.matches(r, tags));
    if (rev.isPresent()) {
      String commit;
      try (GitRepo git = GitRepo.open(project.root()).orElseThrow(() -> new BadInputException(
          "'" + project.root() + "' is not in a Git repository", "runs are keyed to commits only in a Git repository"))) {
        commit = git.resolveCommit(rev.get()).name();
      }
      s = s.filter(r -> commit.equals(r.commit()));
    }
    return s.toList();
  }
}
