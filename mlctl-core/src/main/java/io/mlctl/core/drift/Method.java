package io.mlctl.core.drift;

import io.mlctl.core.BadArgumentException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The drift tests and distances a column can be judged by, with Evidently's default thresholds.
 * A p-value test drifts below its threshold; a distance at or above it.
 */
public enum Method {
  AUTO("auto", Double.NaN, false),
  KS("ks", 0.05, true),
  CHISQUARE("chisquare", 0.05, true),
  ZTEST("ztest", 0.05, true),
  PSI("psi", 0.1, false),
  WASSERSTEIN("wasserstein", 0.1, false),
  JENSENSHANNON("jensenshannon", 0.1, false),
  /** Not a test: a column with values on one side only, or on neither. */
  MISSING("missing", Double.NaN, false);

  private final String id;
  private final double defaultThreshold;
  private final boolean pValue;

  Method(String id, double defaultThreshold, boolean pValue) {
    this.id = id;
    this.defaultThreshold = defaultThreshold;
    this.pValue = pValue;
  }

  public String id() {
    return id;
  }

  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** Whether the score is a p-value (drift when below the threshold) rather than a distance. */
  public boolean isPValue() {
    return pValue;
  }

  /** The method a user names on the command line. */
  public static Method parse(String s) {
    for (Method m : values()) {
      if (m != MISSING && m.id.equals(s)) {
        return m;
      }
    }
    throw new BadArgumentException("unknown drift method '" + s + "'", "use one of "
        + Arrays.stream(values()).filter(m -> m != MISSING).map(Method::id).collect(Collectors.joining(", ")));
  }
}
