package io.mlctl.cli.commands;

import io.mlctl.cli.Output;
import io.mlctl.core.repo.Discovery;
import java.nio.file.Path;

/**
 * Where a model command runs: the working directory and, when there is one, the project root, so
 * paths are shown relative to the root ('/'-separated) and as given outside a project.
 */
final class Where {
  final Path cwd;
  final Path root;

  private Where(Path cwd, Path root) {
    this.cwd = cwd;
    this.root = root;
  }

  static Where of(Output out) {
    Path cwd = out.globals().workDir();
    return new Where(cwd, Discovery.findProjectRoot(cwd).map(p -> p.toAbsolutePath().normalize()).orElse(null));
  }

  Path path(String p) {
    return cwd.resolve(p).toAbsolutePath().normalize();
  }

  String shown(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    if (root != null && abs.startsWith(root)) {
      String s = root.relativize(abs).toString().replace('\\', '/');
      return s.isEmpty() ? "." : s;
    }
    Path rel = cwd.toAbsolutePath().normalize().relativize(abs);
    return rel.toString().startsWith("..") ? abs.toString() : rel.toString().replace('\\', '/');
  }
}
