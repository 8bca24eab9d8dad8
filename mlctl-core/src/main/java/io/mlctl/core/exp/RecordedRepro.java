package io.mlctl.core.exp;

import io.mlctl.core.pipeline.Repro;
import io.mlctl.core.pipeline.ReproResult;
import io.mlctl.core.pipeline.RunIds;
import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.util.List;
import java.util.Optional;

/**
 * {@code mlctl repro} as a run: when its stages log (with {@code mlctl log} or
 * {@code MLCTL_LOG_FILE}), the run is recorded whole, as {@code exp run} records it; when they
 * log nothing, nothing is recorded. A pipeline that is up to date costs no more than before:
 * nothing about the run is written or looked up until a stage's command starts.
 */
public final class RecordedRepro {
  private final Project project;

  public RecordedRepro(Project project) {
    this.project = project;
  }

  /** What repro did, the run it recorded (if any), and warnings about what the stages logged. */
  public record Result(ReproResult repro, Optional<RunRecord> run, List<String> notes) {}

  public Result call(Repro.Options opts) {
    if (opts.dry()) {
      return new Result(new Repro(project).call(opts), Optional.empty(), List.of());
    }
    try (RepoLock lock = project.lock()) {
      RunRecord.Builder b = new RunRecord.Builder();
      b.id = RunIds.next(project.clock());
      b.started = project.clock().instant().toString();
      b.targets.addAll(opts.targets());
      RunRecorder recorder = new RunRecorder(project, new RunStore(project.layout().runs()), b, false);
      ReproResult repro;
      try {
        repro = new Repro(project).callLocked(opts, b.id, lock.previousStamp(), recorder);
      } catch (RuntimeException e) {
        recorder.finish(null);
        throw e;
      }
      return new Result(repro, recorder.finish(repro), recorder.notes());
    }
  }
}
