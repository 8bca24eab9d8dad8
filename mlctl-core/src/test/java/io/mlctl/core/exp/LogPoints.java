package io.mlctl.core.exp;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** A second process that logs points into a run: {@code LogPoints RUNS_DIR RUN_ID NAME COUNT}. */
public final class LogPoints {
  private LogPoints() {}

  public static void main(String[] args) {
    RunLog log = new RunLog(new RunStore(Path.of(args[0])), args[1], Clock.systemUTC());
    int n = Integer.parseInt(args[3]);
    for (int i = 0; i < n; i++) {
      log.metric(args[2], Integer.toString(i), Optional.of((long) i));
    }
  }
}
