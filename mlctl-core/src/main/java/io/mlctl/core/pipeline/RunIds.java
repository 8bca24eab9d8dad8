package io.mlctl.core.pipeline;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: sortable by start time, unique enough for one machine ({@code 20240101T120000-1a2b3c}). */
public final class RunIds {
  private RunIds() {}

  // Written out by hand: a formatter's start-up costs a short repro more than all its stages' checks.
  public static String next(Clock clock) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(clock.instant().getEpochSecond(), 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(22);
    pad(sb, t.getYear(), 4);
    pad(sb, t.getMonthValue(), 2);
    pad(sb, t.getDayOfMonth(), 2);
    sb.append('T');
    pad(sb, t.getHour(), 2);
    pad(sb, t.getMinute(), 2);
    pad(sb, t.getSecond(), 2);
    sb.append('-');
    String hex = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    sb.append("000000", 0, 6 - hex.length()).append(hex);
    return sb.toString();
  }

  private static void pad(StringBuilder sb, int value, int width) {
    String s = Integer.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }
}
