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
}
