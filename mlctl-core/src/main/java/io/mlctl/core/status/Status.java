package io.mlctl.core.status;

import io.mlctl.core.pipeline.Dag;
import io.mlctl.core.pipeline.FreshPipeline;
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
import io.mlctl.core.BadInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

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
    Optional<List<FreshPipeline.Fresh>> fresh = FreshPipeline.check(ws);
    if (fresh.isPresent()) {
      return fresh.get().stream().map(f -> new StatusResult.StageState(f.name(), false, List.of())).toList();
    }
    // The verdict's inputs are read before the pipeline is, so a change made meanwhile is seen.
    Map<String, String> inputs = FreshPipeline.inputDigests(ws, List.of());
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    FreshPipeline.inputDigests(ws, dag.order()).forEach(inputs::putIfAbsent);
    PathFingerprints fingerprints = new PathFingerprints(ws);
    List<StatusResult.StageState> out = stages(ws, dag, dag.order(), fingerprints);
    if (out.stream().noneMatch(StatusResult.StageState::stale)) {
      FreshPipeline.save(ws, dag.order(), fingerprints, inputs);
    }
    return out;
  }

  /** The given stages (in the pipeline's order) and why each would run again. */
  private List<StatusResult.StageState> stages(Workspace ws, Dag dag, List<Stage> which, PathFingerprints fingerprints) {
    Map<String, LockEntry> lock = new LockFile(project.root()).read();
    fingerprints.retain(Staleness.paths(dag.order()));
    Staleness staleness = new Staleness(ws, fingerprints);
    List<StatusResult.StageState> out = new ArrayList<>();
    for (Stage s : which) {
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
    Dag dag = new Dag(new PipelineFile(project.root()).read(), project.root());
    List<Workspace.Target> resolved = new ArrayList<>();
    Set<String> stageNames = new HashSet<>();
    for (String t : targets) {
      List<Stage> named = stagesNamedBy(dag, cwd, t);
      stageNames.addAll(named.stream().map(Stage::name).toList());
      try {
        resolved.add(ws.resolve(cwd, t));
      } catch (BadInputException notData) {
        // A stage, or a stage's output, need not be tracked data too.
        if (named.isEmpty()) {
          throw notData;
        }
      }
    }
    List<Stage> which = dag.order().stream().filter(s -> stageNames.contains(s.name())).toList();
    List<StatusResult.StageState> stages = which.isEmpty() ? List.of()
        : stages(ws, dag, which, new PathFingerprints(ws));
    return new StatusResult(new DataStatus(ws).of(resolved), stages);
  }

  /**
   * The stages a target names: a stage by its name ({@code NAME} for every {@code NAME@…} of a
   * foreach), or the stage whose output the target is or lies inside.
   */
  private List<Stage> stagesNamedBy(Dag dag, Path cwd, String target) {
    List<Stage> out = new ArrayList<>();
    for (Stage s : dag.order()) {
      if (s.name().equals(target) || s.name().startsWith(target + "@")) {
        out.add(s);
      }
    }
    Path abs = cwd.resolve(target).toAbsolutePath().normalize();
    if (!abs.startsWith(project.root()) || abs.equals(project.root())) {
      return out;
    }
    String rel = project.layout().show(abs);
    for (Stage s : dag.order()) {
      for (String o : Staleness.outputs(s)) {
        if ((rel.equals(o) || rel.startsWith(o + "/")) && !out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
