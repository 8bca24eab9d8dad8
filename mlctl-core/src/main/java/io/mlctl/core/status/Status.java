package io.mlctl.core.status;

import io.mlctl.core.repo.Project;
import java.util.List;

/**
 * {@code mlctl status}: compares the work tree with the pointers and the pipeline with its lock.
 * Read-only: never takes the repository lock.
 */
public final class Status {
  private final Project project;

  public Status(Project project) {
    this.project = project;
  }

  public StatusResult call() {
    project.layout();
    return new StatusResult(List.of(), List.of());
  }
}
