package io.mlctl.core.repo;

import io.mlctl.core.NotAProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project a directory belongs to by walking up to the nearest folder holding
 * {@code .mlctl/}. The walk stops at the top of a Git work tree: a Git repository nested in
 * another project is its own world, as it is for Git. Uses only java.nio, so it runs on any
 * file system (and costs no JGit start-up).
 */
public final class Discovery {
  private Discovery() {}

  /** The project root for {@code start}, or {@link NotAProjectException}. */
  public static Path projectRoot(Path start) {
    return findProjectRoot(start).orElseThrow(() -> new NotAProjectException(start));
  }

  public static Optional<Path> findProjectRoot(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(ProjectLayout.DIR))) {
        return Optional.of(dir);
      }
      if (Files.exists(dir.resolve(".git"))) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The top of the Git work tree holding {@code start}: the nearest folder with a {@code .git}. */
  public static Optional<Path> gitWorkTree(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
