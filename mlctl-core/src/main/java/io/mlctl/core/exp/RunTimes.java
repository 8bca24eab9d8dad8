package io.mlctl.core.exp;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A run's start and length as a table shows them: {@code 2026-01-02 03:04:05} (UTC) and {@code 1m 05s}. */
public final class RunTimes {
  private RunTimes() {}

  public static String started(RunRecord r) {
    Instant t = instant(r.started());
    if (t == null) {
      return "-";
    }
    String s = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return s.replace('T', ' ').replace("Z", "");
  }

  /** How long the run took, or {@code -} while it runs (or when a time is missing). */
  public static String duration(RunRecord r) {
    Instant a = instant(r.started());
    Instant b = instant(r.ended());
    if (a == null || b == null) {
      return "-";
    }
    return shown(Duration.between(a, b));
  }

  static String shown(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(java.util.Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(java.util.Locale.ROOT, "%dh %02dm", s / 3600, s / 60 % 60);
  }

  private static Instant instant(String iso) {
    if (iso == null) {
      return null;
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
