package io.mlctl.serve;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A reference the server serves ({@code iris@production}) and the version it holds now. A reload
 * swaps the version atomically: a request reads the reference once and finishes with what it
 * read, so none fails while a new version comes in. Thread-safe.
 */
final class Binding {
  private final String ref;
  private final boolean follows;
  private final AtomicReference<ServedModel> current = new AtomicReference<>();
  // The registry file's fingerprint when the version held was chosen; only the reloader writes it.
  private volatile Object stamp;

  Binding(String ref, boolean follows) {
    this.ref = ref;
    this.follows = follows;
  }

  String ref() {
    return ref;
  }

  boolean follows() {
    return follows;
  }

  /** The version held, or null before the first load. */
  ServedModel get() {
    return current.get();
  }

  /** Puts {@code m} in; returns the version it replaced. */
  ServedModel swap(ServedModel m) {
    return current.getAndSet(m);
  }

  Object stamp() {
    return stamp;
  }

  void stamp(Object s) {
    stamp = s;
  }
}
