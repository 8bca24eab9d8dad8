package io.mlctl.cli;

import io.mlctl.core.util.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: share done, files, bytes, rate and time left, redrawn at most
 * ten times a second. Only used when stderr is a terminal and neither CI, --no-progress nor -q says
 * otherwise. Thread-safe: workers advance it concurrently.
 *
 * <p>The first frame waits until the work has run for half a second: work that ends sooner shows
 * no bar at all, and the rate (and so the time left) of the first frame is measured over long
 * enough to mean something, rather than over the first small file and the start-up around it.
 * Time left is the elapsed time scaled by the share still to do, so files and bytes count alike.
 */
public final class TerminalProgress implements Progress {
  static final long REDRAW_NANOS = 100_000_000L;
  static final long FIRST_FRAME_NANOS = 500_000_000L;
  private static final int WIDTH = 24;

  private final PrintWriter err;
  private final LongSupplier clock;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile String label = "";
  private volatile long totalFiles;
  private volatile long totalBytes;
  private volatile long started;
  private volatile long lastDraw;
  private volatile boolean drawn;

  TerminalProgress(PrintWriter err, LongSupplier clock) {
    this.err = err;
    this.clock = clock;
  }

  /** A bar when the run may draw one, else nothing. */
  public static Progress of(Output out) {
    return out.globals().progress() && !out.json() ? new TerminalProgress(out.err(), System::nanoTime) : Progress.NONE;
  }

  @Override
  public synchronized void start(String label, long files, long bytes) {
    clear();
    this.label = label;
    this.totalFiles = files;
    this.totalBytes = bytes;
    this.files.set(0);
    this.bytes.set(0);
    this.started = clock.getAsLong();
    this.lastDraw = started;
  }

  @Override
  public void advance(long f, long b) {
    files.addAndGet(f);
    bytes.addAndGet(b);
    long now = clock.getAsLong();
    if (now - started >= FIRST_FRAME_NANOS && now - lastDraw >= REDRAW_NANOS) {
      draw(now);
    }
  }

  /** Takes the bar away; the next output starts on a clean line. Nothing is drawn again. */
  @Override
  public synchronized void done() {
    clear();
  }

  private void clear() {
    if (drawn) {
      err.print("\r\u001b[K");
      err.flush();
      drawn = false;
    }
  }

  private synchronized void draw(long now) {
    if (now - lastDraw < REDRAW_NANOS && drawn) {
      return;
    }
    lastDraw = now;
    err.print("\r" + frame(now) + "\u001b[K");
    err.flush();
    drawn = true;
  }

  /** The bar's text at {@code now}. */
  String frame(long now) {
    double secs = Math.max(1e-3, (now - started) / 1e9);
    long b = bytes.get();
    long f = files.get();
    double share = totalBytes > 0 ? (double) b / totalBytes : totalFiles > 0 ? (double) f / totalFiles : 0;
    share = Math.min(1, share);
    int filled = (int) Math.floor(share * WIDTH);
    StringBuilder line = new StringBuilder(label).append(" [").append("=".repeat(filled)).append(" ".repeat(WIDTH - filled))
        .append("] ").append(String.format("%3d%%", (int) Math.floor(share * 100)));
    if (totalFiles > 1) {
      line.append(' ').append(f).append('/').append(totalFiles).append(" files");
    }
    line.append(' ').append(formatBytes(b));
    if (totalBytes > 0) {
      line.append('/').append(formatBytes(totalBytes));
    }
    line.append(' ').append(formatBytes((long) (b / secs))).append("/s");
    line.append(" ETA ").append(share > 0 ? formatTime(secs * (1 - share) / share) : "-");
    return line.toString();
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

  static String formatTime(double secs) {
    long s = Math.round(secs);
    if (s >= 3600) {
      return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
    }
    return s >= 60 ? (s / 60) + "m" + String.format("%02ds", s % 60) : s + "s";
  }
}
