package io.mlctl.core.pipeline;

import java.nio.file.Path;

/**
 * What a run makes of its stages' turns: told before a stage's command starts and after it ends,
 * on the stage's thread (several stages may run at once, so implementations are thread-safe).
 * This is how an experiment run records what the stages log without the pipeline knowing runs.
 */
public interface StageObserver {
  /** Observes nothing, and gives stages no log file. */
  StageObserver NONE = new StageObserver() {
    @Override
    public Path starting(Stage stage) {
      return null;
    }

    @Override
    public void ended(Stage stage, Path logFile, boolean succeeded) {}
  };

  /**
   * A stage's command is about to start.
   *
   * @return the file the command may append JSON lines to ({@code MLCTL_LOG_FILE}), or null
   */
  Path starting(Stage stage);

  /**
   * The stage's command ended, whatever its outcome.
   *
   * @param logFile what {@link #starting} returned
   */
  void ended(Stage stage, Path logFile, boolean succeeded);
}
