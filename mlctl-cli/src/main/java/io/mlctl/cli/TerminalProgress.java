package io.mlctl.cli;

import io.mlctl.core.util.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr: files, bytes, rate and time left, redrawn at most ten times a
 * second. Only used when stderr is a terminal and neither CI, --no-progress nor -q says otherwise.
 */
public final class TerminalProgress implements Progress {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile String label = "";
  private volatile long totalFiles;
  private volatile long totalBytes;
  private volatile long started;
  private volatile long lastDraw;

  private TerminalProgress(PrintWriter err) {
    this.err = err;
  }

  /** A bar when the run may draw one, else nothing. */
  public static Progress of(Output out) {
    return out.globals().progress() && !out.json() ? new TerminalProgress(out.err()) : Progress.NONE;
  }

  @Override
  public void start(String label, long files, long bytes) {
    this.label = label;
    this.totalFiles = files;
    this.totalBytes = bytes;
    this.files.set(0);
    this.bytes.set(0);
    this.started = System.nanoTime();
    this.lastDraw = 0;
  }

  @Override
  public void advance(long f, long b) {
    files.addAndGet(f);
    bytes.addAndGet(b);
    long now = System.nanoTime();
    if (now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(now, false);
    }
  }

  @Override
  public void done() {
    draw(System.nanoTime(), true);
  }

  private synchronized void draw(long now, boolean last) {
    double secs = Math.max(1e-3, (now - started) / 1e9);
    long b = bytes.get();
    double share = totalBytes > 0 ? (double) b / totalBytes : totalFiles > 0 ? (double) files.get() / totalFiles : 1;
    share = Math.min(1, share);
    int filled = (int) Math.round(share * WIDTH);
    double rate = b / secs;
    String eta = rate > 0 && totalBytes > b ? formatTime((totalBytes - b) / rate) : "0s";
    String line = String.format("\r%s [%s%s] %3d%% %d/%d files %s %s/s ETA %s\u001b[K", label,
        "=".repeat(filled), " ".repeat(WIDTH - filled), Math.round(share * 100), files.get(), totalFiles,
        formatBytes(b), formatBytes((long) rate), eta);
    err.print(line);
    if (last) {
      err.print("\r\u001b[K");
    }
    err.flush();
  }

  static String formatBytes(long n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? n + " B" : String.format("%.1f %s", v, units[u]);
  }

  private static String formatTime(double secs) {
    long s = Math.round(secs);
    return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
  }
}
