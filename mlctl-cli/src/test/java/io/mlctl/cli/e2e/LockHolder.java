package io.mlctl.cli.e2e;

import io.mlctl.core.repo.Project;
import io.mlctl.core.repo.RepoLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Run in a child JVM by the tests: takes the write lock of the project in {@code args[0]}, says
 * "locked" on stdout, and holds the lock until its stdin closes (or it is killed).
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws IOException {
    try (Project project = Project.open(Path.of(args[0])); RepoLock lock = project.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our stdin
      }
    }
  }
}
