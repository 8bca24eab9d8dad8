package io.mlctl.core.util;

/**
 * Where long operations report how far they are. Front ends draw it (a bar on a terminal);
 * core only counts. Implementations must be thread-safe: workers report concurrently.
 */
public interface Progress {
  Progress NONE = new Progress() {
    @Override
    public void start(String label, long files, long bytes) {}

    @Override
    public void advance(long files, long bytes) {}

    @Override
    public void done() {}
  };

  /** A new phase of work with its totals (0 when unknown). */
  void start(String label, long files, long bytes);

  void advance(long files, long bytes);

  void done();
}
