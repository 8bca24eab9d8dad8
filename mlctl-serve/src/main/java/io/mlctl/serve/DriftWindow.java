package io.mlctl.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@code size} instances a model was asked about, as a ring: the request thread claims a
 * position with one atomic increment and stores a reference, with no lock and no copying, and the
 * oldest instance is overwritten. A snapshot taken while requests arrive may mix a few instances
 * of two neighbouring moments, which does not matter to a distribution. Thread-safe.
 */
final class DriftWindow {
  private final AtomicReferenceArray<InstanceRows.Row> ring;
  private final AtomicLong offered = new AtomicLong();

  DriftWindow(int size) {
    this.ring = new AtomicReferenceArray<>(size);
  }

  int size() {
    return ring.length();
  }

  void offer(ServedModel m, Instance[] rows) {
    List<io.mlctl.core.model.Feature> features = m.scorer().features();
    for (Instance in : rows) {
      long n = offered.getAndIncrement();
      ring.lazySet((int) (n % ring.length()), new InstanceRows.Row(features, in));
    }
  }

  /** Instances offered since the server started. */
  long offered() {
    return offered.get();
  }

  /** The instances now in the window. */
  List<InstanceRows.Row> snapshot() {
    int n = (int) Math.min(offered.get(), ring.length());
    List<InstanceRows.Row> out = new ArrayList<>(n);
    for (int i = 0; i < ring.length() && out.size() < n; i++) {
      InstanceRows.Row r = ring.get(i);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
