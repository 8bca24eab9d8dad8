package io.mlctl.serve;

import io.mlctl.core.BadArgumentException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a server watches its traffic for drift. Immutable.
 *
 * @param window the instances kept per model (not requests: a request of 50 instances adds 50)
 * @param reference a CSV file every model is compared with instead of its training data, or null
 * @param refresh how often newly arrived traffic is compared again, and how old a report served
 *     by the endpoint may be while traffic keeps arriving
 */
public record DriftSettings(int window, Path reference, Duration refresh) {
  /** 1,000 instances: enough for the tests to see a shift, and below KS's exact-distribution limit. */
  public static final int DEFAULT_WINDOW = 1000;
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);

  public DriftSettings {
    if (window <= 0) {
      throw new BadArgumentException("--drift-window must be at least 1, not " + window, "for example --drift-window 1000");
    }
    if (refresh == null || refresh.isZero() || refresh.isNegative()) {
      throw new IllegalArgumentException("refresh");
    }
  }

  public static DriftSettings defaults() {
    return new DriftSettings(DEFAULT_WINDOW, null, DEFAULT_REFRESH);
  }
}
