package io.mlctl.core.exp;

import io.mlctl.core.BadArgumentException;
import io.mlctl.core.BadInputException;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code mlctl log metric|param}: what a stage's command logs into the current run
 * ({@code MLCTL_RUN_ID}). Never takes the repository lock ({@code exp run} holds it while the stage
 * runs); {@link RunStore} serialises writers, so stages logging at once lose nothing.
 */
public final class RunLog {
  private final RunStore store;
  private final String runId;
  private final Clock clock;
  private final String stage;

  public RunLog(RunStore store, String runId, Clock clock) {
    this(store, runId, null, clock);
  }

  /**
   * @param runId the current run's id, or null outside a stage
   * @param stage the stage that logs ({@code MLCTL_STAGE}), or null
   * @throws BadInputException when there is no current run
   */
  public RunLog(RunStore store, String runId, String stage, Clock clock) {
    if (runId == null || runId.isEmpty()) {
      throw new BadInputException("no current run: MLCTL_RUN_ID is not set",
          "mlctl log works inside a stage run by mlctl exp run or mlctl repro");
    }
    this.store = store;
    this.runId = RunStore.checkId(runId);
    this.clock = clock;
    this.stage = stage == null || stage.isEmpty() ? null : stage;
  }

  /**
   * Appends a point to a metric's series.
   *
   * @param step the step, or empty for the one after the series' last (0 for a new series)
   * @return the point as logged
   * @throws BadInputException when the run does not exist (a run is made by exp run or repro, never here)
   */
  public RunRecord.Point metric(String name, String value, Optional<Long> step) {
    checkName(name);
    if (step.isPresent() && step.get() < 0) {
      throw new BadArgumentException("metric " + name + ": --step " + step.get() + " is negative",
          "steps count from 0");
    }
    double v;
    try {
      v = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new BadArgumentException("metric " + name + ": '" + value + "' is not a number", null);
    }
    if (!Double.isFinite(v)) {
      throw new BadArgumentException("metric " + name + ": '" + value + "' is not a finite number", null);
    }
    long now = clock.millis();
    RunRecord.Point[] logged = new RunRecord.Point[1];
    store.updateExisting(runId, r -> {
      logged[0] = new RunRecord.Point(step.orElseGet(() -> r.nextStep(name)), v, now);
      return r.withPoint(name, logged[0], stage);
    });
    return logged[0];
  }

  /** Sets a parameter of the run (a number, boolean or text, as YAML reads the value). */
  public Object param(String name, String value) {
    checkName(name);
    Object typed = ParamOverrides.typed(value);
    store.updateExisting(runId, r -> r.withParam(name, typed, stage));
    return typed;
  }

  private static void checkName(String name) {
    if (name.isBlank()) {
      throw new BadArgumentException("a metric or parameter needs a name", null);
    }
  }
}
