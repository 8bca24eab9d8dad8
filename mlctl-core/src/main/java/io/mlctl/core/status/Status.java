package io.mlctl.core.status;

import io.mlctl.core.pipeline.Dag;
import io.mlctl.core.pipeline.LockEntry;
import io.mlctl.core.pipeline.LockFile;
import io.mlctl.core.pipeline.PathFingerprints;
import io.mlctl.core.pipeline.PipelineFile;
import io.mlctl.core.pipeline.Stage;
import io.mlctl.core.pipeline.Staleness;
import java.util.Map;

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
    return new StatusResult(new DataStatus(ws).all(), stages(ws));
  }

  /** Every stage of mlctl.yaml and why it would run again. */
  private List<StatusResult.StageState> stages(Workspace ws) {
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    PathFingerprints fingerprints = new PathFingerprints(ws);
    fingerprints.retain(Staleness.paths(dag.order()));
    Staleness staleness = new Staleness(ws, fingerprints);
    List<StatusResult.StageState> out = new ArrayList<>();
    for (Stage s : dag.order()) {
      List<String> reasons = staleness.reasons(s, lock.get(s.name()));
      out.add(new StatusResult.StageState(s.name(), !reasons.isEmpty(), reasons));
    }
    fingerprints.flush();
    ws.hashes().flush();
    return out;
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
