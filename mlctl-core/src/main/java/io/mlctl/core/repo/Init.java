package io.mlctl.core.repo;

import io.mlctl.core.BadInputException;
import io.mlctl.core.StorageException;
import io.mlctl.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code mlctl init}: makes a directory an mlctl project. Inside a Git work tree unless told
 * {@code noGit}; refuses an initialised project unless {@code force}, which rewrites the config and
 * the {@code .gitignore} and keeps everything else (cache, runs, registry).
 */
public final class Init {
  /** What {@code .mlctl/.gitignore} holds: everything local to this machine. */
  static final List<String> IGNORED = List.of(
      "/cache/", "/tmp/", "/state/", "/runs/", "/logs/", "/serve/", "/config.local.yaml");

  static final String CONFIG_TEMPLATE = String.join("\n",
      "# mlctl settings, committed with the project. Machine-local settings and credentials",
      "# go in config.local.yaml beside this file, which Git ignores. See 'mlctl config list'.",
      "core:",
      "  autostage: false",
      "") ;

  private final Path dir;
  private boolean noGit;
  private boolean force;

  public Init(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Init noGit(boolean value) {
    this.noGit = value;
    return this;
  }

  public Init force(boolean value) {
    this.force = value;
    return this;
  }

  /** The outcome: where the project is, the Git work tree it lives in, the files to commit. */
  public record Result(Path root, Optional<Path> gitWorkTree, boolean reinitialised, List<String> filesToCommit) {}

  public Result call() {
    Optional<Path> git = Discovery.gitWorkTree(dir);
    if (git.isEmpty() && !noGit) {
      throw new BadInputException("not inside a Git work tree: " + dir,
          "run 'git init' first, or pass --no-git to use mlctl without Git");
    }
    ProjectLayout layout = new ProjectLayout(dir);
    boolean exists = Files.isDirectory(layout.mlctlDir());
    if (exists && !force) {
      throw new BadInputException("'" + dir + "' is already an mlctl project",
          "use --force to re-create .mlctl/config.yaml and .mlctl/.gitignore");
    }
    try {
      Files.createDirectories(layout.mlctlDir());
    } catch (IOException e) {
      throw StorageException.of("create", layout.mlctlDir(), e);
    }
    AtomicFiles.writeString(layout.config(), CONFIG_TEMPLATE);
    AtomicFiles.writeString(layout.gitignore(), String.join("\n", IGNORED) + "\n");
    return new Result(dir, git, exists, List.of(layout.show(layout.config()), layout.show(layout.gitignore())));
  }
}
