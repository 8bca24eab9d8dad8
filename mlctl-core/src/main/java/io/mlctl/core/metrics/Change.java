package io.mlctl.core.metrics;

/**
 * One key's values in two places (two revisions, two runs). Immutable.
 *
 * @param old the value before, or null when the key was absent
 * @param now the value after, or null when the key was absent
 * @param diff {@code now - old} when both are numbers, else null
 */
public record Change(Object old, Object now, Number diff) {
  /** Compares two values; integral numbers keep an integral difference. */
  public static Change of(Object old, Object now) {
    Number diff = null;
    if (old instanceof Number a && now instanceof Number b) {
      if (integral(a) && integral(b)) {
        diff = b.longValue() - a.longValue();
      } else {
        diff = b.doubleValue() - a.doubleValue();
      }
    }
    return new Change(old, now, diff);
  }

  /** Whether the two values are the same (numbers compared by value, so 1 equals 1.0). */
  public boolean unchanged() {
    if (old instanceof Number a && now instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }
    return old == null ? now == null : old.equals(now);
  }

  private static boolean integral(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof java.math.BigInteger;
  }
}
