package io.mlctl.core.repo;

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

  /**
   * Takes the repository's write lock, waiting {@code core.lock_wait} seconds for another writer.
   *
   * @param onWait told the holder's PID once if the lock is busy
   */
  public RepoLock lock(Consumer<Long> onWait) {
    Duration wait = Duration.ofSeconds(config().getLong(ConfigKey.CORE_LOCK_WAIT));
    return RepoLock.acquire(layout.lockFile(), wait, clock, onWait);
  }

  @Override
  public void close() {
    // Nothing held yet; later operations (JGit) register what they open here.
  }
}
