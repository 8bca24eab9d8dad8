package io.mlctl.core.watch;

import io.mlctl.core.StorageException;
import io.mlctl.core.repo.ConfigKey;
import io.mlctl.core.repo.Project;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mlctl fsmonitor start|stop|status|run}: the operations on a work tree's file-system
 * monitor, over {@link MonitorDaemon}, {@link MonitorClient} and {@link MonitorLauncher}.
 */
public final class FsMonitor {
  /** How long {@link #start} and {@link #stop} wait for the monitor to come up or go. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final Project project;
  private final MonitorClient client;

  public FsMonitor(Project project) {
    this.project = project;
    this.client = new MonitorClient(project.root());
  }

  /**
   * A running monitor.
   *
   * @param pid its process id
   * @param folders how many folders it watches
   * @param events how many events it has taken
   * @param startedMillis when it started (epoch milliseconds)
   */
  public record Info(long pid, long folders, long events, long startedMillis) {}

  /** The running monitor, or empty when none answers. */
  public Optional<Info> info() {
    return client.info().flatMap(FsMonitor::parse);
  }

  private static Optional<Info> parse(Map<String, String> m) {
    try {
      return Optional.of(new Info(Long.parseLong(m.get("pid")), Long.parseLong(m.getOrDefault("folders", "0")),
          Long.parseLong(m.getOrDefault("events", "0")), Long.parseLong(m.getOrDefault("since", "0"))));
    } catch (NumberFormatException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /**
   * The outcome of {@link #start}.
   *
   * @param already whether a monitor was running before
   */
  public record Started(Info info, boolean already) {}

  /** Starts the monitor in the background unless one runs, and waits until it answers. */
  public Started start() {
    Optional<Info> running = info();
    if (running.isPresent()) {
      return new Started(running.get(), true);
    }
    Process p = new MonitorLauncher(project.root()).start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Info> up = info();
      if (up.isPresent()) {
        return new Started(up.get(), false);
      }
      if (!p.isAlive() && info().isEmpty()) {
        throw new StorageException("the file-system monitor exited at start (exit " + p.exitValue() + ")",
            "see .mlctl/tmp/fsmonitor/log", null);
      }
      sleep(20);
    }
    throw new StorageException("the file-system monitor did not answer within " + WAIT.toSeconds() + " s",
        "see .mlctl/tmp/fsmonitor/log", null);
  }

  /** Stops the running monitor and waits until it is gone; false when none was running. */
  public boolean stop() {
    Optional<Info> running = info();
    if (running.isEmpty() || !client.stop()) {
      return false;
    }
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> h = ProcessHandle.of(running.get().pid());
      if ((h.isEmpty() || !h.get().isAlive()) && !client.alive()) {
        return true;
      }
      sleep(20);
    }
    throw new StorageException("the file-system monitor (pid " + running.get().pid() + ") did not stop within "
        + WAIT.toSeconds() + " s", "stop it with kill " + running.get().pid(), null);
  }

  /**
   * Runs the monitor in this process until it ends, and says why it ended; empty when another
   * monitor already watches this work tree.
   */
  public Optional<String> run() {
    Duration idle = Duration.ofSeconds(Math.max(1, project.config().getLong(ConfigKey.CORE_FSMONITOR_IDLE)));
    Optional<MonitorDaemon> d = MonitorDaemon.open(project.root(), idle);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    d.get().run();
    return Optional.of(d.get().endReason());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the file-system monitor", null, e);
    }
  }
}
