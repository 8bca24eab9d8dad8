package io.mlctl.serve;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One model name clients address, with its primary version and optionally a canary (that share
 * of requests scored by another version) and a shadow (every request scored again off the
 * request path, never answered). Thread-safe.
 */
final class Slot {
  /** Which version answered: the request log and the metrics record it. */
  enum Role {
    PRIMARY, CANARY, SHADOW;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The version that scores a request, and in which role. */
  record Pick(ServedModel model, Role role) {}

  private final String name;
  private final Binding primary;
  private final Binding canary;
  private final int canaryPercent;
  private final Binding shadow;
  private final AtomicLong requests = new AtomicLong();

  Slot(String name, Binding primary, Binding canary, int canaryPercent, Binding shadow) {
    this.name = name;
    this.primary = primary;
    this.canary = canary;
    this.canaryPercent = canaryPercent;
    this.shadow = shadow;
  }

  String name() {
    return name;
  }

  Binding primary() {
    return primary;
  }

  Binding canary() {
    return canary;
  }

  int canaryPercent() {
    return canaryPercent;
  }

  Binding shadow() {
    return shadow;
  }

  /** The version that answers now, or null before it is loaded. */
  ServedModel current() {
    return primary.get();
  }

  /**
   * The version for the next request. The canary's share is spread evenly and exactly: of every
   * 100 consecutive requests, {@code canaryPercent} go to the canary (request n goes there when
   * {@code floor((n + 1) * p / 100)} steps past {@code floor(n * p / 100)}), so the split needs no
   * random numbers and a test of it cannot flake.
   */
  Pick pick() {
    if (canary != null) {
      long n = requests.getAndIncrement();
      if ((n + 1) * canaryPercent / 100 != n * canaryPercent / 100) {
        ServedModel c = canary.get();
        if (c != null) {
          return new Pick(c, Role.CANARY);
        }
      }
    }
    return new Pick(primary.get(), Role.PRIMARY);
  }

  /** The shadow version, or null. */
  ServedModel shadowModel() {
    return shadow == null ? null : shadow.get();
  }

  boolean loaded() {
    return primary.get() != null && (canary == null || canary.get() != null) && (shadow == null || shadow.get() != null);
  }
}
