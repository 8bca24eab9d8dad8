package io.mlctl.core.pipeline;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: sortable by start time, unique enough for one machine ({@code 20240101T120000-1a2b3c}). */
public final class RunIds {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private RunIds() {}

  public static String next(Clock clock) {
    return TIME.format(clock.instant()) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }
}
