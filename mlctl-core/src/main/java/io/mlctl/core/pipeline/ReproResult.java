package io.mlctl.core.pipeline;

import java.util.List;

/**
 * What {@code repro} did with each selected stage, in the order the stages finished. Immutable.
 *
 * @param toStage the files Git should track after the run: {@code mlctl.lock} and the
 *     {@code .gitignore} files beside the cached outputs of the stages that ran; empty when none ran
 */
public record ReproResult(List<StageRun> stages, List<String> toStage) {
  public ReproResult {
    stages = List.copyOf(stages);
    toStage = List.copyOf(toStage);
  }

  /** A result that changed nothing Git tracks. */
  public ReproResult(List<StageRun> stages) {
    this(stages, List.of());
  }

  /** What happened to one stage. */
  public enum Outcome { RAN, SKIPPED_UP_TO_DATE, RESTORED_FROM_RUN_CACHE, FAILED, NOT_RUN }

  /**
   * @param reasons why the stage ran (or, for a dry run, would run)
   * @param exitStatus the failing command's exit status, or -1 when no command failed
   * @param message what went wrong for a failed stage, or why it did not run
   */
  public record StageRun(String name, Outcome outcome, List<String> reasons, int exitStatus, String message) {
    public StageRun {
      reasons = List.copyOf(reasons);
    }
  }

  /** Whether any stage failed. */
  public boolean failed() {
    return stages.stream().anyMatch(s -> s.outcome() == Outcome.FAILED);
  }
}
