package io.mlctl.core.status;

import io.mlctl.core.data.DataStatus;
import io.mlctl.core.data.Workspace;
import io.mlctl.core.repo.Project;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** The status of everything tracked. */
  public StatusResult call() {
    Workspace ws = new Workspace(project);
    return new StatusResult(new DataStatus(ws).all(), List.of());
  }

  /** The status of the named targets only, resolved against {@code cwd}. */
  public StatusResult call(Path cwd, List<String> targets) {
    if (targets.isEmpty()) {
      return call();
    }
    Workspace ws = new Workspace(project);
    List<Workspace.Target> resolved = new ArrayList<>();
    for (String t : targets) {
      resolved.add(ws.resolve(cwd, t));
    }
    return new StatusResult(new DataStatus(ws).of(resolved), List.of());
  }
}
