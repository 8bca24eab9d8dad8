package io.mlctl.core.exp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Which process runs a run, told apart from a later process that reuses its id by its start time,
 * as the operating system reports it.
 */
final class Processes {
  // Start times are derived from clock ticks since boot: two readings of one process agree to a tick.
  private static final Duration SAME_START = Duration.ofSeconds(1);

  private Processes() {}

  /** This JVM's process id. */
  static long currentPid() {
    return ProcessHandle.current().pid();
  }

  /** This JVM's start time as the OS reports it, or null where it does not. */
  static String currentStart() {
    return ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(null);
  }

  /** Whether the process {@code pid} still runs and, when {@code started} is known, is the one that started then. */
  static boolean alive(long pid, String started) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    if (started == null) {
      return true;
    }
    Optional<Instant> now = h.get().info().startInstant();
    if (now.isEmpty()) {
      return true;
    }
    try {
      return Duration.between(Instant.parse(started), now.get()).abs().compareTo(SAME_START) < 0;
    } catch (java.time.format.DateTimeParseException e) {
      return true;
    }
  }
}
