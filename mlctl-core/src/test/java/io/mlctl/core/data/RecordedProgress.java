package io.mlctl.core.data;

import io.mlctl.core.util.Progress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@link Progress} that keeps each phase's start and, at its end, how many files and bytes were
 * reported in it: a bar that ends where its totals said.
 */
final class RecordedProgress implements Progress {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private long files;
  private long bytes;

  @Override
  public synchronized void start(String label, long files, long bytes) {
    events.add("start " + label + " " + files + " " + bytes);
    this.files = 0;
    this.bytes = 0;
  }

  @Override
  public synchronized void advance(long files, long bytes) {
    this.files += files;
    this.bytes += bytes;
  }

  @Override
  public synchronized void done() {
    events.add("done " + files + " " + bytes);
  }
}
