package io.mlctl.core.repo;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An open mlctl project: the facade that front ends hold and that hands out operations. Opening
 * reads nothing but the directory tree; the config and Git are loaded when first asked for.
 * Not thread-safe; close it to release what it opened.
 */
public final class Project implements AutoCloseable {
  private final ProjectLayout layout;
  private final Clock clock;
  private final Map<String, String> env;
  private Config config;
  private Consumer<Long> lockListener = pid -> { };

  private Project(Path root, Clock clock, Map<String, String> env) {
    this.layout = new ProjectLayout(root);
    this.clock = clock;
    this.env = env;
  }

  /** Opens the project that {@code start} is in (walking up), with the system clock and environment. */
  public static Project open(Path start) {
    return open(start, Clock.systemUTC(), System.getenv());
  }

  public static Project open(Path start, Clock clock, Map<String, String> env) {
    return new Project(Discovery.projectRoot(start), clock, Map.copyOf(env));
  }

  public Path root() {
    return layout.root();
  }

  public ProjectLayout layout() {
    return layout;
  }

  public Clock clock() {
    return clock;
  }

  public Map<String, String> env() {
    return env;
  }

  public Config config() {
    if (config == null) {
      config = configStore().read();
    }
    return config;
  }

  public ConfigStore configStore() {
    config = null;
    return new ConfigStore(layout);
  }

  /** Who to tell, with the holder's PID, when a write has to wait for the lock. */
  public Project onLockWait(Consumer<Long> listener) {
    this.lockListener = listener;
    return this;
  }

  /** Takes the repository's write lock, telling the lock-wait listener if it has to wait. */
  public RepoLock lock() {
    return lock(lockListener);
  }

  /**
   * Takes the repository's write lock, waiting {@code core.lock_wait} seconds for another writer.
   * Once held, files a killed writer left in {@code .mlctl/tmp/} are removed: no other writer
   * can be using them.
   *
   * @param onWait told the holder's PID once if the lock is busy
   */
  public RepoLock lock(Consumer<Long> onWait) {
    RepoLock lock;
    try {
      // Nearly always free: only a busy lock needs core.lock_wait, and so the config's parse,
      // which would otherwise be most of a short writer's work (a no-op repro).
      lock = RepoLock.acquire(layout.lockFile(), Duration.ZERO, clock, pid -> { });
    } catch (io.mlctl.core.LockedException busy) {
      Duration wait = Duration.ofSeconds(config().getLong(ConfigKey.CORE_LOCK_WAIT));
      lock = RepoLock.acquire(layout.lockFile(), wait, clock, onWait);
    }
    cleanTmp();
    return lock;
  }

  private void cleanTmp() {
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(layout.tmp())) {
      for (Path p : leftovers) {
        if (!p.equals(layout.lockFile()) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException ignored) {
      // leftovers only cost space; the next writer tries again
    }
  }

  @Override
  public void close() {
    // Nothing held yet; later operations (JGit) register what they open here.
  }
}
