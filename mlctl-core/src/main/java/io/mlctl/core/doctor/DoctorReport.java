package io.mlctl.core.doctor;

import io.mlctl.core.watch.FsMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code mlctl doctor} found. Immutable. {@link #problems} are checks that failed (the
 * command exits 1 when there is any); {@link #warnings} are worth knowing but break nothing.
 *
 * @param versions mlctl's, Java's and Git's versions
 * @param project the project's health; empty when doctor ran outside an mlctl project
 * @param problems failed checks, one line each
 * @param warnings things worth knowing, one line each
 */
public record DoctorReport(Versions versions, Optional<ProjectHealth> project, List<String> problems,
    List<String> warnings) {
  public DoctorReport {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
  }

  /** Whether every check passed. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /**
   * The state of one project.
   *
   * @param root the project root
   * @param cacheTypes {@code cache.type} as configured (empty when the config cannot be read)
   * @param linkInUse the first configured type that works here: the one checkouts use
   * @param links every link type tried in {@code .mlctl/tmp}, in the order reflink, hardlink, symlink, copy
   * @param remotes each configured remote and whether it answered
   * @param lockHolder the PID holding the repository lock; empty when it is free
   * @param fsmonitorEnabled whether {@code core.fsmonitor} is on
   * @param fsmonitor the running file-system monitor; empty when none answers
   */
  public record ProjectHealth(Path root, List<String> cacheTypes, Optional<String> linkInUse, List<LinkCheck> links,
      List<RemoteCheck> remotes, Optional<Long> lockHolder, boolean fsmonitorEnabled, Optional<FsMonitor.Info> fsmonitor) {
    public ProjectHealth {
      cacheTypes = List.copyOf(cacheTypes);
      links = List.copyOf(links);
      remotes = List.copyOf(remotes);
    }
  }

  /**
   * Whether one cache link type works in this folder.
   *
   * @param type {@code reflink}, {@code hardlink}, {@code symlink} or {@code copy}
   * @param works whether a file placed that way read back the same bytes
   * @param detail why it does not work; null when it does
   */
  public record LinkCheck(String type, boolean works, String detail) {}

  /** What one remote did when asked. */
  public enum Reach {
    /** It answered, and its folder or bucket is there. */
    ANSWERS,
    /** It answered but holds nothing yet: a folder remote before its first push. */
    EMPTY,
    /** It did not answer, or refused (no credentials, no such bucket, a malformed URL). */
    FAILED;

    /** The value in {@code --json}: snake_case, as every enumerated value is. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One remote's check.
   *
   * @param name the remote's name
   * @param url its URL as configured
   * @param isDefault whether it is the default remote
   * @param reach what it did when asked
   * @param detail why it failed or is empty; null when it answered
   */
  public record RemoteCheck(String name, String url, boolean isDefault, Reach reach, String detail) {}
}
